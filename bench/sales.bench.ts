/**
 * The sales-beside-contacts and repeat-purchases reports (server/modules/reports/sales.report.ts,
 * repeat-purchases.report.ts) on MariaDB at scale, each timed through ReportsService against the bare SQL of
 * the same aggregates run by hand on the same DataSource, alternating run by run (as bench/reports.bench.ts).
 * Data: bench/lib/reports-seed.ts (deals round the clients again once there are more deals than clients, so
 * clients have 1–N deals over two years), then every deal credited to an operator (created_by_id, hashed) and
 * every client given an owner. Sales: the last BENCH_PERIOD_DAYS local days (30); repeat purchases: the last
 * BENCH_REPEAT_DAYS (365), unfiltered and for one team.
 *
 *   bash bench/run.sh sales                 # small: 50k clients, 200k calls, 150k deals, 0 callbacks
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 BENCH_CLIENTS=1000000 BENCH_CALLS=5000000 BENCH_DEALS=1000000 \
 *     bash bench/run.sh sales             # the size: a private mariadbd only
 *
 * Without BENCH_MYSQL_URL the bench refuses more than BENCH_SHARED_MAX_ROWS rows in all (default 1,000,000).
 * It creates and drops its own database crm_bench_sales_<random>; the buffer pool is printed with every figure.
 */
import { builtInEffectiveCodes, builtInOutcomeCodes } from '../server/modules/reports/effective-codes';
import { reportPeriod } from '../server/modules/reports/report-period';
import { ReportsService } from '../server/modules/reports/reports.service';
import { seedFloor } from './lib/kpi-seed';
import { num, openReportBench, refuseOnSharedServer, seedSizes } from './lib/report-bench';
import { seedReports } from './lib/reports-seed';
import { emit, info, round, summarize } from './lib/stats';

const sizes = seedSizes({ clients: 50_000, calls: 200_000, deals: 150_000, callbacks: 0, operators: 100, days: 90 });
const TEAMS = num('BENCH_TEAMS', 10);
const PERIOD_DAYS = num('BENCH_PERIOD_DAYS', 30);
const REPEAT_DAYS = num('BENCH_REPEAT_DAYS', 365);
const RUNS = num('BENCH_RUNS', 7);
const TIME_ZONE = process.env.BENCH_TIMEZONE ?? 'Europe/Moscow';

const totalRows = sizes.clients + sizes.calls + sizes.deals + sizes.callbacks;
refuseOnSharedServer(totalRows);

