/**
 * Sweep: 1,000,000 pending callbacks in MariaDB, of which 10,000 (and, separately, 100,000) are overdue;
 * two workers sweep at once. Time until all are reassigned with history, audit and notifications, and an
 * SQL proof that each was reassigned exactly once. Issue aim: 10,000 in under 1 s, 100,000 in under 10 s.
 *
 *   bash bench/run.sh callback-sweep                          # both sizes; the router and the floor
 *   BENCH_OVERDUE=10000 BENCH_VARIANTS=current bash bench/run.sh callback-sweep
 *
 * Setup (a throwaway database, schema by the migrations through openDatabase, dropped at the end, also
 * on error/SIGINT): 2 teams with a supervisor each, 50 operators (state 'available', team 1 + id % 2),
 * 200,000 clients (synthetic-clients.ts), 1,000,000 pending callbacks assigned to the operators, due from
 * tomorrow on, all bulk-seeded in SQL from the Sequence engine; one enabled round_robin rule (grace
 * 10 min, created through RoutingRulesService). Per case, every (pending/overdue)-th callback (evenly
 * spread ids) is moved 1–2 h into the past; after the case the touched rows are put back and history and
 * audit emptied, so every case starts from the same table.
 *
 * A case = W worker processes (fork, --import tsx), each with its own DataSource/pool and router,
 * started together (each opens its pool and says ready first); seconds = wall time from "go" until the
 * last worker's route() returned (each route() only returns after its last notification was sent).
 * Then: SQL checks (lib/callback-seed.ts verifySweep: one history row and one audit 'reassign' row per
 * overdue callback, none twice, none outside the set, callbacks at version 2 / reassign_count 1, history
 * agrees with the table, to another operator of the same team), the workers' reassigned ids disjoint and
 * covering the set, and notifications counted = Σ (old + new×2 [reassigned+assigned] + supervisors).
 *
 * Variants (BENCH_VARIANTS, default "current,floor"):
 *   current   server/modules/routing/lead-router.service.ts as it is (batches claimed FOR UPDATE SKIP
 *             LOCKED in index order, one UPDATE per batch);
 *   floor     the bare SKIP LOCKED batch sweep on plain mysql2 (claim, CASE UPDATE, history and audit
 *             INSERTs; no TypeORM, no rules, no notifications): what the database alone needs for the
 *             same rows on this machine right now, to read the others against.
 * Each worker reports a per-statement profile (round trips and time by statement kind), and the candidate
 * query is EXPLAINed and ANALYZEd (rows it reads per batch).
 *
 * Env / args: BENCH_PENDING (--pending=) 1000000; BENCH_OVERDUE (--overdue=) "10000,100000";
 * BENCH_WORKERS 2; BENCH_VARIANTS; BENCH_BATCH batch size of the floor (500; a list such as "500,2000"
 * runs each);
 * BENCH_CLIENTS 200000; BENCH_REPEAT runs per case (1); BENCH_MAX_CURRENT_OVERDUE skips the current
 * router above this many overdue; BENCH_CASE_TIMEOUT seconds a case may run (120): past it the workers
 * are killed and the rate so far and a projection are reported (timed_out_after_s,
 * reassigned_before_timeout, projected_seconds; the current router needs ~5 min for 100,000 here);
 * BENCH_CPU_PROF=dir writes a V8 CPU profile per worker; BENCH_KEEP_DB=1 keeps the database.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RowDataPacket } from 'mysql2/promise';
import { openDatabase } from '../server/db/data-source';
import { AuditService } from '../server/modules/audit/audit.service';
import { ruleInputSchema } from '../server/modules/routing/routing-rule';
import { RoutingRulesService } from '../server/modules/routing/routing-rules.service';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { MANAGER_ID, makeOverdue, resetCallbacks, seedCallbacks, seedClients, seedPeople, verifySweep } from './lib/callback-seed';
import { emit, info, loadAvg, round } from './lib/stats';

const BENCH = 'callback_sweep';

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}
const ints = (v: string) => v.split(',').map((s) => Number(s.trim().replace(/_/g, ''))).filter((n) => Number.isInteger(n) && n > 0);

const PENDING = ints(option('pending', 'BENCH_PENDING', '1000000'))[0]!;
const OVERDUE = ints(option('overdue', 'BENCH_OVERDUE', '10000,100000'));
const WORKERS = ints(option('workers', 'BENCH_WORKERS', '2'))[0]!;
const VARIANTS = option('variants', 'BENCH_VARIANTS', 'current,floor').split(',').filter(Boolean);
const BATCHES = ints(option('batch', 'BENCH_BATCH', '500'));
const CLIENTS = ints(option('clients', 'BENCH_CLIENTS', '200000'))[0]!;
const REPEAT = ints(option('repeat', 'BENCH_REPEAT', '1'))[0]!;
/** A batch transaction locks a few rows per callback; anything far beyond is a runaway scan. */
const LOCK_LIMIT_ROWS = 50_000;
const LOCK_LIMIT_BYTES = 16 * 1024 * 1024;
const CASE_TIMEOUT_S = ints(option('case-timeout', 'BENCH_CASE_TIMEOUT', '120'))[0]!;
const MAX_CURRENT = ints(option('max-current-overdue', 'BENCH_MAX_CURRENT_OVERDUE', String(Number.MAX_SAFE_INTEGER)))[0]!;
for (const n of OVERDUE) if (PENDING % n !== 0) throw new Error(`BENCH_OVERDUE ${n} must divide BENCH_PENDING ${PENDING}`);

