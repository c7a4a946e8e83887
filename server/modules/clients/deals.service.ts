import { transaction } from '../../db/transaction';
import type { DataSource } from 'typeorm';
import { ClientEntity, DealEntity, type DealRow } from '../../db/entities';
import { notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { AbcClassesService } from './abc-classes.service';
import type { CreateDealInput } from './clients.schemas';
import { dateOnly } from './client.view';

export type DealView = { id: number; clientId: number; title: string; amount: number; closedAt: string; createdById: number | null; createdAt: string };

export const toDealView = (d: DealRow): DealView => ({
  id: d.id,
  clientId: d.clientId,
  title: d.title,
  amount: Number(d.amount),
  closedAt: dateOnly(d.closedAt)!,
  createdById: d.createdById,
  createdAt: d.createdAt.toISOString(),
});

/** Deals (purchases) of a client; each keeps the client's revenue, the basis of its A/B/C class, in step. */
export class DealsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly abc: AbcClassesService,
  ) {}

  async list(clientId: number): Promise<{ items: DealView[]; total: number }> {
    const rows = await this.ds.getRepository(DealEntity).find({ where: { clientId }, order: { closedAt: 'DESC', id: 'DESC' } });
    return { items: rows.map(toDealView), total: rows.length };
  }

  async create(actor: Actor, clientId: number, input: CreateDealInput): Promise<DealView> {
    const view = await transaction(this.ds, async (em) => {
      const client = await em.findOneBy(ClientEntity, { id: clientId });
      if (!client || client.deletedAt) throw notFound('Client');
      const { identifiers } = await em.insert(DealEntity, { clientId, title: input.title, amount: input.amount, closedAt: input.closedAt, createdById: actor.userId, createdAt: new Date() });
      await em.increment(ClientEntity, { id: clientId }, 'revenue', input.amount);
      const deal = toDealView(await em.findOneByOrFail(DealEntity, { id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'deal', deal.id, null, deal);
      return deal;
    });
    this.abc.scheduleRecompute();
    return view;
  }

  async remove(actor: Actor, clientId: number, dealId: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      const deal = await em.findOneBy(DealEntity, { id: dealId, clientId });
      if (!deal) throw notFound('Deal');
      await em.delete(DealEntity, { id: dealId });
      await em.decrement(ClientEntity, { id: clientId }, 'revenue', Number(deal.amount));
      await this.audit.record(em, actor, 'delete', 'deal', dealId, toDealView(deal), null);
    });
    this.abc.scheduleRecompute();
  }
}
