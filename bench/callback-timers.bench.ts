/**
 * Timers: the precision of a single callback timer — due time to reassignment, p50/p99/max — with 10,000
 * timers pending. Issue aim: p99 under 1 second late.
 *
 *   bash bench/run.sh callback-timers                         # bull and inline, grace 0
 *   BENCH_DRIVERS=inline BENCH_GRACES=0,2 bash bench/run.sh callback-timers
 *
 * The real CallbacksService (with the real LeadRouter, RoutingRulesService, AuditService) on MariaDB, over
 * the BullJobQueue (Redis 127.0.0.1:6379, a unique prefix whose keys are deleted afterwards, also on
 * error/SIGINT) and, separately, the InlineJobQueue, in this one process as the server runs them. Per
 * case: one enabled round_robin rule with the case's grace; start(24 h) (handlers; the sweep's first run
 * is far off, so it does none of the work); 10,000 callbacks created through callbacks.create(null, …)
 * (16 at a time, in order of due time), assigned to 50 operators in 2 teams, whose routing times
 * (due + grace) are spread evenly over a 60 s window that opens once creation is done (the lead is sized
 * from a pilot of 300 creates after 50 warm-up ones, all due tomorrow and not measured). Each create
 * schedules a reminder at due and a routing job at due + grace.
 *
 * Per callback, against its planned routing time (due + grace):
 *   fired_late_ms    the routing job's handler started (a JobQueue wrapper records it: the queue's precision)
 *   decided_late_ms  its first callback_history row's `at` (the router's `now`)
 *   late_ms          its first 'callback:reassigned' notification (counting notifier): done and told
 * and how many history rows each has when the window (+ BENCH_DRAIN_S) is over: exactly once = 1.
 * A callback not yet reassigned at the end counts as late by (end − planned): percentiles are then lower
 * bounds (percentiles_are_lower_bounds, not_reassigned_by_end). fired_late_by_tenth_p50_max: p50/max of
 * fired_late per tenth of the window, in due order — a rising line is a backlog (throughput, not timers).
 *
 * Why a second grace (BENCH_GRACES=0,2): with grace 0 a reassigned callback is due again at once (its new
 * due time is "now"), so routing runs again straight away: it chains through maxReassignments to the
 * supervisor (and, in the current service with the inline queue, then keeps re-firing: route runs per
 * callback). Grace 2 min keeps that second round out of the measured window: it times the timers alone.
 *
 * Env / args: BENCH_TIMERS (--timers=) 10000; BENCH_SPREAD_S 60; BENCH_DRIVERS "bull,inline";
 * BENCH_GRACES minutes, "0"; BENCH_DRAIN_S 60 (how long after the last planned time to wait at most);
 * BENCH_CREATE_CONCURRENCY 16; BENCH_REDIS_URL (redis://127.0.0.1:6379); BENCH_MYSQL_URL; BENCH_KEEP_DB=1.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../server/db/data-source';
import { BullJobQueue } from '../server/jobs/bull-job-queue';
import { InlineJobQueue } from '../server/jobs/inline-job-queue';
import type { JobHandler, JobQueue } from '../server/jobs/job-queue';
import { createLogger } from '../server/logging/logger';
import { AuditService } from '../server/modules/audit/audit.service';
import { CallbacksService, REMIND_JOB, ROUTE_JOB, SWEEP_JOB } from '../server/modules/callbacks/callbacks.service';
import { LeadRouter } from '../server/modules/routing/lead-router.service';
import { ruleInputSchema } from '../server/modules/routing/routing-rule';
import { RoutingRulesService } from '../server/modules/routing/routing-rules.service';
import type { Notifier } from '../server/realtime/notifier';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { MANAGER_ID, OPERATORS, TEAMS, seedClients, seedPeople } from './lib/callback-seed';
import { CountingNotifier } from './lib/query-profile';
import { isDeleted } from './lib/synthetic-clients';
import { emit, info, loadAvg, round, summarize } from './lib/stats';

const BENCH = 'callback_timers';

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}
const TIMERS = Number(option('timers', 'BENCH_TIMERS', '10000'));
const SPREAD_S = Number(option('spread', 'BENCH_SPREAD_S', '60'));
const DRIVERS = option('drivers', 'BENCH_DRIVERS', 'bull,inline').split(',').filter(Boolean);
const GRACES = option('graces', 'BENCH_GRACES', '0').split(',').filter(Boolean).map(Number);
const DRAIN_S = Number(option('drain', 'BENCH_DRAIN_S', '60'));
const CONCURRENCY = Number(option('create-concurrency', 'BENCH_CREATE_CONCURRENCY', '16'));
const REDIS_URL = option('redis', 'BENCH_REDIS_URL', 'redis://127.0.0.1:6379');
const PILOT = 300;
const CLIENTS = 20_000;
const SWEEP_EVERY_MS = 24 * 3600_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wraps a JobQueue: records when each job's handler starts, and counts schedules and runs per name. */
class RecordingJobs implements JobQueue {
  readonly firstRun = new Map<string, Map<number, number>>();
  readonly runs: Record<string, number> = {};
  readonly schedules: Record<string, number> = {};
  readonly runsPerCallback = new Map<number, number>();
  private readonly routeRunTimes: number[] = [];
  runsBetween(a: number, b: number): number {
    return this.routeRunTimes.filter((t) => t >= a && t <= b).length;
  }
  constructor(private readonly inner: JobQueue) {}
  process<T>(name: string, handler: JobHandler<T>): void {
    const first = this.firstRun.get(name) ?? this.firstRun.set(name, new Map()).get(name)!;
    this.inner.process<T>(name, async (p) => {
      const at = Date.now();
      this.runs[name] = (this.runs[name] ?? 0) + 1;
      const id = (p as { callbackId?: number })?.callbackId;
      if (typeof id === 'number') {
        if (!first.has(id)) first.set(id, at);
        if (name === ROUTE_JOB) {
          this.runsPerCallback.set(id, (this.runsPerCallback.get(id) ?? 0) + 1);
          this.routeRunTimes.push(at);
        }
      }
      return handler(p);
    });
  }
  schedule<T>(name: string, jobId: string, payload: T, runAt: Date): Promise<void> {
    this.schedules[name] = (this.schedules[name] ?? 0) + 1;
    return this.inner.schedule(name, jobId, payload, runAt);
  }
  cancel(name: string, jobId: string): Promise<void> {
    return this.inner.cancel(name, jobId);
  }
  repeat<T>(name: string, everyMs: number, payload: T): Promise<void> {
    return this.inner.repeat(name, everyMs, payload);
  }
  pending(name: string): Promise<number> {
    return this.inner.pending(name);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Deletes every Redis key under the prefix (SCAN, not KEYS: the Redis is shared). */
async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let n = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return n;
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T | undefined> {
  let t: NodeJS.Timeout | undefined;
  const r = await Promise.race([p, new Promise<undefined>((res) => (t = setTimeout(() => (info(`${what}: gave up after ${ms} ms`), res(undefined)), ms)))]);
  clearTimeout(t);
  return r;
}

const prefixes: string[] = [];
const cleanupRedis = async () => {
  for (const p of prefixes.splice(0)) info(`deleted ${await deleteRedisKeys(p)} Redis keys under ${p}:`);
};
process.once('SIGINT', () => void cleanupRedis().finally(() => process.kill(process.pid, 'SIGINT')));

async function runCase(ds: DataSource, driver: string, graceMin: number): Promise<void> {
  const logger = createLogger('silent');
  await ds.query('DELETE FROM callback_history');
  await ds.query('DELETE FROM callbacks');
  await ds.query('DELETE FROM routing_rules');
  await ds.query('DELETE FROM audit_log');
  const audit = new AuditService(ds);
  const rules = new RoutingRulesService(ds, audit);
  await rules.create({ userId: MANAGER_ID, role: 'manager', ip: null }, ruleInputSchema.parse({ name: `Round robin, grace ${graceMin}`, graceMinutes: graceMin, action: { type: 'round_robin' } }));
  const notifier = new CountingNotifier(true);
  const router = new LeadRouter(ds, rules, notifier as unknown as Notifier, logger);
  const prefix = `bench-timers-${randomBytes(4).toString('hex')}`;
  let inner: JobQueue;
  if (driver === 'bull') {
    prefixes.push(prefix);
    inner = new BullJobQueue(REDIS_URL, prefix, logger);
  } else inner = new InlineJobQueue(logger);
  const jobs = new RecordingJobs(inner);
  const callbacks = new CallbacksService(ds, audit, router, jobs, notifier as unknown as Notifier, logger);
  const label = { driver, grace_min: graceMin };
  try {
    await callbacks.start(SWEEP_EVERY_MS);
    const operator = (i: number) => TEAMS + 1 + (i % OPERATORS);
    const client = (i: number) => {
      const c = 1 + ((i * 7919) % CLIENTS);
      return isDeleted(c) ? c - 1 : c; // soft-deleted clients get no callbacks
    };
    const create = (i: number, dueAt: Date) => callbacks.create(null, { clientId: client(i), assigneeId: operator(i), dueAt, priority: 0 });
    const pool = async <T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> => {
      const out: T[] = new Array(n);
      let next = 0;
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          const i = next++;
          out[i] = await f(i);
        }
      }));
      return out;
    };

    // Pilot: how fast creates go right now (due tomorrow: pending timers, not measured).
    await pool(50, (i) => create(TIMERS + PILOT + i, new Date(Date.now() + 24 * 3600_000))); // warm-up
    const p0 = Date.now();
    await pool(PILOT, (i) => create(TIMERS + i, new Date(Date.now() + 24 * 3600_000)));
    const pilotRate = PILOT / ((Date.now() - p0) / 1000);
    const leadS = Math.ceil(1.2 * (TIMERS / pilotRate) + 5);
    const windowStart = Date.now() + leadS * 1000;
    const planned = Array.from({ length: TIMERS }, (_, i) => windowStart + Math.floor((i * SPREAD_S * 1000) / TIMERS));
    info(`${driver}, grace ${graceMin} min: pilot ${Math.round(pilotRate)} creates/s → window opens in ${leadS} s; creating ${TIMERS.toLocaleString('en')} (load ${loadAvg().join(' ')})`);
    const c0 = Date.now();
    const views = await pool(TIMERS, (i) => create(i, new Date(planned[i]! - graceMin * 60_000)));
    const createS = (Date.now() - c0) / 1000;
    const createdBeforeWindow = Date.now() < windowStart;
    const pendingRoute = await jobs.pending(ROUTE_JOB);
    const pendingRemind = await jobs.pending(REMIND_JOB);
    info(`created in ${createS.toFixed(1)} s (${Math.round(TIMERS / createS)}/s), ${createdBeforeWindow ? `${((windowStart - Date.now()) / 1000).toFixed(1)} s before the window` : 'AFTER the window opened'}; pending: ${pendingRoute} route, ${pendingRemind} remind jobs`);
    const idOf = views.map((v) => v.id);
    const plannedOf = new Map(idOf.map((id, i) => [id, planned[i]!]));
    const load0 = loadAvg();

    // Wait for every first reassignment, or until the drain time after the last planned time.
    const deadline = planned[TIMERS - 1]! + DRAIN_S * 1000;
    while (Date.now() < deadline) {
      let done = 0;
      for (const id of idOf) if (notifier.firstReassigned.has(id)) done++;
      if (done === TIMERS && Date.now() > planned[TIMERS - 1]! + 2000) break;
      await sleep(250);
    }
    const endedAt = Date.now();
    const load1 = loadAvg();
    // Snapshot before stopping: history rows per callback, route runs, what is still scheduled.
    const hist: { callback_id: number; n: number; first_at: Date }[] = await ds.query('SELECT callback_id, COUNT(*) AS n, MIN(at) AS first_at FROM callback_history GROUP BY callback_id');
    const stillPendingRoute = await jobs.pending(ROUTE_JOB);
    const notFiredAtSnapshot = idOf.filter((id) => !(jobs.firstRun.get(ROUTE_JOB)?.has(id) ?? false)).length;
    const routeRuns = jobs.runs[ROUTE_JOB] ?? 0;
    const remindRuns = jobs.runs[REMIND_JOB] ?? 0;
    const observedS = (endedAt - windowStart) / 1000;
    await withTimeout(jobs.close(), 15_000, 'closing the job queue');

    const fired: number[] = [];
    const decided: number[] = [];
    const told: number[] = [];
    const perCallback = new Map<number, number>();
    const firstRoute = jobs.firstRun.get(ROUTE_JOB) ?? new Map<number, number>();
    for (const h of hist) perCallback.set(Number(h.callback_id), Number(h.n));
    const firstAt = new Map(hist.map((h) => [Number(h.callback_id), new Date(h.first_at).getTime()]));
    // A callback not reassigned (not fired, not decided) by the end counts as late by at least end − planned:
    // the percentiles are then lower bounds (censored > 0).
    let censored = 0;
    for (const id of idOf) {
      const p = plannedOf.get(id)!;
      // Anything after the end (jobs finishing while the queue closes) counts as the end.
      const upTo = (t: number | undefined) => Math.min(t ?? endedAt, endedAt) - p;
      fired.push(upTo(firstRoute.get(id)));
      decided.push(upTo(firstAt.get(id)));
      told.push(upTo(notifier.firstReassigned.get(id)));
      if (!((notifier.firstReassigned.get(id) ?? Infinity) <= endedAt)) censored++;
    }
    // Lateness over the window (p50/max per tenth, in due order): a backlog shows as a rising line.
    const tenths = Array.from({ length: 10 }, (_, k) => {
      const part = idOf.slice(Math.floor((k * TIMERS) / 10), Math.floor(((k + 1) * TIMERS) / 10)).filter((id) => firstRoute.has(id));
      const x = summarize(Float64Array.from(part.map((id) => firstRoute.get(id)! - plannedOf.get(id)!)));
      return [Math.round(x.p50_ms), Math.round(x.max_ms)];
    });
    const rows = idOf.map((id) => perCallback.get(id) ?? 0);
    const count = (f: (n: number) => boolean) => rows.filter(f).length;
    const routeRunsPer = idOf.map((id) => jobs.runsPerCallback.get(id) ?? 0);
    const windowRouteRuns = jobs.runsBetween(windowStart, endedAt);
    const s = (a: number[]) => summarize(Float64Array.from(a));
    const late = s(told);
    const early = told.filter((v) => v < 0).length;
    emit({
      bench: BENCH,
      ...label,
      timers: TIMERS,
      spread_s: SPREAD_S,
      reassigned: TIMERS - censored,
      not_reassigned_by_end: censored,
      percentiles_are_lower_bounds: censored > 0,
      p50_late_ms: late.p50_ms,
      p90_late_ms: late.p90_ms,
      p99_late_ms: late.p99_ms,
      max_late_ms: late.max_ms,
      meets_aim: censored === 0 && late.p99_ms < 1000,
      fired_late_ms: pick(s(fired)),
      fired_late_by_tenth_p50_max: tenths,
      decided_late_ms: pick(s(decided)),
      early,
      exactly_once: count((n) => n === 1),
      more_than_once: count((n) => n > 1),
      never: count((n) => n === 0),
      history_rows_max: Math.max(...rows),
      route_job_runs: routeRuns,
      route_runs_per_callback_max: Math.max(...routeRunsPer),
      route_runs_per_s_in_window: round(windowRouteRuns / Math.max(1, observedS), 1),
      remind_job_runs: remindRuns,
      due_reminders_sent: notifier.byEvent['callback:due'] ?? 0,
      route_jobs_pending_at_end: stillPendingRoute,
      // Routing jobs pending at the end besides the pilot's and those not fired yet: the re-plans of moved
      // callbacks (due now + grace). With grace 0 they fire at once, so expect ~0 even when re-planning works.
      replanned_route_jobs: stillPendingRoute - PILOT - 50 - notFiredAtSnapshot,
      observed_s: round(observedS, 1),
      create_s: round(createS, 1),
      creates_per_s: Math.round(TIMERS / createS),
      created_before_window: createdBeforeWindow,
      pending_route_jobs_at_window: pendingRoute,
      pending_remind_jobs_at_window: pendingRemind,
      load_at_window: load0,
      load_at_end: load1,
    });
  } finally {
    await withTimeout(jobs.close(), 15_000, 'closing the job queue');
    if (driver === 'bull') {
      info(`deleted ${await deleteRedisKeys(prefix)} Redis keys under ${prefix}:`);
      prefixes.splice(prefixes.indexOf(prefix), 1);
    }
    // In-flight handlers (a hot routing loop) may still be finishing their statements.
    await sleep(1000);
  }
}