const CHILD = fileURLToPath(new URL('./lib/sweep-worker-child.ts', import.meta.url));

type Done = {
  type: 'done';
  ms: number;
  cpu_ms: number;
  examined: number;
  waiting: number;
  ids: number[];
  notifications: number;
  notifications_expected: number;
  supervisor_notifications: number;
  profile: Record<string, { n: number; ms: number; max_ms: number }>;
  samples: Record<string, { sql: string; params: unknown[] }>;
};

const children = new Set<ChildProcess>();
const killChildren = () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
};
process.on('exit', killChildren);

/** Forks W workers, waits until all are ready, says go, collects their results. */
async function runWorkers(watch: NonNullable<typeof conn>, database: string, variant: string, batch: number): Promise<{ seconds: number; results: Done[] | null }> {
  const procs = Array.from({ length: WORKERS }, () => {
    const cpuProf = process.env.BENCH_CPU_PROF ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const c = fork(CHILD, [], { execArgv: ['--import', 'tsx', ...cpuProf], env: { ...process.env, SWEEP_DB: database, SWEEP_VARIANT: variant, SWEEP_BATCH: String(batch) }, stdio: ['ignore', 2, 2, 'ipc'] });
    children.add(c);
    c.on('exit', () => children.delete(c));
    return c;
  });
  const next = (c: ChildProcess, want: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMsg = (m: Record<string, unknown>) => {
        if (m.type === want) {
          cleanup();
          resolve(m);
        } else if (m.type === 'error') {
          cleanup();
          reject(new Error(`worker: ${String(m.message)}`));
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`worker exited (${code}) before ${want}`));
      };
      const cleanup = () => {
        c.off('message', onMsg);
        c.off('exit', onExit);
      };
      c.on('message', onMsg);
      c.on('exit', onExit);
    });
  try {
    await Promise.all(procs.map((c) => next(c, 'ready')));
    const done = procs.map((c) => next(c, 'done'));
    const t0 = process.hrtime.bigint();
    for (const c of procs) c.send({ type: 'go' });
    const ends: number[] = [];
    const all = Promise.all(done.map((p) => p.then((r) => (ends.push(Number(process.hrtime.bigint() - t0) / 1e9), r)))) as unknown as Promise<Done[]>;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((r) => (timer = setTimeout(() => r(null), CASE_TIMEOUT_S * 1000)));
    // Watchdog: a claim that locks far more rows than a batch (a plan gone wrong) is stopped before its lock
    // heap eats the shared server's buffer pool (that aborts mariadbd: "lock heaps … over 95 percent").
    let watchdogError: string | null = null;
    const watchdog = setInterval(() => {
      void watch
        .query<RowDataPacket[]>(
          `SELECT MAX(t.trx_rows_locked) AS n, MAX(t.trx_lock_memory_bytes) AS b FROM information_schema.INNODB_TRX t
           JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id WHERE p.DB = ?`,
          [database],
        )
        .then(([[row]]) => {
          if (watchdogError || !row) return;
          const n = Number(row.n ?? 0);
          const b = Number(row.b ?? 0);
          if (n > LOCK_LIMIT_ROWS || b > LOCK_LIMIT_BYTES) {
            watchdogError = `a worker transaction holds ${n} row locks (${Math.round(b / 1e6)} MB of lock heap): stopped`;
            for (const c of procs) c.kill('SIGKILL');
          }
        })
        .catch(() => undefined);
    }, 200);
    const results = await Promise.race([all, timeout])
      .catch((err: Error) => {
        throw watchdogError ? new Error(watchdogError) : err;
      })
      .finally(() => {
        clearInterval(watchdog);
        clearTimeout(timer);
      });
    if (!results) {
      // Out of time: stop the workers hard; their open transactions roll back when their connections drop.
      all.catch(() => undefined);
      for (const c of procs) c.kill('SIGKILL');
      return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, results: null };
    }
    return { seconds: Math.max(...ends), results };
  } finally {
    for (const c of procs) if (c.connected) c.send({ type: 'exit' });
    await Promise.all(procs.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  }
}

