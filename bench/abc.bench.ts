/**
 * A/B/C on MariaDB at scale: BENCH_CLIENTS clients (default 200,000) with one deal each, closed over the
 * last ~2 years (so about half fall in the default 365-day period, the rest in the one before). Times the
 * recompute (first, classes written from nothing; then again, nothing changes), and each report
 * (summary, class × potential, movement) against the bare ranking SQL it is built on: at the settings
 * (what the pages open with, the snapshot each recompute stores) and for a period given by hand (ranked live). The buffer pool
 * is printed (innodb_buffer_pool_size): size it to the data for figures that mean anything.
 *
 *   bash bench/run.sh abc
 *   BENCH_CLIENTS=1000000 bash bench/run.sh abc
 */
import { openDatabase } from '../server/db/data-source';
import { createLogger } from '../server/logging/logger';
import { AuditService } from '../server/modules/audit/audit.service';
import { RANKING_SQL, addDays, lastDays, rankingParams } from '../server/modules/abc/abc-ranking';
import { AbcService } from '../server/modules/abc/abc.service';
import { AbcClassesService } from '../server/modules/clients/abc-classes.service';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, loadAvg, round, summarize } from './lib/stats';
import { clientsInsertSql } from './lib/synthetic-clients';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHUNK = 100_000;

const db = await ThrowawayDatabase.create('crm_bench_abc');
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name);
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  const [[pool]] = (await conn.query("SELECT @@innodb_buffer_pool_size AS b")) as unknown as [[{ b: number }]];
  const t0 = process.hrtime.bigint();
  for (let lo = 1; lo <= CLIENTS; lo += CHUNK) {
    const hi = Math.min(CLIENTS, lo + CHUNK - 1);
    await conn.query(clientsInsertSql(lo, hi));
    // One deal per client, long-tailed amounts, closed 0–729 days ago.
    await conn.query(
      `INSERT INTO deals (client_id, title, amount, closed_at, created_at, status)
       SELECT id, 'bench', ROUND(100 * EXP((id * 7919 % 1000) / 1000 * 6), 2), CURDATE() - INTERVAL (id * 31 % 730) DAY, NOW(3), 'confirmed'
       FROM clients WHERE id BETWEEN ? AND ?`,
      [lo, hi],
    );
    await conn.query(`UPDATE clients SET potential = ELT(1 + id % 4, 'low', 'medium', 'high', NULL) WHERE id BETWEEN ? AND ?`, [lo, hi]);
  }
  await conn.query('ANALYZE TABLE clients, deals');
  info(`seeded ${CLIENTS.toLocaleString('en')} clients and deals in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s; buffer pool ${round(pool.b / 2 ** 20, 0)} MiB`);

  const timeZone = 'Europe/Moscow';
  const classes = new AbcClassesService(ds, createLogger('silent'), { timeZone });
  const reports = new AbcService(ds, new AuditService(ds), classes);
  const time = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const base = { clients: CLIENTS, deals: CLIENTS, buffer_pool_mib: round(pool.b / 2 ** 20, 0) };
  emit({ bench: 'abc', figure: 'recompute_first_ms', value: round(await time(() => classes.recompute()), 1), ...base, load: loadAvg() });
  const again: number[] = [];
  for (let i = 0; i < RUNS; i++) again.push(await time(() => classes.recompute()));
  emit({ bench: 'abc', figure: 'recompute_unchanged', ...summarize(Float64Array.from(again)), ...base, load: loadAvg() });

  const period = lastDays(365, timeZone);
  const params = rankingParams(period, [50, 35, 15]);
  // The pages open at the settings (served from the snapshot the recompute stored); a period given by
  // hand is ranked live over the deals, as is everything right after a change until the next recompute.
  const p1 = { from1: addDays(period.from, -365), to1: addDays(period.from, -1) };
  const cases: [string, () => Promise<unknown>][] = [
    ['bare_ranking_grouped', () => ds.query(`SELECT x.cls, COUNT(*), SUM(x.turnover) FROM (${RANKING_SQL}) x GROUP BY x.cls`, params)],
    ['summary', () => reports.summary({})],
    ['matrix', () => reports.matrix({})],
    ['movement', () => reports.movement({ limit: 100 })],
    ['summary_live_period', () => reports.summary(period)],
    ['matrix_live_period', () => reports.matrix(period)],
    ['movement_live_periods', () => reports.movement({ ...p1, from2: period.from, to2: period.to, limit: 100 })],
  ];
  for (const [name, fn] of cases) {
    await fn(); // warm
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) ms.push(await time(fn));
    emit({ bench: 'abc', figure: name, ...summarize(Float64Array.from(ms)), ...base, load: loadAvg() });
  }
  await conn.end();
  await ds.destroy();
} finally {
  await db.drop();
}
