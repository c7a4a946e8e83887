import { transaction } from '../../db/transaction';
import { In, type DataSource } from 'typeorm';
import { ClientEntity, DealEntity, type DealRow, type DealStatus } from '../../db/entities';
import { AppError, conflict, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { AbcClassesService } from './abc-classes.service';
import { REVENUE_MAX, type CreateDealInput } from './clients.schemas';
import { dateOnly } from './client.view';
import { historyIds } from './organization-links';

export type DealView = {
  id: number;
  clientId: number;
  title: string;
  amount: number;
  closedAt: string;
  /** `pending`: not in the client's revenue (nor the A/B/C classes) until a supervisor confirms it. */
  status: DealStatus;
  createdById: number | null;
  createdAt: string;
  confirmedById: number | null;
  confirmedAt: string | null;
};

export const toDealView = (d: DealRow): DealView => ({
  id: d.id,
  clientId: d.clientId,
  title: d.title,
  amount: Number(d.amount),
  closedAt: dateOnly(d.closedAt)!,
  status: d.status ?? 'confirmed',
  createdById: d.createdById,
  createdAt: d.createdAt.toISOString(),
  confirmedById: d.confirmedById ?? null,
  confirmedAt: d.confirmedAt ? d.confirmedAt.toISOString() : null,
});

const DAY_MS = 86_400_000;

/**
 * Deals (purchases) of a client; each keeps the client's revenue, the basis of the A/B/C classes of the
 * whole base, in step. A deal moves everyone's class, so an operator cannot do that alone: their deals
 * count at once while the operator's deals counted at once in the last 24 hours (this one included) stay
 * within `reviewThreshold`; past it a deal is stored `pending` and counts once a supervisor confirms it.
 * Supervisors' and managers' deals count at once. Every deal and confirmation is audited; managers delete.
 */
export class DealsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly abc: AbcClassesService,
    private readonly reviewThreshold = 100_000,
  ) {}

  async list(clientId: number): Promise<{ items: DealView[]; total: number }> {
    // An organization's card lists its people's deals too: they count for it (each names its client).
    const rows = await this.ds.getRepository(DealEntity).find({ where: { clientId: In(await historyIds(this.ds.manager, clientId)) }, order: { closedAt: 'DESC', id: 'DESC' } });
    return { items: rows.map(toDealView), total: rows.length };
  }

  async create(actor: Actor, clientId: number, input: CreateDealInput): Promise<DealView> {
    const view = await transaction(this.ds, async (em) => {
      // One operator's deals one at a time, so deals sent at once cannot all fit under the threshold
      // (MariaDB: lock the operator's row before the first read, so that the transaction's snapshot is
      // taken after the previous deal committed; SQLite runs one write transaction at a time anyway).
      if (!hasRole(actor.role, 'supervisor') && em.connection.options.type === 'mysql') await em.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [actor.userId]);
      const client = await em.findOneBy(ClientEntity, { id: clientId });
      if (!client || client.deletedAt) throw notFound('Client');
      let status: DealStatus = 'confirmed';
      if (!hasRole(actor.role, 'supervisor')) {
        // What this operator added to revenue without review in the last 24 hours (pending deals did not).
        const raw = await em
          .createQueryBuilder(DealEntity, 'd')
          .select('COALESCE(SUM(d.amount), 0)', 'sum')
          .where('d.created_by_id = :uid AND d.status = :confirmed AND d.confirmed_by_id IS NULL AND d.created_at >= :since', { uid: actor.userId, confirmed: 'confirmed', since: new Date(Date.now() - DAY_MS) })
          .getRawOne<{ sum: string | number | null }>();
        if (Number(raw?.sum ?? 0) + input.amount > this.reviewThreshold) status = 'pending';
      }
      if (status === 'confirmed') this.assertRevenueFits(Number(client.revenue), input.amount);
      const { identifiers } = await em.insert(DealEntity, { clientId, title: input.title, amount: input.amount, closedAt: input.closedAt, createdById: actor.userId, createdAt: new Date(), status, confirmedById: null, confirmedAt: null });
      if (status === 'confirmed') await em.increment(ClientEntity, { id: clientId }, 'revenue', input.amount);
      const deal = toDealView(await em.findOneByOrFail(DealEntity, { id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'deal', deal.id, null, deal);
      return deal;
    });
    if (view.status === 'confirmed') this.abc.scheduleRecompute();
    return view;
  }

  /** A supervisor (or above) confirms a pending deal: it now adds to the client's revenue. */
  async confirm(actor: Actor, clientId: number, dealId: number): Promise<DealView> {
    const view = await transaction(this.ds, async (em) => {
      const deal = await em.findOneBy(DealEntity, { id: dealId, clientId });
      if (!deal) throw notFound('Deal');
      if ((deal.status ?? 'confirmed') !== 'pending') throw conflict('This deal counts already');
      const client = await em.findOneByOrFail(ClientEntity, { id: clientId });
      this.assertRevenueFits(Number(client.revenue), Number(deal.amount));
      const now = new Date();
      // Only the one who flips it from pending adds it: a second confirmation at the same time changes nothing.
      const res = await em.update(DealEntity, { id: dealId, status: 'pending' }, { status: 'confirmed', confirmedById: actor.userId, confirmedAt: now });
      if (res.affected !== 1) throw conflict('This deal counts already');
      await em.increment(ClientEntity, { id: clientId }, 'revenue', Number(deal.amount));
      const after = toDealView(await em.findOneByOrFail(DealEntity, { id: dealId }));
      await this.audit.record(em, actor, 'confirm', 'deal', dealId, toDealView(deal), after);
      return after;
    });
    this.abc.scheduleRecompute();
    return view;
  }

  async remove(actor: Actor, clientId: number, dealId: number): Promise<void> {
    const counted = await transaction(this.ds, async (em) => {
      const deal = await em.findOneBy(DealEntity, { id: dealId, clientId });
      if (!deal) throw notFound('Deal');
      await em.delete(DealEntity, { id: dealId });
      const confirmed = (deal.status ?? 'confirmed') === 'confirmed';
      if (confirmed) await em.decrement(ClientEntity, { id: clientId }, 'revenue', Number(deal.amount));
      await this.audit.record(em, actor, 'delete', 'deal', dealId, toDealView(deal), null);
      return confirmed;
    });
    if (counted) this.abc.scheduleRecompute();
  }

  /** The revenue column holds DECIMAL(14,2): a sum past it would be a database error (500 on MySQL). */
  private assertRevenueFits(revenue: number, amount: number): void {
    if (revenue + amount > REVENUE_MAX) {
      throw new AppError(400, 'validation_failed', 'The request is not valid', [{ path: 'amount', message: `would take the client's revenue past ${REVENUE_MAX.toLocaleString('en')}` }]);
    }
  }
}