const { db, ds, conn, bufferPoolMiB } = await openReportBench('crm_bench_sales');
try {
  const t0 = process.hrtime.bigint();
  const floor = await seedFloor(conn, sizes.operators, TEAMS, null);
  await seedReports(conn, sizes);
  const firstOperator = Math.min(...floor.operators.map((o) => o.id));
  await conn.query(`UPDATE deals SET created_by_id = ${firstOperator} + CRC32(CONCAT('s', id)) % ${sizes.operators}`);
  await conn.query(`UPDATE clients SET owner_id = ${firstOperator} + CRC32(CONCAT('o', id)) % ${sizes.operators}`);
  await conn.query('ANALYZE TABLE deals, clients');
  info(`seeded in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s; buffer pool ${bufferPoolMiB} MiB`);
  const team = floor.operators.find((o) => o.teamId !== null)?.teamId ?? null;

  const now = new Date();
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
  const to = day(now);
  const from = day(new Date(now.getTime() - (PERIOD_DAYS - 1) * 86400_000));
  const repeatFrom = day(new Date(now.getTime() - (REPEAT_DAYS - 1) * 86400_000));
  const period = reportPeriod({ from, to }, TIME_ZONE, now);
  const repeatPeriod = reportPeriod({ from: repeatFrom, to }, TIME_ZONE, now);
  const service = new ReportsService(ds, { timeZone: TIME_ZONE, effectiveCodes: builtInEffectiveCodes, outcomeCodes: builtInOutcomeCodes, now: () => now });
  const effective = [...(await builtInEffectiveCodes())];
  const sale = [...(await builtInOutcomeCodes()).sale];

  // The sales report's two aggregates as the query builder produces them (no filter).
  const salesBare = async () => [
    await ds.query(
      `SELECT k.operator_id, u.name, u.team_id, COUNT(*) AS contacts, SUM(CASE WHEN k.disposition IN (?) THEN 1 ELSE 0 END) AS effective,
         SUM(CASE WHEN k.disposition IN (?) THEN 1 ELSE 0 END) AS sale_calls
       FROM calls k LEFT JOIN users u ON u.id = k.operator_id
       WHERE k.outcome = 'answered' AND k.direction IN ('inbound', 'outbound') AND COALESCE(k.operator_id, 0) > 0 AND k.started_at >= ? AND k.started_at < ?
       GROUP BY k.operator_id, u.name, u.team_id`,
      [effective, sale, period.from, period.to],
    ),
    await ds.query(
      `SELECT d.created_by_id, u.name, u.team_id, COUNT(*) AS sales, SUM(d.amount) AS turnover
       FROM deals d INNER JOIN clients c ON c.id = d.client_id LEFT JOIN users u ON u.id = d.created_by_id
       WHERE d.status = 'confirmed' AND d.closed_at >= ? AND d.closed_at < ? AND c.deleted_at IS NULL
       GROUP BY d.created_by_id, u.name, u.team_id`,
      [period.fromDay, period.afterDay],
    ),
  ];
  // The repeat report's three statements (buckets, the gaps' histogram by day, top 50), unfiltered, one after another.
  const counted = `FROM deals d JOIN clients c ON c.id = d.client_id WHERE d.status = 'confirmed' AND d.closed_at >= ? AND d.closed_at < ? AND c.deleted_at IS NULL`;
  const perClient = `SELECT d.client_id AS client_id, COUNT(*) AS deals, SUM(d.amount) AS turnover, MIN(d.closed_at) AS first_day, MAX(d.closed_at) AS last_day ${counted} GROUP BY d.client_id`;
  const gaps = `SELECT DATEDIFF(p.closed_at, p.prev_day) AS gap FROM (SELECT d.closed_at AS closed_at, LAG(d.closed_at) OVER (PARTITION BY d.client_id ORDER BY d.closed_at, d.id) AS prev_day ${counted}) p WHERE p.prev_day IS NOT NULL`;
  const p = [repeatPeriod.fromDay, repeatPeriod.afterDay];
  const repeatBare = async () => {
    const buckets = await ds.query(`SELECT CASE WHEN t.deals >= 5 THEN 5 ELSE t.deals END AS bucket, COUNT(*) AS clients, SUM(t.deals) AS deals, SUM(t.turnover) AS turnover FROM (${perClient}) t GROUP BY CASE WHEN t.deals >= 5 THEN 5 ELSE t.deals END`, p);
    const histogram = await ds.query(`SELECT g.gap, COUNT(*) AS n FROM (${gaps}) g GROUP BY g.gap`, p);
    const top = await ds.query(`SELECT t.client_id, c.name, t.deals, t.turnover FROM (${perClient} HAVING COUNT(*) >= 2) t JOIN clients c ON c.id = t.client_id ORDER BY t.turnover DESC, t.deals DESC, t.client_id ASC LIMIT 50`, p);
    return [buckets, histogram, top];
  };

  const base = { ...sizes, period_days: PERIOD_DAYS, repeat_days: REPEAT_DAYS, buffer_pool_mib: bufferPoolMiB };
  const timed = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const report = (report: string, figure: string, ms: number[]) => {
    const sum = summarize(Float64Array.from(ms));
    emit({ bench: 'sales', report, figure, ...sum, ...base });
    info(`${report} ${figure}: p50 ${sum.p50_ms} ms, p99 ${sum.p99_ms} ms`);
    return sum;
  };
  const compare = async (name: string, viaService: () => Promise<unknown>, bare: () => Promise<unknown>) => {
    await viaService();
    await bare();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await timed(viaService));
      b.push(await timed(bare));
    }
    const s = report(name, 'service', a);
    const t = report(name, 'bare_sql', b);
    emit({ bench: 'sales', report: name, figure: 'ratio_service_to_bare_p50', value: round(s.p50_ms / t.p50_ms, 2), ...base });
  };

  // The bare SQL is the same aggregate: the totals agree, or the comparison means nothing.
  const sales = await service.sales({ from, to });
  const [callRows, dealRows] = await salesBare();
  const sum = (rows: Record<string, unknown>[], col: string) => rows.reduce((x, r) => x + Number(r[col] ?? 0), 0);
  if (sales.total.contacts !== sum(callRows, 'contacts') || sales.total.sales + sales.unattributed.sales !== sum(dealRows, 'sales')) throw new Error('sales: the service and the bare SQL disagree');
  const repeat = await service.repeatPurchases({ from: repeatFrom, to });
  const [buckets] = await repeatBare();
  if (repeat.buyers !== sum(buckets as Record<string, unknown>[], 'clients')) throw new Error('repeat purchases: the service and the bare SQL disagree');
  info(`sales: ${sales.total.contacts.toLocaleString('en')} contacts, ${sales.total.sales.toLocaleString('en')} sales; repeat: ${repeat.buyers.toLocaleString('en')} buyers, ${repeat.repeatBuyers.toLocaleString('en')} repeat, ${repeat.intervals.count.toLocaleString('en')} intervals (service and bare SQL agree)`);

  await compare('sales', () => service.sales({ from, to }), salesBare);
  await compare('repeat_purchases', () => service.repeatPurchases({ from: repeatFrom, to }), repeatBare);
  if (team !== null) {
    const ms: number[] = [];
    await service.repeatPurchases({ from: repeatFrom, to, teamId: team });
    for (let i = 0; i < RUNS; i++) ms.push(await timed(() => service.repeatPurchases({ from: repeatFrom, to, teamId: team })));
    report('repeat_purchases', 'service_one_team', ms);
  }
  await conn.end();
  await ds.destroy();
} finally {
  await db.drop();
}
