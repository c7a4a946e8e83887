import type { DataSource } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { transaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { SourceSpendInput, SourceSpendQuery } from './reports.schemas';

export type SourceSpendEntry = { source: string; month: string; amount: number };
export type SourceSpendList = { items: SourceSpendEntry[]; sources: string[] };

const n = (v: unknown) => Number(v ?? 0);

/** What each lead source cost per month, entered by managers; the sources report prorates it. */
export class SourceSpendService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Entries (by month, then source) and every source name known: the clients' and the entries'. */
  async list(q: SourceSpendQuery = {}): Promise<SourceSpendList> {
    const qb = this.ds.createQueryBuilder().select(['s.source AS source', 's.month AS month', 's.amount AS amount']).from('source_spend', 's');
    if (q.from) qb.andWhere('s.month >= :from', { from: q.from });
    if (q.to) qb.andWhere('s.month <= :to', { to: q.to });
    const rows: Record<string, unknown>[] = await qb.orderBy('s.month', 'ASC').addOrderBy('s.source', 'ASC').getRawMany();
    const known: { source: string }[] = await this.ds.createQueryBuilder().select('DISTINCT c.source', 'source').from('clients', 'c').where('c.source IS NOT NULL').andWhere("c.source <> ''").getRawMany();
    const items = rows.map((r) => ({ source: String(r.source), month: String(r.month), amount: n(r.amount) }));
    const sources = [...new Set([...known.map((r) => r.source), ...items.map((i) => i.source)])].sort((a, b) => a.localeCompare(b));
    return { items, sources };
  }

  /** Sets the given months of the given sources (null amount: removes the entry); audited with before and after. */
  async set(actor: Actor, input: SourceSpendInput): Promise<SourceSpendList> {
    await transaction(this.ds, async (em) => {
      const before: SourceSpendEntry[] = [];
      for (const e of input.items) {
        const [old] = await em.createQueryBuilder().select('s.amount', 'amount').from('source_spend', 's').where('s.source = :source AND s.month = :month', e).getRawMany();
        if (old) before.push({ source: e.source, month: e.month, amount: n(old.amount) });
        await em.createQueryBuilder().delete().from('source_spend').where('source = :source AND month = :month', e).execute();
        if (e.amount !== null) {
          await bulkInsert(em, 'source_spend', ['source', 'month', 'amount', 'updated_at', 'updated_by_id'], [[e.source, e.month, e.amount, new Date(), actor.userId]]);
        }
      }
      await this.audit.record(em, actor, 'update', 'setting', 'source_spend', before, input.items);
    });
    return this.list();
  }
}
