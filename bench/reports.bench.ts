/**
 * The supervisors' reports (server/modules/reports: contacts, sources, tails) on MariaDB at scale, each
 * timed through ReportsService against the bare SQL of the same aggregate(s) run by hand on the same
 * DataSource (what the service adds: the query builder, the team names, the sums and sorting in JS).
 * Per report: one figure for the service, one for the bare SQL (the two alternate run by run), one with the
 * ratio service / bare (p50); `rows` is what each returns (the bare SQL's raw rows, the service's report rows).
 * The data is described in bench/lib/reports-seed.ts; the report period is the last BENCH_PERIOD_DAYS
 * local days (default 30) of the BENCH_DAYS (default 90) the calls cover.
 *
 * The contacts report is timed whole and in its two parts: `contacts_operators` (clients=0: operators, teams,
 * total from the daily rollup contacts_daily, rolled up once after seeding and timed as `rollup`, today from
 * the calls) against the bare GROUP BY over the period's calls it replaces; `contacts_top` (the top clients
 * and organizations, GET /api/reports/contacts/top) against the same two statements written by hand.
 * Every figure carries the load average (`loadavg`: 1, 5, 15 min) at its end: the machine may be shared.
 *
 *   bash bench/run.sh reports                      # small: 50k clients, 200k calls, 50k deals, 20k callbacks
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 BENCH_CLIENTS=1000000 BENCH_CALLS=5000000 BENCH_DEALS=1000000 \
 *     BENCH_CALLBACKS=200000 bash bench/run.sh reports   # the full size (issue 10): a private mariadbd only
 *
 * Without BENCH_MYSQL_URL (the shared server on 127.0.0.1:3306) the bench refuses more than
 * BENCH_SHARED_MAX_ROWS rows in all (default 1,000,000). Either way it creates and drops its own database
 * crm_bench_reports_<random>. The buffer pool (innodb_buffer_pool_size) is printed with every figure.
 */
import { ContactsDailyService } from '../server/modules/reports/contacts-daily.service';
import { builtInEffectiveCodes } from '../server/modules/reports/effective-codes';
import { reportPeriod } from '../server/modules/reports/report-period';
import { ReportsService } from '../server/modules/reports/reports.service';
import { seedFloor } from './lib/kpi-seed';
import { num, openReportBench, refuseOnSharedServer, seedSizes } from './lib/report-bench';
import { seedReports } from './lib/reports-seed';
import { emit, info, loadAvg, round, summarize } from './lib/stats';

const sizes = seedSizes({ clients: 50_000, calls: 200_000, deals: 50_000, callbacks: 20_000, operators: 100, days: 90 });
const TEAMS = num('BENCH_TEAMS', 10);
const PERIOD_DAYS = num('BENCH_PERIOD_DAYS', 30);
const RUNS = num('BENCH_RUNS', 7);
const TOP = num('BENCH_TOP_CLIENTS', 50);
const TIME_ZONE = process.env.BENCH_TIMEZONE ?? 'Europe/Moscow';

const totalRows = sizes.clients + sizes.calls + sizes.deals + sizes.callbacks;
refuseOnSharedServer(totalRows);

