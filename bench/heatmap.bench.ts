/**
 * The heatmap report (GET /api/reports/heatmap) and the operator's own figures (GET /api/kpis/me) on
 * MariaDB, each timed through its service against bare SQL on the same DataSource:
 *   - heatmap: the service (the zone's offset segments, one GROUP BY over local hours with a CASE over
 *     the segments, the fold into 7 × 24 in JS) against the bare GROUP BY over UTC hours (no CASE) of the
 *     same counts, for the last BENCH_PERIOD_DAYS local days (default 30) and for all BENCH_DAYS (default 90);
 *   - my figures: one operator's week through MyFiguresService (its calls aggregate and its tails) against
 *     the two bare statements.
 * Totals are checked equal before timing. Data: bench/lib/reports-seed.ts (calls spread over BENCH_DAYS).
 *
 *   bash bench/run.sh heatmap                      # 20k clients, 500k calls, 50k callbacks (shared server)
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 BENCH_CALLS=5000000 bash bench/run.sh heatmap   # a private mariadbd
 *
 * Without BENCH_MYSQL_URL the bench refuses more than BENCH_SHARED_MAX_ROWS rows (default 1,000,000).
 */
import { MyFiguresService } from '../server/modules/my-figures/my-figures.service';
import { builtInEffectiveCodes } from '../server/modules/reports/effective-codes';
import { reportPeriod } from '../server/modules/reports/report-period';
import { ReportsService } from '../server/modules/reports/reports.service';
import { seedFloor } from './lib/kpi-seed';
import { num, openReportBench, refuseOnSharedServer, seedSizes } from './lib/report-bench';
import { seedReports } from './lib/reports-seed';
import { emit, info, round, summarize } from './lib/stats';

const sizes = seedSizes({ clients: 20_000, calls: 500_000, deals: 1, callbacks: 50_000, operators: 100, days: 90 });
const PERIOD_DAYS = num('BENCH_PERIOD_DAYS', 30);
const RUNS = num('BENCH_RUNS', 9);
const TIME_ZONE = process.env.BENCH_TIMEZONE ?? 'Europe/Kyiv';

const totalRows = sizes.clients + sizes.calls + sizes.deals + sizes.callbacks;
refuseOnSharedServer(totalRows);

const { db, ds, conn, bufferPoolMiB } = await openReportBench('crm_bench_heatmap');
try {
  const t0 = process.hrtime.bigint();
  await seedFloor(conn, sizes.operators, 10, null);
  await seedReports(conn, sizes);
  await conn.query('ANALYZE TABLE calls, callbacks');
  info(`seeded in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s; buffer pool ${bufferPoolMiB} MiB`);

  const now = new Date();
  const service = new ReportsService(ds, { timeZone: TIME_ZONE, effectiveCodes: builtInEffectiveCodes, now: () => now });
  const figures = new MyFiguresService(ds, { timeZone: TIME_ZONE, effectiveCodes: builtInEffectiveCodes, now: () => now });
  const codes = [...(await builtInEffectiveCodes())];
  const localDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(d);
  const timed = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const base = { ...sizes, time_zone: TIME_ZONE, buffer_pool_mib: bufferPoolMiB };
  const compare = async (report: string, extra: Record<string, unknown>, viaService: () => Promise<unknown>, bare: () => Promise<unknown>) => {
    await viaService();
    await bare();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(await timed(viaService));
      b.push(await timed(bare));
    }
    const s = summarize(Float64Array.from(a));
    const t = summarize(Float64Array.from(b));
    emit({ bench: 'heatmap', report, figure: 'service', ...s, ...extra, ...base });
    emit({ bench: 'heatmap', report, figure: 'bare_sql', ...t, ...extra, ...base });
    emit({ bench: 'heatmap', report, figure: 'ratio_service_to_bare_p50', value: round(s.p50_ms / t.p50_ms, 2), ...extra, ...base });
    info(`${report} ${JSON.stringify(extra)}: service p50 ${s.p50_ms} ms p99 ${s.p99_ms} ms; bare p50 ${t.p50_ms} ms p99 ${t.p99_ms} ms`);
  };

  for (const days of [PERIOD_DAYS, sizes.days]) {
    const q = { from: localDay(new Date(now.getTime() - (days - 1) * 86400_000)), to: localDay(now) };
    const period = reportPeriod(q, TIME_ZONE, now);
    const bare = () =>
      ds.query(
        `SELECT TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', k.started_at) DIV 3600 AS h, COUNT(*) AS offered,
                SUM(CASE WHEN k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered, SUM(CASE WHEN k.outcome = 'abandoned' THEN 1 ELSE 0 END) AS abandoned,
                SUM(CASE WHEN k.outcome = 'answered' THEN COALESCE(k.wait_seconds, 0) ELSE 0 END) AS wait
         FROM calls k WHERE k.direction = 'inbound' AND k.outcome IN ('answered', 'abandoned', 'missed') AND k.started_at >= ? AND k.started_at < ? GROUP BY h`,
        [period.from, period.to],
      ) as Promise<Record<string, unknown>[]>;
    const viaService = (await service.heatmap(q)).total.offered;
    const viaBare = (await bare()).reduce((a, r) => a + Number(r.offered), 0);
    if (viaService !== viaBare) throw new Error(`heatmap over ${days} days: the service counts ${viaService}, the bare SQL ${viaBare}`);
    info(`heatmap over ${days} days: ${viaService.toLocaleString('en')} offered (service and bare SQL agree)`);
    await compare('heatmap', { period_days: days, offered: viaService }, () => service.heatmap(q), bare);
  }

  const operatorId = 1 + Math.floor(sizes.operators / 2);
  const week = figures.windowStart('week', now);
  const bareFigures = async () => [
    await ds.query(
      `SELECT COUNT(*) AS calls, SUM(CASE WHEN k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered,
              SUM(CASE WHEN k.outcome = 'answered' AND k.disposition IN (?) THEN 1 ELSE 0 END) AS effective,
              SUM(CASE WHEN k.outcome = 'answered' THEN k.talk_seconds ELSE 0 END) AS talk
       FROM calls k WHERE k.operator_id = ? AND k.started_at >= ? AND k.started_at < ? AND k.direction IN ('inbound', 'outbound')`,
      [codes, operatorId, week, now],
    ),
    await ds.query(`SELECT COUNT(*) AS count, MIN(cb.due_at) AS oldest FROM callbacks cb WHERE cb.status = 'pending' AND cb.assignee_id = ? AND cb.due_at < ?`, [operatorId, new Date(now.getTime() - 3 * 86400_000)]),
  ];
  const mine = await figures.of(operatorId, 'week');
  const [[bareCalls]] = (await bareFigures()) as [[{ calls: unknown }]];
  if (mine.calls !== Number(bareCalls.calls)) throw new Error(`my figures: the service counts ${mine.calls} calls, the bare SQL ${String(bareCalls.calls)}`);
  info(`my figures (operator ${operatorId}, week): ${mine.calls} calls, ${mine.tails.count} tails (service and bare SQL agree)`);
  await compare('my_figures_week', { calls: mine.calls, tails: mine.tails.count }, () => figures.of(operatorId, 'week'), bareFigures);
  await conn.end();
  await ds.destroy();
} finally {
  await db.drop();
}
