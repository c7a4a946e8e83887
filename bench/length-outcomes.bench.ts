/**
 * The contact-length and contacts-before-an-outcome reports (server/modules/reports/contact-length.report.ts,
 * outcomes.report.ts) on MariaDB at scale, each timed through ReportsService against the bare SQL of the same
 * aggregate run by hand on the same DataSource, alternating run by run (as bench/reports.bench.ts).
 * Data: bench/lib/reports-seed.ts, then each call with a client given a stage at call time (id-hashed over the
 * six stages) and `not_interested` made a result that marks the client lost (the seeded list has none).
 * Period: the last BENCH_PERIOD_DAYS local days (30) of the BENCH_DAYS (90) the calls cover.
 *
 *   bash bench/run.sh length-outcomes       # small: 50k clients, 200k calls
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 BENCH_CLIENTS=1000000 BENCH_CALLS=5000000 BENCH_DEALS=0 \
 *     bash bench/run.sh length-outcomes     # the issue's size: a private mariadbd only
 *
 * Without BENCH_MYSQL_URL the bench refuses more than BENCH_SHARED_MAX_ROWS rows in all (default 1,000,000).
 * It creates and drops its own database crm_bench_length_<random>; the buffer pool is printed with every figure.
 */
import { builtInEffectiveCodes } from '../server/modules/reports/effective-codes';
import { reportPeriod } from '../server/modules/reports/report-period';
import { ReportsService } from '../server/modules/reports/reports.service';
import { bandSelects } from '../server/modules/reports/talk-bands';
import { seedFloor } from './lib/kpi-seed';
import { num, openReportBench, refuseOnSharedServer, seedSizes } from './lib/report-bench';
import { seedReports } from './lib/reports-seed';
import { emit, info, round, summarize } from './lib/stats';

const sizes = seedSizes({ clients: 50_000, calls: 200_000, deals: 0, callbacks: 0, operators: 100, days: 90 });
const TEAMS = num('BENCH_TEAMS', 10);
const PERIOD_DAYS = num('BENCH_PERIOD_DAYS', 30);
const RUNS = num('BENCH_RUNS', 7);
const TIME_ZONE = process.env.BENCH_TIMEZONE ?? 'Europe/Moscow';

const totalRows = sizes.clients + sizes.calls + sizes.deals + sizes.callbacks;
refuseOnSharedServer(totalRows);