/** ISO strings back to Dates (IPC is JSON), so EXPLAIN gets the parameters the worker bound. */
const revive = (params: unknown[]) => params.map((p) => (typeof p === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(p) ? new Date(p) : p));

const db = await ThrowawayDatabase.create('crm_bench_sweep');
let conn: Awaited<ReturnType<typeof connect>> | null = null;
try {
  info(`load ${loadAvg().join(' ')}; ${PENDING.toLocaleString('en')} pending, overdue ${OVERDUE.join(', ')}, ${WORKERS} workers, variants ${VARIANTS.join(', ')}`);
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  conn = await connect(db.name, { timezone: 'Z' });
  const t0 = process.hrtime.bigint();
  await seedPeople(conn);
  await seedClients(conn, CLIENTS);
  await seedCallbacks(conn, PENDING, CLIENTS);
  await conn.query('ANALYZE TABLE callbacks, clients, users');
  const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const audit = new AuditService(ds);
  const rule = await new RoutingRulesService(ds, audit).create(
    { userId: MANAGER_ID, role: 'manager', ip: null },
    ruleInputSchema.parse({ name: 'Round robin after 10 min', graceMinutes: 10, action: { type: 'round_robin' } }),
  );
  await ds.destroy();
  emit({ bench: BENCH, case: 'seed', pending: PENDING, clients: CLIENTS, operators: 50, teams: 2, rule: rule.action.type, grace_min: rule.graceMinutes, seconds: round(seedSeconds, 1) });

  for (const overdue of OVERDUE) {
    const step = PENDING / overdue;
    for (const variant of VARIANTS) {
      if (variant === 'current' && overdue > MAX_CURRENT) {
        info(`skipping current router at ${overdue} overdue (BENCH_MAX_CURRENT_OVERDUE=${MAX_CURRENT})`);
        continue;
      }
      const configs =
        variant === 'floor' ? BATCHES : [500];
      for (const batch of configs) {
        const label = { variant, batch };
        for (let run = 1; run <= REPEAT; run++) {
          await resetCallbacks(conn);
          const moved = await makeOverdue(conn, step);
          if (moved !== overdue) throw new Error(`made ${moved} overdue, wanted ${overdue}`);
          const load = loadAvg();
          info(`${JSON.stringify(label)}: ${overdue.toLocaleString('en')} overdue of ${PENDING.toLocaleString('en')}, run ${run} (load ${load.join(' ')})`);
          const { seconds, results } = await runWorkers(conn, db.name, variant, batch);
          if (!results) {
            // Committed so far (whole batches), for a rate and a projection.
            await new Promise((r) => setTimeout(r, 1000));
            const [[row]] = (await conn.query('SELECT COUNT(*) AS n, COUNT(DISTINCT callback_id) AS d FROM callback_history')) as unknown as [[{ n: number; d: number }]];
            const doneSoFar = Number(row.d);
            info(`timed out after ${CASE_TIMEOUT_S} s: ${doneSoFar} of ${overdue} reassigned (${row.n} history rows)`);
            emit({
              bench: BENCH,
              ...label,
              pending: PENDING,
              overdue,
              workers: WORKERS,
              run,
              seconds: null,
              timed_out_after_s: round(seconds, 1),
              reassigned_before_timeout: doneSoFar,
              history_rows_before_timeout: Number(row.n),
              per_s: Math.round(doneSoFar / seconds),
              projected_seconds: doneSoFar > 0 ? round((overdue * seconds) / doneSoFar, 0) : null,
              exactly_once: Number(row.n) === doneSoFar ? 'so far' : false,
              aim_s: overdue <= 10_000 ? 1 : 10,
              meets_aim: false,
              load_at_start: load,
            });
            continue;
          }
          const v = await verifySweep(conn, step, overdue);
          const all = results.flatMap((r) => r.ids);
          const distinct = new Set(all);
          const inSet = all.every((id) => id % step === 0);
          const notifications = results.reduce((n, r) => n + r.notifications, 0);
          const expected = results.reduce((n, r) => n + r.notifications_expected, 0);
          const workersOk = all.length === overdue && distinct.size === overdue && inSet;
          // The floor sends no notifications: for it, exactly once is about the rows only.
          const notifiedOk = variant === 'floor' || (notifications === expected && notifications === overdue * 4);
          const exactlyOnce = v.exactly_once && workersOk && notifiedOk;
          if (!exactlyOnce) info(`NOT exactly once: ${JSON.stringify({ v, all: all.length, distinct: distinct.size, inSet, notifications, expected })}`);
          const aim = overdue <= 10_000 ? 1 : 10;
          emit({
            bench: BENCH,
            ...label,
            pending: PENDING,
            overdue,
            workers: WORKERS,
            run,
            seconds: round(seconds, 3),
            per_s: Math.round(overdue / seconds),
            reassigned: v.history_callbacks,
            exactly_once: exactlyOnce,
            aim_s: aim,
            meets_aim: seconds < aim,
            notifications: variant === 'floor' ? null : notifications,
            notifications_expected: variant === 'floor' ? null : overdue * 4,
            per_worker: results.map((r) => ({ reassigned: r.ids.length, examined: r.examined, waiting: r.waiting, seconds: round(r.ms / 1000, 3), cpu_s: round(r.cpu_ms / 1000, 2) })),
            load_at_start: load,
          });
          // Where the time went, per worker: round trips and time by statement kind.
          if (variant !== 'floor') results.forEach((r, i) => emit({ bench: BENCH, case: 'profile', ...label, overdue, worker: i, seconds: round(r.ms / 1000, 3), cpu_s: round(r.cpu_ms / 1000, 2), statements: r.profile }));
          if (run === 1 && variant !== 'floor') await explainCandidates(conn, variant, overdue, step, results[0]!);
        }
      }
    }
  }
  await resetCallbacks(conn);
} finally {
  killChildren();
  await conn?.end().catch(() => undefined);
  await db.drop();
}