const { db, ds, conn, bufferPoolMiB } = await openReportBench('crm_bench_reports');
try {
  const t0 = process.hrtime.bigint();
  await seedFloor(conn, sizes.operators, TEAMS, null);
  await seedReports(conn, sizes);
  info(`seeded in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s; buffer pool ${bufferPoolMiB} MiB`);

  const now = new Date();
  const dayMs = 86400_000;
  const q = { to: new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now) };
  const from = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(now.getTime() - (PERIOD_DAYS - 1) * dayMs));
  const period = reportPeriod({ from, to: q.to }, TIME_ZONE, now);
  // The contacts rollup of every past day, as the hourly job does after a start.
  const contactsDaily = new ContactsDailyService(ds, undefined, { timeZone: TIME_ZONE, now: () => now });
  const tRollup = process.hrtime.bigint();
  const rolledDays = await contactsDaily.rollUp();
  const rollupMs = round(Number(process.hrtime.bigint() - tRollup) / 1e6, 0);
  info(`contacts rollup: ${rolledDays} days in ${rollupMs} ms`);
  const service = new ReportsService(ds, { timeZone: TIME_ZONE, effectiveCodes: builtInEffectiveCodes, contactsDaily, now: () => now });
  const codes = [...(await builtInEffectiveCodes())];

  // The contacts report's three aggregates, as the service's query builder produces them (without a filter).
  const measures = `COUNT(*) AS contacts, SUM(CASE WHEN k.disposition IN (?) THEN 1 ELSE 0 END) AS effective,
    SUM(CASE WHEN k.disposition IS NULL THEN 1 ELSE 0 END) AS without_result, SUM(COALESCE(k.talk_seconds, 0)) AS talk, COUNT(k.talk_seconds) AS talked`;
  const where = `k.outcome = 'answered' AND k.direction IN ('inbound', 'outbound') AND COALESCE(k.operator_id, 0) > 0 AND k.started_at >= ? AND k.started_at < ?`;
  // The operators' part as one GROUP BY over the period's calls (what the rollup replaces); the top lists as
  // the best hand-written MariaDB statements: the covering index, clients grouped by id alone (sorted:
  // SQL_BIG_RESULT) before their names are joined, organizations from the clients that have one to their
  // calls, the temporary tables sized per statement.
  const big = 'SET STATEMENT tmp_table_size=268435456, max_heap_table_size=268435456 FOR';
  const contactsBare = {
    operators: () =>
      ds.query(`SELECT k.operator_id, u.name, u.team_id, ${measures} FROM calls k USE INDEX (ix_calls_contacts) LEFT JOIN users u ON u.id = k.operator_id WHERE ${where} GROUP BY k.operator_id, u.name, u.team_id`, [
        codes,
        period.from,
        period.to,
      ]),
    clients: () =>
      ds.query(
        `${big} SELECT t.*, c.name, c.organization FROM (
           SELECT SQL_BIG_RESULT k.client_id, ${measures} FROM calls k USE INDEX (ix_calls_contacts)
           WHERE ${where} AND k.client_id IS NOT NULL GROUP BY k.client_id ORDER BY contacts DESC, k.client_id ASC LIMIT ?
         ) t INNER JOIN clients c ON c.id = t.client_id ORDER BY t.contacts DESC, t.client_id ASC LIMIT ?`,
        [codes, period.from, period.to, TOP, TOP],
      ),
    organizations: () =>
      ds.query(
        `${big} SELECT c.organization, COUNT(DISTINCT k.client_id) AS clients, ${measures}
         FROM clients c USE INDEX (ix_clients_organization) STRAIGHT_JOIN calls k FORCE INDEX (ix_calls_client_contacts) ON k.client_id = c.id
         WHERE ${where} AND c.organization IS NOT NULL AND c.organization <> '' GROUP BY c.organization ORDER BY contacts DESC, c.organization ASC LIMIT ?`,
        [codes, period.from, period.to, TOP],
      ),
  };
  const sourcesBare = async () => [
    await ds.query('SELECT c.source, COUNT(*) AS clients FROM clients c WHERE c.created_at >= ? AND c.created_at < ? AND c.deleted_at IS NULL GROUP BY c.source', [period.from, period.to]),
    await ds.query(
      `SELECT c.source, SUM(d.amount) AS turnover FROM deals d INNER JOIN clients c ON c.id = d.client_id
       WHERE d.closed_at >= ? AND d.closed_at < ? AND d.status = 'confirmed' AND c.deleted_at IS NULL GROUP BY c.source`,
      [period.fromDay, period.afterDay],
    ),
    await ds.query('SELECT s.source, s.month, s.amount FROM source_spend s WHERE s.month >= ? AND s.month <= ?', [period.fromDay.slice(0, 7), period.toDay.slice(0, 7)]),
  ];
  const TAIL_DAYS = 3;
  const ago = (d: number) => new Date(now.getTime() - d * dayMs);
  const tailsBare = () =>
    ds.query(
      `SELECT cb.assignee_id, u.name, u.team_id, COUNT(*) AS count, MIN(cb.due_at) AS oldest,
              SUM(CASE WHEN cb.due_at >= ? THEN 1 ELSE 0 END) AS a1, SUM(CASE WHEN cb.due_at < ? AND cb.due_at >= ? THEN 1 ELSE 0 END) AS a2,
              SUM(CASE WHEN cb.due_at < ? THEN 1 ELSE 0 END) AS a3
       FROM callbacks cb LEFT JOIN users u ON u.id = cb.assignee_id
       WHERE cb.status = 'pending' AND cb.due_at < ? GROUP BY cb.assignee_id, u.name, u.team_id`,
      [ago(7), ago(7), ago(14), ago(14), ago(TAIL_DAYS)],
    );

  const rowsOf = (r: unknown): number => {
    if (Array.isArray(r)) return r.reduce<number>((a, x) => a + (Array.isArray(x) ? x.length : 1), 0);
    const o = r as { items?: unknown[]; clients?: unknown[]; organizations?: unknown[] };
    return (o.items?.length ?? 0) + (o.clients?.length ?? 0) + (o.organizations?.length ?? 0);
  };
  const base = { ...sizes, period_days: PERIOD_DAYS, buffer_pool_mib: bufferPoolMiB };
  emit({ bench: 'reports', report: 'contacts', figure: 'rollup', ...base, rolled_days: rolledDays, value_ms: rollupMs });
  const emitSummary = (report: string, figure: string, ms: number[], rows: number) => {
    const sum = summarize(Float64Array.from(ms));
    const load = loadAvg();
    emit({ bench: 'reports', report, figure, ...sum, rows, ...base });
    info(`${report} ${figure}: p50 ${sum.p50_ms} ms, p99 ${sum.p99_ms} ms, ${rows} rows (load ${load.join(' ')})`);
    return sum;
  };
  const timed = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  /** The two runs alternate (service, bare, service, …), so a change in the machine's load hits both alike. */
  const compare = async (report: string, viaService: () => Promise<unknown>, bare: () => Promise<unknown>) => {
    const rowsService = rowsOf(await viaService()); // warm
    const rowsBare = rowsOf(await bare());
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await timed(viaService));
      b.push(await timed(bare));
    }
    const s = emitSummary(report, 'service', a, rowsService);
    const t = emitSummary(report, 'bare_sql', b, rowsBare);
    emit({ bench: 'reports', report, figure: 'ratio_service_to_bare_p50', value: round(s.p50_ms / t.p50_ms, 2), ...base });
  };
  const measure = async (report: string, figure: string, fn: () => Promise<unknown>) => {
    const rows = rowsOf(await fn()); // warm
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) ms.push(await timed(fn));
    return emitSummary(report, figure, ms, rows);
  };
  const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
    ['contacts_operators', () => service.contacts({ from, to: q.to, clients: 0 }), contactsBare.operators],
    ['contacts_top', () => service.contactsTop({ from, to: q.to, clients: TOP }), async () => [await contactsBare.clients(), await contactsBare.organizations()]],
    ['contacts', () => service.contacts({ from, to: q.to, clients: TOP }), async () => [await contactsBare.operators(), await contactsBare.clients(), await contactsBare.organizations()]],
    ['sources', () => service.sources({ from, to: q.to }), sourcesBare],
    ['tails', () => service.tails({ days: TAIL_DAYS }), tailsBare],
  ];
  // The bare SQL is the same aggregate: the totals agree, or the comparison means nothing.
  const total = (rows: Record<string, unknown>[], col: string) => rows.reduce((a, r) => a + Number(r[col] ?? 0), 0);
  const checks: [string, number, number][] = [
    ['contacts', (await service.contacts({ from, to: q.to, clients: TOP })).total.contacts, total(await contactsBare.operators(), 'contacts')],
    ['contacts of the top clients', total((await service.contactsTop({ from, to: q.to, clients: TOP })).clients, 'contacts'), total(await contactsBare.clients(), 'contacts')],
    ['contacts of the top organizations', total((await service.contactsTop({ from, to: q.to, clients: TOP })).organizations, 'contacts'), total(await contactsBare.organizations(), 'contacts')],
    ['sources new clients', (await service.sources({ from, to: q.to })).total.newClients, total((await sourcesBare())[0]!, 'clients')],
    ['tails', (await service.tails({ days: TAIL_DAYS })).total, total(await tailsBare(), 'count')],
  ];
  for (const [what, viaService, bare] of checks) {
    if (viaService !== bare) throw new Error(`${what}: the service counts ${viaService}, the bare SQL ${bare}`);
    info(`${what}: ${viaService.toLocaleString('en')} (service and bare SQL agree)`);
  }
  for (const [report, viaService, bare] of cases) await compare(report, viaService, bare);
  // The contacts report's parts alone: which of its aggregates the time goes to.
  for (const [part, fn] of Object.entries(contactsBare)) await measure('contacts', `bare_sql_${part}`, fn);
  await conn.end();
  await ds.destroy();
} finally {
  await db.drop();
}