const { db, ds, conn, bufferPoolMiB } = await openReportBench('crm_bench_length');
try {
  const t0 = process.hrtime.bigint();
  await seedFloor(conn, sizes.operators, TEAMS, null);
  await seedReports(conn, sizes);
  await conn.query("UPDATE calls SET client_stage = ELT(1 + CRC32(CONCAT('st', id)) % 6, 'lead', 'contacted', 'qualified', 'proposal', 'customer', 'lost') WHERE client_id IS NOT NULL");
  await conn.query("UPDATE dispositions SET marks_lost = 1 WHERE code = 'not_interested'");
  await conn.query('ANALYZE TABLE calls');
  info(`seeded in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s; buffer pool ${bufferPoolMiB} MiB`);

  const now = new Date();
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
  const to = day(now);
  const from = day(new Date(now.getTime() - (PERIOD_DAYS - 1) * 86400_000));
  const period = reportPeriod({ from, to }, TIME_ZONE, now);
  // The result codes as the manager's list has them here: `sale` marks a sale, `not_interested` (set above) marks lost.
  const service = new ReportsService(ds, { timeZone: TIME_ZONE, effectiveCodes: builtInEffectiveCodes, outcomeCodes: async () => ({ sale: ['sale'], lost: ['not_interested'] }), now: () => now });
  const contact = (a: string) => `${a}.outcome = 'answered' AND ${a}.direction IN ('inbound', 'outbound') AND COALESCE(${a}.operator_id, 0) > 0`;

  // Contact length: the one GROUP BY (operator, stage) with the band sums.
  const lengthBare = () =>
    ds.query(
      `SELECT k.operator_id, u.name, u.team_id, k.client_stage, COUNT(*) AS contacts, SUM(COALESCE(k.talk_seconds, 0)) AS talk, COUNT(k.talk_seconds) AS talked,
         ${bandSelects('k.talk_seconds').map((b) => `${b.sql} AS ${b.alias}`).join(', ')}
       FROM calls k LEFT JOIN users u ON u.id = k.operator_id
       WHERE ${contact('k')} AND k.started_at >= ? AND k.started_at < ?
       GROUP BY k.operator_id, u.name, u.team_id, k.client_stage`,
      [period.from, period.to],
    );
  // Outcomes: per kind, the first outcome per client in the period and its contacts up to it, by (operator, contacts).
  const outcomesFor = (codes: string[]) =>
    ds.query(
      `SELECT o.operator_id, u.name, u.team_id, o.contacts, COUNT(*) AS clients FROM (
         SELECT f.id, f.operator_id, COUNT(*) AS contacts FROM (
           SELECT k.id, k.client_id, k.operator_id, k.started_at, ROW_NUMBER() OVER (PARTITION BY k.client_id ORDER BY k.started_at, k.id) AS rn
           FROM calls k WHERE k.started_at >= ? AND k.started_at < ? AND k.disposition IN (?) AND k.client_id IS NOT NULL AND ${contact('k')}
         ) f INNER JOIN calls c ON c.client_id = f.client_id AND c.started_at <= f.started_at
         WHERE f.rn = 1 AND ${contact('c')} GROUP BY f.id, f.operator_id
       ) o LEFT JOIN users u ON u.id = o.operator_id GROUP BY o.operator_id, u.name, u.team_id, o.contacts`,
      [period.from, period.to, codes],
    );
  const outcomesBare = async () => [await outcomesFor(['sale']), await outcomesFor(['not_interested'])];

  const base = { ...sizes, period_days: PERIOD_DAYS, buffer_pool_mib: bufferPoolMiB };
  const timed = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const report = (name: string, figure: string, ms: number[]) => {
    const sum = summarize(Float64Array.from(ms));
    emit({ bench: 'length-outcomes', report: name, figure, ...sum, ...base });
    info(`${name} ${figure}: p50 ${sum.p50_ms} ms, p99 ${sum.p99_ms} ms`);
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
    emit({ bench: 'length-outcomes', report: name, figure: 'ratio_service_to_bare_p50', value: round(s.p50_ms / t.p50_ms, 2), ...base });
  };

  // The bare SQL is the same aggregate: the totals agree, or the comparison means nothing.
  const sum = (rows: Record<string, unknown>[], col: string) => rows.reduce((x, r) => x + Number(r[col] ?? 0), 0);
  const length = await service.contactLength({ from, to });
  if (length.total.contacts !== sum(await lengthBare(), 'contacts')) throw new Error('contact length: the service and the bare SQL disagree');
  const outcomes = await service.outcomes({ from, to });
  const [sales, lost] = await outcomesBare();
  if (outcomes.total.sale.clients !== sum(sales, 'clients') || outcomes.total.lost.clients !== sum(lost, 'clients')) throw new Error('outcomes: the service and the bare SQL disagree');
  info(`contact length: ${length.total.contacts.toLocaleString('en')} contacts; outcomes: ${outcomes.total.sale.clients.toLocaleString('en')} first sales (median ${outcomes.total.sale.median} contacts), ${outcomes.total.lost.clients.toLocaleString('en')} first lost (service and bare SQL agree)`);

  await compare('contact_length', () => service.contactLength({ from, to }), lengthBare);
  await compare('outcomes', () => service.outcomes({ from, to }), outcomesBare);
  await conn.end();
  await ds.destroy();
} finally {
  await db.drop();
}