/** EXPLAIN and ANALYZE (executes, reports rows read) of the worker's first candidate query, and of one halfway through. */
async function explainCandidates(c: NonNullable<typeof conn>, variant: string, overdue: number, step: number, r: Done): Promise<void> {
  const sample = r.samples.claim_for_update ?? r.samples.candidates_select;
  if (!sample) return;
  // The claim's FOR UPDATE is left out: ANALYZE must not take locks; the plan is the same.
  const sql = sample.sql.replace(/\s+FOR UPDATE SKIP LOCKED\s*$/i, '');
  const params = revive(sample.params);
  const variants: [string, unknown[]][] = [['first_batch', params]];
  if (variant === 'current' && params.length === 2) variants.push(['middle_batch', [params[0], Math.floor(overdue / 2) * step]]);
  for (const [which, p] of variants) {
    const [plan] = await c.query<RowDataPacket[]>(`EXPLAIN ${sql}`, p);
    const [analyze] = await c.query<RowDataPacket[]>(`ANALYZE FORMAT=JSON ${sql}`, p);
    const json = JSON.parse(String(Object.values(analyze[0]!)[0]));
    const tables: Record<string, unknown>[] = [];
    const walk = (o: unknown) => {
      if (!o || typeof o !== 'object') return;
      const t = (o as { table?: Record<string, unknown> }).table;
      if (t) tables.push({ table: t.table_name, access: t.access_type, key: t.key ?? null, r_loops: t.r_loops, r_rows: t.r_rows, r_total_time_ms: t.r_total_time_ms, filesort: undefined });
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    };
    walk(json);
    emit({
      bench: BENCH,
      case: 'explain',
      variant,
      overdue,
      which,
      query_ms: round(Number(json.query_block?.r_total_time_ms ?? NaN), 1),
      filesort: JSON.stringify(json).includes('"filesort"'),
      explain: plan.map((row) => ({ table: row.table, type: row.type, key: row.key, rows: row.rows, extra: row.Extra })),
      analyze: tables,
    });
    info(`${variant} candidate query (${which}): ${JSON.stringify(plan.map((row) => `${row.table}:${row.type}:${row.key}:${row.rows}:${row.Extra}`))}`);
  }
  if (variant === 'current') info(`candidate SQL: ${sql.replace(/\s+/g, ' ').replace(/(\?, ){8,}\?/g, '?, …, ?')}`);
}
