/**
 * One sweep worker of callback-sweep.bench.ts, in its own process (forked with --import tsx): its own
 * DataSource and pool (the server's createDataSource, migrations already applied by the parent), its
 * own LeadRouter, a counting notifier. Protocol over IPC:
 *   parent → {type:'go'}                      after every worker said ready
 *   child  → {type:'ready'} / {type:'done', …} / {type:'error', message}
 *   parent → {type:'exit'}
 * Env: SWEEP_DB (database name), SWEEP_VARIANT (current | floor), SWEEP_BATCH (batch size of the floor).
 *
 * floor: the bare SKIP LOCKED batch sweep on a plain mysql2 connection, no TypeORM, no rules, no
 * notifications: claim a batch in index order FOR UPDATE SKIP LOCKED (ids only), read the rows by
 * primary key, one CASE UPDATE (to the next
 * operator of the same team), one multi-row INSERT each into history and audit, commit. What the
 * database alone costs for the same rows.
 */
import { performance } from 'node:perf_hooks';
import { createDataSource } from '../../server/db/data-source';
import { createLogger } from '../../server/logging/logger';
import { AuditService } from '../../server/modules/audit/audit.service';
import { LeadRouter } from '../../server/modules/routing/lead-router.service';
import { RoutingRulesService } from '../../server/modules/routing/routing-rules.service';
import type { Notifier } from '../../server/realtime/notifier';
import { connect, dbUrl } from './bench-db';
import { OPERATORS, TEAMS } from './callback-seed';
import { CountingNotifier, QueryProfiler } from './query-profile';

const database = process.env.SWEEP_DB!;
const variant = process.env.SWEEP_VARIANT ?? 'current';
const batch = Number(process.env.SWEEP_BATCH ?? 500);
const send = (m: unknown) => process.send!(m);

try {
  const ds = createDataSource({ type: 'mysql', url: dbUrl(database), database } as never);
  await ds.initialize();
  const profiler = new QueryProfiler().install(ds);
  const logger = createLogger('silent');
  const rules = new RoutingRulesService(ds, new AuditService(ds));
  const notifier = new CountingNotifier();
  const router = variant === 'floor' ? { route: () => floorSweep(batch) } : new LeadRouter(ds, rules, notifier as unknown as Notifier, logger);
  // Open a few pooled connections before the clock starts.
  await Promise.all([1, 2, 3].map(() => ds.query('SELECT 1')));
  await rules.enabled();
  for (const k of Object.keys(profiler.profile)) delete profiler.profile[k];

  process.on('message', async (m: { type: string }) => {
    if (m.type === 'exit') {
      await ds.destroy().catch(() => undefined);
      process.exit(0);
    }
    if (m.type !== 'go') return;
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await router.route();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const expected = res.reassigned.reduce((n, d) => n + (d.fromId !== null ? 1 : 0) + (d.toId !== null ? 2 : 0) + 1, 0);
      send({
        type: 'done',
        ms,
        cpu_ms: (cpu.user + cpu.system) / 1000,
        examined: res.examined,
        waiting: res.waiting.length,
        ids: res.reassigned.map((d) => d.callbackId),
        notifications: notifier.total,
        notifications_expected: expected,
        supervisor_notifications: notifier.toSupervisorsCalls,
        profile: profiler.summary(),
        samples: profiler.samples,
      });
    } catch (err) {
      send({ type: 'error', message: (err as Error).stack ?? String(err) });
    }
  });
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'error', message: (err as Error).stack ?? String(err) });
  process.exit(1);
}

/** The bare sweep (see the header); returns what route() returns, with decisions reduced to ids. */
async function floorSweep(n: number): Promise<{ examined: number; waiting: unknown[]; reassigned: { callbackId: number; fromId: number | null; toId: number | null }[] }> {
  const conn = await connect(database, { timezone: 'Z' });
  const out = { examined: 0, waiting: [] as unknown[], reassigned: [] as { callbackId: number; fromId: number | null; toId: number | null }[] };
  try {
    const now = new Date();
    const cutoff = new Date(now.getTime() - 10 * 60_000);
    for (;;) {
      await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await conn.query('START TRANSACTION');
      // Only (id, due_at) under the lock: an index-only range scan of (status, due_at) that stops at the cutoff.
      // (Selecting assignee_id here let MariaDB pick `ref` on status alone: the last, empty claim then
      // locked every pending row it walked — 530k row locks per worker, lock heaps over 95% of a 128 MB
      // buffer pool, and mariadbd aborted. Do not widen this SELECT.)
      const [claimed] = (await conn.query(`SELECT id, due_at FROM callbacks WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ${n} FOR UPDATE SKIP LOCKED`, [cutoff])) as unknown as [{ id: number }[]];
      if (claimed.length === 0) {
        await conn.query('COMMIT');
        break;
      }
      const [rows] = (await conn.query('SELECT id, assignee_id FROM callbacks WHERE id IN (?)', [claimed.map((r) => r.id)])) as unknown as [{ id: number; assignee_id: number }[]];
      const moves = rows.map((r) => ({ callbackId: r.id, fromId: r.assignee_id, toId: TEAMS + 1 + ((r.assignee_id - TEAMS - 1 + TEAMS) % OPERATORS) }));
      await conn.query(`UPDATE callbacks SET assignee_id = CASE id ${moves.map(() => 'WHEN ? THEN ?').join(' ')} END, due_at = ?, updated_at = ?, version = version + 1, reassign_count = reassign_count + 1 WHERE id IN (?)`, [
        ...moves.flatMap((m) => [m.callbackId, m.toId]),
        now,
        now,
        moves.map((m) => m.callbackId),
      ]);
      await conn.query('INSERT INTO callback_history (callback_id, from_id, to_id, at, rule_id, reason) VALUES ?', [moves.map((m) => [m.callbackId, m.fromId, m.toId, now, null, 'floor'])]);
      await conn.query('INSERT INTO audit_log (at, actor_id, action, entity, entity_id, `before`, `after`, ip) VALUES ?', [
        moves.map((m) => [now, null, 'reassign', 'callback', String(m.callbackId), JSON.stringify({ assigneeId: m.fromId }), JSON.stringify({ assigneeId: m.toId }), null]),
      ]);
      await conn.query('COMMIT');
      out.examined += rows.length;
      out.reassigned.push(...moves);
    }
  } finally {
    await conn.end();
  }
  return out;
}
