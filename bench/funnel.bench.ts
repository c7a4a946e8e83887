/**
 * The funnel report (server/modules/reports/funnel.report.ts) on MariaDB at scale, through ReportsService
 * against the bare SQL of the same seven aggregates run by hand on the same DataSource (alternating runs).
 * The zombies' list is the service's batched read (bench/lib's bare SQL orders every zombie by its last
 * contact at once, which the service avoids). Data: bench/lib/reports-seed.ts's clients and calls, plus a stage history per client (hashed from its id):
 * null → lead at creation, then 0–4 forward moves spread up to now, a quarter of those short of customer
 * dropping out to lost; the client's stage is set to where its history ends. The period is the last
 * BENCH_PERIOD_DAYS (default 30) local days; zombies at 14 days.
 *
 *   bash bench/run.sh funnel                          # small: 50k clients, 200k calls
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 BENCH_CLIENTS=1000000 BENCH_CALLS=5000000 bash bench/run.sh funnel
 *
 * Without BENCH_MYSQL_URL (the shared server) it refuses more than BENCH_SHARED_MAX_ROWS rows (1,000,000)
 * of clients, calls and stage changes in all. The buffer pool is printed with every figure.
 */
import { builtInEffectiveCodes } from '../server/modules/reports/effective-codes';
import { reportPeriod } from '../server/modules/reports/report-period';
import { ReportsService } from '../server/modules/reports/reports.service';
import { seedFloor } from './lib/kpi-seed';
import { num, openReportBench, refuseOnSharedServer } from './lib/report-bench';
import { seedReports } from './lib/reports-seed';
import { emit, info, round, summarize } from './lib/stats';

const sizes = { clients: num('BENCH_CLIENTS', 50_000), calls: num('BENCH_CALLS', 200_000), deals: 1, callbacks: 1, operators: num('BENCH_OPERATORS', 100), days: num('BENCH_DAYS', 90) };
const PERIOD_DAYS = num('BENCH_PERIOD_DAYS', 30);
const RUNS = num('BENCH_RUNS', 7);
const TIME_ZONE = process.env.BENCH_TIMEZONE ?? 'Europe/Moscow';
const CHUNK = 100_000;

// About 3 stage changes per client on average.
const totalRows = sizes.clients * 4 + sizes.calls;
refuseOnSharedServer(totalRows);

const FORWARD = ['lead', 'contacted', 'qualified', 'proposal', 'customer'];
const OPEN = FORWARD.slice(0, 4);
const elt = (expr: string) => `ELT(${expr}, ${FORWARD.map((s) => `'${s}'`).join(', ')})`;
// depth: forward moves 0..4; lost: a quarter of those short of customer drop out after their last move.
const hashed = (lo: number, hi: number) =>
  `SELECT id, created_at, CRC32(CONCAT('f', id)) % 5 AS depth, (CRC32(CONCAT('f', id)) DIV 5) % 4 = 0 AS lost FROM clients WHERE id BETWEEN ${lo} AND ${hi}`;
const at = (k: string) => `created_at + INTERVAL FLOOR(TIMESTAMPDIFF(SECOND, created_at, NOW(3)) * ${k} / (depth + 2)) SECOND`;

