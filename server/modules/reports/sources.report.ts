import type { DataSource } from 'typeorm';
import { monthShares, type ReportPeriod } from './report-period';

export type SourceRow = {
  /** The clients' `source`; null for clients with none. */
  source: string | null;
  newClients: number;
  turnover: number;
  spend: number;
  /** spend ÷ new clients; null when the source brought none. */
  costPerClient: number | null;
  /** turnover ÷ spend; null when nothing was spent. */
  returnOnSpend: number | null;
};
export type SourcesReport = { from: string; to: string; items: SourceRow[]; total: Omit<SourceRow, 'source'> };

const n = (v: unknown) => Number(v ?? 0);
const money = (x: number) => Math.round(x * 100) / 100;
const key = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Per lead source: new clients (created in the period, not deleted), turnover (confirmed deals closed in the
 * period by clients of that source, whenever the client came), spend (source_spend's monthly amounts,
 * prorated by the share of each month's days the period covers), cost per new client and the return.
 * Ranked by turnover, then new clients.
 */
export async function sourcesReport(ds: DataSource, period: ReportPeriod): Promise<SourcesReport> {
  const created: Record<string, unknown>[] = await ds
    .createQueryBuilder()
    .select('c.source', 'source')
    .addSelect('COUNT(*)', 'clients')
    .from('clients', 'c')
    .where('c.created_at >= :from AND c.created_at < :to', { from: period.from, to: period.to })
    .andWhere('c.deleted_at IS NULL')
    .groupBy('c.source')
    .getRawMany();
  const sold: Record<string, unknown>[] = await ds
    .createQueryBuilder()
    .select('c.source', 'source')
    .addSelect('SUM(d.amount)', 'turnover')
    .from('deals', 'd')
    .innerJoin('clients', 'c', 'c.id = d.client_id')
    .where('d.closed_at >= :fromDay AND d.closed_at < :afterDay', { fromDay: period.fromDay, afterDay: period.afterDay })
    .andWhere("d.status = 'confirmed'")
    .andWhere('c.deleted_at IS NULL')
    .groupBy('c.source')
    .getRawMany();
  const shares = monthShares(period.fromDay, period.toDay);
  const spent: Record<string, unknown>[] = await ds
    .createQueryBuilder()
    .select(['s.source AS source', 's.month AS month', 's.amount AS amount'])
    .from('source_spend', 's')
    .where('s.month IN (:...months)', { months: [...shares.keys()] })
    .getRawMany();

  const rows = new Map<string | null, { newClients: number; turnover: number; spend: number }>();
  const row = (source: string | null) => {
    let r = rows.get(source);
    if (!r) rows.set(source, (r = { newClients: 0, turnover: 0, spend: 0 }));
    return r;
  };
  for (const r of created) row(key(r.source)).newClients += n(r.clients);
  for (const r of sold) row(key(r.source)).turnover += n(r.turnover);
  for (const r of spent) row(key(r.source)).spend += n(r.amount) * (shares.get(String(r.month)) ?? 0);

  const finish = (r: { newClients: number; turnover: number; spend: number }) => {
    const spend = money(r.spend);
    return { newClients: r.newClients, turnover: money(r.turnover), spend, costPerClient: r.newClients > 0 ? money(spend / r.newClients) : null, returnOnSpend: spend > 0 ? Math.round((r.turnover / spend) * 100) / 100 : null };
  };
  const items = [...rows]
    .map(([source, r]) => ({ source, ...finish(r) }))
    .sort((a, b) => b.turnover - a.turnover || b.newClients - a.newClients || (a.source ?? '').localeCompare(b.source ?? ''));
  const sum = [...rows.values()].reduce((a, r) => ({ newClients: a.newClients + r.newClients, turnover: a.turnover + r.turnover, spend: a.spend + r.spend }), { newClients: 0, turnover: 0, spend: 0 });
  return { from: period.fromDay, to: period.toDay, items, total: finish(sum) };
}
