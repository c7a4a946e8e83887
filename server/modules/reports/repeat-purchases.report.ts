import type { DataSource } from 'typeorm';
import type { ReportPeriod } from './report-period';
import { withLargeTempTables } from './sized-statement';

export type DealsBucket = '1' | '2' | '3' | '4' | '5+';
export type RepeatClient = { clientId: number; clientName: string; organization: string | null; deals: number; turnover: number; firstPurchase: string; lastPurchase: string };
export type RepeatPurchasesReport = {
  from: string;
  to: string;
  /** Clients with at least one counted deal in the period. */
  buyers: number;
  /** Of them, clients with two or more. */
  repeatBuyers: number;
  /** repeatBuyers ÷ buyers (0–1); null without buyers. */
  repeatShare: number | null;
  deals: number;
  turnover: number;
  repeatTurnover: number;
  /** repeatTurnover ÷ turnover (0–1); null without turnover. */
  repeatTurnoverShare: number | null;
  /** Clients by their number of deals in the period, every bucket listed. */
  distribution: { deals: DealsBucket; clients: number; turnover: number }[];
  /** Days between a client's consecutive deals of the period (same-day deals: 0). */
  intervals: { count: number; medianDays: number | null; averageDays: number | null; buckets: { upTo30: number; days31to90: number; days91to180: number; over180: number } };
  /** The repeat buyers with the most turnover (at most TOP_CLIENTS). */
  top: RepeatClient[];
};
export type RepeatPurchasesFilter = { teamId?: number; operatorId?: number };

export const TOP_CLIENTS = 50;
const BUCKETS: readonly DealsBucket[] = ['1', '2', '3', '4', '5+'];

const n = (v: unknown) => Number(v ?? 0);
const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
/** A DATE as YYYY-MM-DD: mysql2 gives a Date at UTC midnight (timezone 'Z'), SQLite the stored text. */
const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/**
 * Repeat purchases over the period's counted deals (confirmed, closed in the period's local dates, clients not
 * deleted — the A/B/C rule); the team or operator filter picks the clients by their owner (`owner_id`).
 * Every figure is grouped in the database: the deals per client (one derived table, reused), the buckets, the
 * gaps between consecutive deals by LAG() (MariaDB ≥ 10.2, SQLite ≥ 3.25) counted per whole day, from which
 * the median, mean and buckets follow; the three statements run at once.
 */
