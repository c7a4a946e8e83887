/**
 * One sweep worker of callback-sweep.bench.ts, in its own process (forked with --import tsx): its own
 * DataSource and pool (the server's createDataSource, migrations already applied by the parent), its
 * own LeadRouter (or the proposed one), a counting notifier. Protocol over IPC:
 *   parent → {type:'go'}                      after every worker said ready
 *   child  → {type:'ready'} / {type:'done', …} / {type:'error', message}
 *   parent → {type:'exit'}
 * Env: SWEEP_DB (database name), SWEEP_VARIANT (current | proposed), SWEEP_BATCH (proposed batch size).
 */
import { performance } from 'node:perf_hooks';
import { createDataSource } from '../../server/db/data-source';
import { createLogger } from '../../server/logging/logger';
import { AuditService } from '../../server/modules/audit/audit.service';
import { LeadRouter } from '../../server/modules/routing/lead-router.service';
import { RoutingRulesService } from '../../server/modules/routing/routing-rules.service';
import type { Notifier } from '../../server/realtime/notifier';
import { dbUrl } from './bench-db';
import { ProposedLeadRouter } from './lead-router.proposed';
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
  const router =
    variant === 'proposed'
      ? new ProposedLeadRouter(ds, rules, notifier as unknown as Notifier, logger, undefined, batch)
      : new LeadRouter(ds, rules, notifier as unknown as Notifier, logger);
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
        waiting: res.waiting,
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