const { db, ds, conn, bufferPoolMiB } = await openReportBench('crm_bench_funnel');
try {
  const t0 = process.hrtime.bigint();
  await seedFloor(conn, sizes.operators, 10, null);
  await seedReports(conn, sizes);
  for (let lo = 1; lo <= sizes.clients; lo += CHUNK) {
    const hi = Math.min(sizes.clients, lo + CHUNK - 1);
    await conn.query(`INSERT INTO client_stage_changes (client_id, from_stage, to_stage, changed_at) SELECT id, NULL, 'lead', created_at FROM clients WHERE id BETWEEN ${lo} AND ${hi}`);
    for (let k = 1; k <= 4; k++) {
      await conn.query(`INSERT INTO client_stage_changes (client_id, from_stage, to_stage, changed_at) SELECT id, ${elt(String(k))}, ${elt(String(k + 1))}, ${at(String(k))} FROM (${hashed(lo, hi)}) c WHERE depth >= ${k}`);
    }
    await conn.query(`INSERT INTO client_stage_changes (client_id, from_stage, to_stage, changed_at) SELECT id, ${elt('depth + 1')}, 'lost', ${at('depth + 1')} FROM (${hashed(lo, hi)}) c WHERE lost AND depth < 4`);
    await conn.query(`UPDATE clients c JOIN (${hashed(lo, hi)}) h ON h.id = c.id SET c.stage = IF(h.lost AND h.depth < 4, 'lost', ${elt('h.depth + 1')})`);
  }
  const [[{ n: changes }]] = (await conn.query('SELECT COUNT(*) AS n FROM client_stage_changes')) as unknown as [[{ n: number }]];
  await conn.query('ANALYZE TABLE clients, calls, client_stage_changes');
  info(`seeded in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s (${Number(changes).toLocaleString('en')} stage changes); buffer pool ${bufferPoolMiB} MiB`);

  const now = new Date();
  const DAY = 86400_000;
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE });
  const q = { from: fmt.format(new Date(now.getTime() - (PERIOD_DAYS - 1) * DAY)), to: fmt.format(now), zombieDays: 14 };
  const period = reportPeriod(q, TIME_ZONE, now);
  const service = new ReportsService(ds, { timeZone: TIME_ZONE, effectiveCodes: builtInEffectiveCodes, now: () => now });
  const cut = new Date(now.getTime() - 14 * DAY);
  const since = new Date(now.getTime() - 180 * DAY);
  const contact = "k.outcome = 'answered' AND k.direction IN ('inbound', 'outbound')";
  const zombie = `c.deleted_at IS NULL AND c.stage IN ('lead', 'contacted', 'qualified', 'proposal') AND c.created_at < ? AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.client_id = c.id AND k.started_at >= ? AND ${contact})`;
  const rank = (col: string) => `CASE ${col} WHEN 'lead' THEN 0 WHEN 'contacted' THEN 1 WHEN 'qualified' THEN 2 WHEN 'proposal' THEN 3 WHEN 'customer' THEN 4 WHEN 'lost' THEN -1 END`;
  const bare = {
    now: () => ds.query('SELECT c.stage, COUNT(*) AS count FROM clients c WHERE c.deleted_at IS NULL GROUP BY c.stage'),
    moves: () =>
      ds.query('SELECT h.from_stage, h.to_stage, COUNT(*) AS count FROM client_stage_changes h WHERE h.changed_at >= ? AND h.changed_at < ? GROUP BY h.from_stage, h.to_stage', [period.from, period.to]),
    weeks: () =>
      ds.query(
        `SELECT FLOOR(TIMESTAMPDIFF(SECOND, ?, h.changed_at) / 604800) AS wk, SUM(h.from_stage IS NULL) AS new_clients, SUM(h.to_stage = 'customer' AND h.from_stage IS NOT NULL) AS won, SUM(h.to_stage = 'lost' AND h.from_stage IS NOT NULL) AS lost
         FROM client_stage_changes h WHERE h.changed_at >= ? AND h.changed_at < ? GROUP BY wk`,
        [period.from, period.from, period.to],
      ),
    zombies: () => ds.query(`SELECT c.stage, COUNT(*) AS count FROM clients c WHERE ${zombie} GROUP BY c.stage`, [cut, cut]),
    oldest: () =>
      ds.query(
        `SELECT c.id, c.name, c.stage, c.owner_id, u.name AS owner_name, c.created_at, (SELECT MAX(k.started_at) FROM calls k WHERE k.client_id = c.id AND ${contact}) AS last_contact,
                COALESCE((SELECT MAX(k.started_at) FROM calls k WHERE k.client_id = c.id AND ${contact}), c.created_at) AS quiet_since
         FROM clients c LEFT JOIN users u ON u.id = c.owner_id WHERE ${zombie} ORDER BY quiet_since ASC, c.id ASC LIMIT 50`,
        [cut, cut],
      ),
    forecast: () =>
      ds.query(
        `SELECT ${OPEN.map((_, i) => `SUM(x.l${i} IS NOT NULL) AS left${i}, SUM(x.f${i}) AS next${i}, SUM(x.won >= x.l${i}) AS customer${i}`).join(', ')}
         FROM (SELECT h.client_id, MAX(CASE WHEN h.to_stage = 'customer' THEN h.changed_at END) AS won,
                      ${OPEN.map((st, i) => `MIN(CASE WHEN h.from_stage = '${st}' THEN h.changed_at END) AS l${i}, MAX(CASE WHEN h.from_stage = '${st}' AND ${rank('h.to_stage')} > ${i} THEN 1 ELSE 0 END) AS f${i}`).join(', ')}
               FROM client_stage_changes h WHERE h.changed_at >= ? AND h.changed_at <= ? AND (h.from_stage IN ('lead', 'contacted', 'qualified', 'proposal') OR h.to_stage = 'customer')
               GROUP BY h.client_id) x`,
        [since, now],
      ),
  };
  const bareAll = async () => {
    const out: unknown[] = [];
    for (const fn of Object.values(bare)) out.push(await fn());
    return out;
  };

  // The bare SQL is the same aggregate: the totals agree, or the comparison means nothing.
  const report = await service.funnel(q);
  const [forecastRow] = (await bare.forecast()) as Record<string, unknown>[];
  const sum = (rows: Record<string, unknown>[], col: string) => rows.reduce((a, r) => a + Number(r[col] ?? 0), 0);
  const checks: [string, number, number][] = [
    ['clients now', report.total.clients, sum(await bare.now(), 'count')],
    ['moves in the period', report.total.entered, sum(await bare.moves(), 'count')],
    ['zombies', report.total.zombies, sum(await bare.zombies(), 'count')],
    ['new clients', report.weeks.reduce((a, w) => a + w.newClients, 0), sum(await bare.weeks(), 'new_clients')],
    ['left an open stage (180 days)', report.forecast.stages.reduce((a, f) => a + f.left, 0), OPEN.reduce((a, _, i) => a + Number((forecastRow as Record<string, unknown>)[`left${i}`]), 0)],
  ];
  for (const [what, viaService, viaBare] of checks) {
    if (viaService !== viaBare) throw new Error(`${what}: the service counts ${viaService}, the bare SQL ${viaBare}`);
    info(`${what}: ${viaService.toLocaleString('en')} (service and bare SQL agree)`);
  }

  const base = { ...sizes, stage_changes: Number(changes), period_days: PERIOD_DAYS, buffer_pool_mib: bufferPoolMiB };
  const timed = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const emitSummary = (figure: string, ms: number[]) => {
    const s = summarize(Float64Array.from(ms));
    emit({ bench: 'reports', report: 'funnel', figure, ...s, ...base });
    info(`funnel ${figure}: p50 ${s.p50_ms} ms, p99 ${s.p99_ms} ms`);
    return s;
  };
  await service.funnel(q); // warm
  await bareAll();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await timed(() => service.funnel(q)));
    b.push(await timed(bareAll));
  }
  const s = emitSummary('service', a);
  const t = emitSummary('bare_sql', b);
  emit({ bench: 'reports', report: 'funnel', figure: 'ratio_service_to_bare_p50', value: round(s.p50_ms / t.p50_ms, 2), ...base });
  // Which part the time goes to.
  for (const [part, fn] of Object.entries(bare)) {
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) ms.push(await timed(fn));
    emitSummary(`bare_sql_${part}`, ms);
  }
  await conn.end();
  await ds.destroy();
} finally {
  await db.drop();
}