export async function repeatPurchasesReport(ds: DataSource, period: ReportPeriod, filter: RepeatPurchasesFilter): Promise<RepeatPurchasesReport> {
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  const where = ["d.status = 'confirmed'", 'd.closed_at >= ?', 'd.closed_at < ?'];
  const params: (string | number)[] = [period.fromDay, period.afterDay];
  // Unfiltered, the few deleted clients are left out by id (ix_clients_live_stage) and the deals are read from
  // ix_deals_counted alone; looking up every deal's client took most of the time at 1M deals. (A deal always
  // has its client: deals.client_id is a NOT NULL foreign key, deleted with the client.)
  let join = '';
  if (filter.operatorId === undefined && filter.teamId === undefined) where.push('d.client_id NOT IN (SELECT x.id FROM clients x WHERE x.deleted_at IS NOT NULL)');
  else {
    join = 'JOIN clients c ON c.id = d.client_id';
    where.push('c.deleted_at IS NULL');
  }
  if (filter.operatorId !== undefined) {
    where.push('c.owner_id = ?');
    params.push(filter.operatorId);
  }
  if (filter.teamId !== undefined) {
    join += ' JOIN users o ON o.id = c.owner_id';
    where.push('o.team_id = ?');
    params.push(filter.teamId);
  }
  const counted = `FROM deals d ${join} WHERE ${where.join(' AND ')}`;
  const perClient = `SELECT d.client_id AS client_id, COUNT(*) AS deals, SUM(d.amount) AS turnover, MIN(d.closed_at) AS first_day, MAX(d.closed_at) AS last_day ${counted} GROUP BY d.client_id`;
  const gapDays = mysql ? 'DATEDIFF(p.closed_at, p.prev_day)' : 'CAST(ROUND(julianday(p.closed_at) - julianday(p.prev_day)) AS INTEGER)';
  const gaps = `SELECT ${gapDays} AS gap FROM (SELECT d.closed_at AS closed_at, LAG(d.closed_at) OVER (PARTITION BY d.client_id ORDER BY d.closed_at, d.id) AS prev_day ${counted}) p WHERE p.prev_day IS NOT NULL`;

  // One row per buying client in a temporary table (400k at 1M deals): kept in memory on MariaDB.
  const sized = (sql: string) => withLargeTempTables(ds, sql);
  const [bucketRows, gapRows, topRows] = (await Promise.all([
    ds.query(await sized(`SELECT CASE WHEN t.deals >= 5 THEN 5 ELSE t.deals END AS bucket, COUNT(*) AS clients, SUM(t.deals) AS deals, SUM(t.turnover) AS turnover FROM (${perClient}) t GROUP BY CASE WHEN t.deals >= 5 THEN 5 ELSE t.deals END`), params),
    // The gaps as a histogram by whole days (at most the period's length in rows): count, mean, median and
    // buckets all follow from it exactly, in one pass.
    ds.query(await sized(`SELECT g.gap AS gap, COUNT(*) AS n FROM (${gaps}) g GROUP BY g.gap`), params),
    ds.query(
      await sized(`SELECT t.client_id AS client_id, c.name AS name, c.organization AS organization, t.deals AS deals, t.turnover AS turnover, t.first_day AS first_day, t.last_day AS last_day
       FROM (${perClient} HAVING COUNT(*) >= 2) t JOIN clients c ON c.id = t.client_id
       ORDER BY t.turnover DESC, t.deals DESC, t.client_id ASC LIMIT ${TOP_CLIENTS}`),
      params,
    ),
  ])) as [Record<string, unknown>[], Record<string, unknown>[], Record<string, unknown>[]];

  const byBucket = new Map(bucketRows.map((r) => [n(r.bucket), r]));
  const distribution = BUCKETS.map((b, i) => {
    const r = byBucket.get(i + 1);
    return { deals: b, clients: n(r?.clients), turnover: cents(r?.turnover) / 100 };
  });
  const buyers = bucketRows.reduce((a, r) => a + n(r.clients), 0);
  const deals = bucketRows.reduce((a, r) => a + n(r.deals), 0);
  const allCents = bucketRows.reduce((a, r) => a + cents(r.turnover), 0);
  const repeat = bucketRows.filter((r) => n(r.bucket) >= 2);
  const repeatBuyers = repeat.reduce((a, r) => a + n(r.clients), 0);
  const repeatCents = repeat.reduce((a, r) => a + cents(r.turnover), 0);

  const histogram = gapRows.map((r) => ({ gap: n(r.gap), n: n(r.n) })).sort((a, b) => a.gap - b.gap);
  const count = histogram.reduce((a, h) => a + h.n, 0);
  const daysSum = histogram.reduce((a, h) => a + h.gap * h.n, 0);
  const within = (lo: number, hi: number) => histogram.reduce((a, h) => a + (h.gap >= lo && h.gap <= hi ? h.n : 0), 0);
  /** The gap at a 0-based position of the ordered gaps. */
  const at = (i: number) => {
    let seen = 0;
    for (const h of histogram) if ((seen += h.n) > i) return h.gap;
    return 0;
  };
  // The middle gap (odd count) or the mean of the middle two (even).
  const medianDays = count > 0 ? (at(Math.floor((count - 1) / 2)) + at(Math.floor(count / 2))) / 2 : null;

  return {
    from: period.fromDay,
    to: period.toDay,
    buyers,
    repeatBuyers,
    repeatShare: share(repeatBuyers, buyers),
    deals,
    turnover: allCents / 100,
    repeatTurnover: repeatCents / 100,
    repeatTurnoverShare: share(repeatCents, allCents),
    distribution,
    intervals: {
      count,
      medianDays,
      averageDays: count > 0 ? Math.round((daysSum / count) * 10) / 10 : null,
      buckets: { upTo30: within(0, 30), days31to90: within(31, 90), days91to180: within(91, 180), over180: within(181, Infinity) },
    },
    top: topRows.map((r) => ({ clientId: n(r.client_id), clientName: String(r.name), organization: (r.organization as string | null) ?? null, deals: n(r.deals), turnover: cents(r.turnover) / 100, firstPurchase: day(r.first_day), lastPurchase: day(r.last_day) })),
  };
}