const pick = (x: { p50_ms: number; p99_ms: number; max_ms: number; n: number }) => ({ n: x.n, p50: x.p50_ms, p99: x.p99_ms, max: x.max_ms });

void SWEEP_JOB;
const db = await ThrowawayDatabase.create('crm_bench_timers');
let ds: DataSource | null = null;
try {
  info(`load ${loadAvg().join(' ')}; ${TIMERS} timers over ${SPREAD_S} s; drivers ${DRIVERS.join(', ')}; graces ${GRACES.join(', ')} min`);
  const nextSweep = Math.ceil(Date.now() / SWEEP_EVERY_MS) * SWEEP_EVERY_MS;
  if (nextSweep - Date.now() < 30 * 60_000) info(`WARNING: bull's repeat of the sweep (aligned to ${SWEEP_EVERY_MS} ms) fires at ${new Date(nextSweep).toISOString()}, possibly inside a window`);
  ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name, { timezone: 'Z' });
  await seedPeople(conn);
  await seedClients(conn, CLIENTS);
  await conn.end();
  for (const grace of GRACES) for (const driver of DRIVERS) await runCase(ds, driver, grace);
} finally {
  await cleanupRedis().catch((err) => info(`Redis cleanup failed: ${(err as Error).message}`));
  await ds?.destroy().catch(() => undefined);
  await db.drop();
}
// Bull's and ioredis' sockets may linger: the figures are out, leave.
process.exit(process.exitCode ?? 0);
