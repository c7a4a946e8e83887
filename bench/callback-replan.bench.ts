/**
 * Re-planning after a rule change: how long until every pending callback's routing timer follows the new
 * rules, through the real CallbacksService.replan({ reminders: false }) (what the debounced job runs), on bull (Redis
 * 127.0.0.1:6379, a unique prefix deleted afterwards) and on the in-process queue. Also what one delayed
 * routing job costs in Redis memory. The sweep keeps routing correctly meanwhile; this is how long timers
 * are imprecise after an edit.
 *
 *   bash bench/run.sh callback-replan                         # 100,000 pending, bull and inline
 *   BENCH_PENDING=1000000 BENCH_DRIVERS=bull bash bench/run.sh callback-replan
 *
 * Per driver: `first` (no timers yet: one add each) and `again` (every timer exists: remove + add each).
 * Env: BENCH_PENDING 100000; BENCH_DRIVERS "bull,inline"; BENCH_REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openDatabase } from '../server/db/data-source';
import { BullJobQueue } from '../server/jobs/bull-job-queue';
import { InlineJobQueue } from '../server/jobs/inline-job-queue';
import type { JobQueue } from '../server/jobs/job-queue';
import { createLogger } from '../server/logging/logger';
import { AuditService } from '../server/modules/audit/audit.service';
import { CallbacksService, ROUTE_JOB } from '../server/modules/callbacks/callbacks.service';
import { LeadRouter } from '../server/modules/routing/lead-router.service';
import { ruleInputSchema } from '../server/modules/routing/routing-rule';
import { RoutingRulesService } from '../server/modules/routing/routing-rules.service';
import { silentNotifier } from '../server/realtime/notifier';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { MANAGER_ID, seedCallbacks, seedClients, seedPeople } from './lib/callback-seed';
import { emit, info, loadAvg, round } from './lib/stats';

const PENDING = Number(process.env.BENCH_PENDING ?? 100_000);
const DRIVERS = (process.env.BENCH_DRIVERS ?? 'bull,inline').split(',').filter(Boolean);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLIENTS = 20_000;

const redis = new Redis(REDIS_URL);
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? NaN);
const prefixes: string[] = [];

const db = await ThrowawayDatabase.create('crm_bench_replan');
try {
  info(`load ${loadAvg().join(' ')}; ${PENDING.toLocaleString('en')} pending callbacks; drivers ${DRIVERS.join(', ')}`);
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name, { timezone: 'Z' });
  await seedPeople(conn);
  await seedClients(conn, CLIENTS);
  await seedCallbacks(conn, PENDING, CLIENTS);
  await conn.end();
  const logger = createLogger('silent');
  const audit = new AuditService(ds);
  const rules = new RoutingRulesService(ds, audit);
  await rules.create({ userId: MANAGER_ID, role: 'manager', ip: null }, ruleInputSchema.parse({ name: 'Round robin after 10 min', graceMinutes: 10, action: { type: 'round_robin' } }));
  for (const driver of DRIVERS) {
    const prefix = `bench-replan-${randomBytes(4).toString('hex')}`;
    if (driver === 'bull') prefixes.push(prefix);
    const jobs: JobQueue = driver === 'bull' ? new BullJobQueue(REDIS_URL, prefix, logger) : new InlineJobQueue(logger);
    const callbacks = new CallbacksService(ds, audit, new LeadRouter(ds, rules, silentNotifier, logger), jobs, silentNotifier, logger);
    try {
      const memoryBefore = await usedMemory();
      for (const run of ['first', 'again']) {
        const load = loadAvg();
        const t0 = process.hrtime.bigint();
        const planned = await callbacks.replan({ reminders: false });
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        const pending = await jobs.pending(ROUTE_JOB);
        const redisBytes = driver === 'bull' ? (await usedMemory()) - memoryBefore : null;
        info(`${driver} ${run}: ${planned} timers in ${round(seconds, 2)} s`);
        emit({ bench: 'callback_replan', driver, run, pending_callbacks: PENDING, planned, timers_pending: pending, seconds: round(seconds, 2), per_s: Math.round(planned / seconds), redis_bytes_per_timer: redisBytes === null ? null : Math.round(redisBytes / pending), load_at_start: load });
      }
    } finally {
      await jobs.close();
    }
  }
  await ds.destroy();
} finally {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    for (let i = 0; i < keys.length; i += 10_000) await redis.del(...keys.slice(i, i + 10_000));
  }
  await redis.quit();
  await db.drop();
}
process.exit(process.exitCode ?? 0);
