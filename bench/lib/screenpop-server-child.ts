/**
 * The server side of bench/screenpop.bench.ts, in a process of its own (forked with --import tsx
 * --expose-gc): the real composition as server/main.ts does it — openDatabase, createServices, an
 * AsteriskConnector to the parent's AMI simulator (when SP_AMI_URL is set; the call log is fed from it and
 * closes stale calls on resync), createHttpApp + createRealtime on an ephemeral port, notifier attached.
 *
 * Added for the measurement only, from outside the server code:
 *   - a bare echo handler on the same `io`: socket.on('echo', (x, ack) => ack(x)), the floor;
 *   - timestamps (process.hrtime.bigint(), CLOCK_MONOTONIC, the same clock as the parent's) of each
 *     ringing CallEvent as it leaves the tracker, around ScreenPopService.build, and at the screenpop emit;
 *   - event-loop delay and GC pauses.
 *
 * IPC: child → parent { type: 'ready', port } then answers; parent → child
 *   { type: 'reset' }  clears the stage records and the delay histogram (start of the measured window)
 *   { type: 'stats' }  → { type: 'stats', stages, eld, gc, sockets, warnings }
 *   { type: 'mem' }    → { type: 'mem', sockets, rss, heapUsed, heapTotal, external, arrayBuffers } after full GCs
 *   { type: 'close' }  stops everything and exits
 * Everything the server logs goes to stderr (the parent prints JSON lines on stdout).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { openDatabase } from '../../server/db/data-source';
import { createHttpApp } from '../../server/http/app';
import { createLogger } from '../../server/logging/logger';
import type { Notifier } from '../../server/realtime/notifier';
import { createRealtime } from '../../server/realtime/socket-server';
import { createServices } from '../../server/services';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import type { CallEvent } from '../../telephony/call-event';

type Stage = { callId: string; ext: string; event: string; buildStart?: string; buildEnd?: string; emit?: string; bytes?: number };

const gc = (globalThis as { gc?: () => void }).gc;
const now = () => process.hrtime.bigint();

async function main(): Promise<void> {
  const dbUrl = process.env.SP_DB_URL!;
  const database = process.env.SP_DB_NAME!;
  const amiUrl = process.env.SP_AMI_URL;
  const logger = createLogger(process.env.SP_LOG_LEVEL ?? 'warn');
  // pino writes to stdout; the parent pipes our stdout to its stderr.
  const ds = await openDatabase({ type: 'mysql', url: dbUrl, database });
  const pbx = amiUrl ? new AsteriskConnector({ url: amiUrl, name: 'bench', logger: logger.child({ component: 'ami' }) }) : undefined;
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 24 * 3600_000 }, logger, pbx, pbxMode: pbx ? 'asterisk' : 'none' });

  const stages = new Map<string, Stage>();
  const key = (callId: string, ext: string) => `${callId}|${ext}`;
  let recording = true;

  // Around the pop's card building (an own property shadows the prototype method; the service calls this.build).
  const pops = services.screenpops as unknown as { build: (...a: unknown[]) => Promise<{ callId: string; extension: string }> };
  const build = pops.build.bind(pops);
  pops.build = async (...a: unknown[]) => {
    const t0 = now();
    const pop = await build(...a);
    const s = recording ? stages.get(key(pop.callId, pop.extension)) : undefined;
    if (s) {
      s.buildStart = String(t0);
      s.buildEnd = String(now());
    }
    return pop;
  };

  // The lookup part of build (client by number + its phones/emails/tags), every call of it.
  const lookupMs: number[] = [];
  const lookup = services.lookup as unknown as { findByPhone: (n: string) => Promise<unknown> };
  const findByPhone = lookup.findByPhone.bind(lookup);
  lookup.findByPhone = async (n: string) => {
    const t0 = now();
    try {
      return await findByPhone(n);
    } finally {
      if (recording) lookupMs.push(Number(now() - t0) / 1e6);
    }
  };
  // Waits for a pooled connection (10 in the pool: pops, call log writes and agent-state updates share it).
  const poolWaitMs: number[] = [];
  const driver = ds.driver as unknown as { obtainMasterConnection: () => Promise<unknown> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const t0 = now();
    const c = await obtain();
    if (recording) poolWaitMs.push(Number(now() - t0) / 1e6);
    return c;
  };
  // Statements sent (TypeORM calls logQuery for each whatever the logging option), by kind.
  const queries = new Map<string, number>();
  const logQuery = ds.logger.logQuery.bind(ds.logger);
  ds.logger.logQuery = (query: string, ...rest: unknown[]) => {
    if (recording) {
      const k = /^\s*(\w+)/.exec(query)?.[1]?.toUpperCase() ?? '?';
      queries.set(k, (queries.get(k) ?? 0) + 1);
    }
    return (logQuery as (...a: unknown[]) => unknown)(query, ...rest);
  };
  let cpu0 = process.cpuUsage();

  if (pbx) {
    pbx.onResync((live) => void services.callLog.closeStale(pbx.name, live).catch((err: Error) => logger.warn({ err: err.message }, 'closing stale calls failed')));
    pbx.start((event: CallEvent) => {
      if (recording && event.type === 'ringing' && event.extension) stages.set(key(event.callId, event.extension), { callId: event.callId, ext: event.extension, event: String(now()) });
      services.callLog.handle(event);
    });
  }

  const app = createHttpApp({ services, logger, cookieSecure: false });
  const http = createServer(app);
  const realtime = createRealtime(http, { auth: services.auth, screenpops: services.screenpops, agents: services.agents, logger });
  const inner = realtime.notifier;
  const notifier: Notifier = {
    toUser: (userId, event, ...args) => {
      // Stamped before the emit: socket.io writes to the socket synchronously, the client may have it at once.
      if (recording && event === 'screenpop') {
        const pop = args[0] as { callId: string; extension: string };
        const s = stages.get(key(pop.callId, pop.extension));
        if (s && !s.emit) s.emit = String(now());
      }
      inner.toUser(userId, event, ...args);
    },
    toSupervisors: (event, ...args) => inner.toSupervisors(event, ...args),
  };
  services.notifier.attach(notifier);
  // The floor: a bare echo on the same server, same middleware, same sockets.
  realtime.io.on('connection', (socket) => {
    (socket as unknown as { on(e: string, f: (x: unknown, ack: (x: unknown) => void) => void): void }).on('echo', (x, ack) => typeof ack === 'function' && ack(x));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  let gcMs = 0;
  let gcCount = 0;
  let gcMaxMs = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
    }
  });
  obs.observe({ entryTypes: ['gc'] });

  const memory = () => {
    gc?.();
    gc?.();
    return { sockets: realtime.io.engine.clientsCount, ...process.memoryUsage() };
  };

  const retainedPackets = () => {
    const packets = (realtime.io.of('/').adapter as unknown as { packets?: { data: unknown[] }[] }).packets ?? [];
    let bytes = 0;
    for (const p of packets) bytes += Buffer.byteLength(JSON.stringify(p.data));
    return { count: packets.length, mb: Math.round((bytes / 2 ** 20) * 10) / 10 };
  };
  const send = (m: object) => process.send?.(m);
  process.on('message', async (m: { type: string }) => {
    try {
      if (m.type === 'reset') {
        stages.clear();
        lookupMs.length = 0;
        poolWaitMs.length = 0;
        queries.clear();
        cpu0 = process.cpuUsage();
        eld.reset();
        gcMs = gcCount = gcMaxMs = 0;
        recording = true;
        send({ type: 'reset' });
      } else if (m.type === 'stats') {
        recording = false;
        const cpu = process.cpuUsage(cpu0);
        send({
          type: 'stats',
          stages: [...stages.values()],
          lookupMs,
          poolWaitMs,
          queries: Object.fromEntries(queries),
          cpuMs: { user: cpu.user / 1000, system: cpu.system / 1000 },
          eld: { p50_ms: eld.percentile(50) / 1e6, p99_ms: eld.percentile(99) / 1e6, max_ms: eld.max / 1e6, mean_ms: eld.mean / 1e6 },
          gc: { ms: gcMs, count: gcCount, max_ms: gcMaxMs },
          sockets: realtime.io.engine.clientsCount,
          callLogPending: services.callLog.pending,
          // connectionStateRecovery keeps every broadcast packet for maxDisconnectionDuration (+ up to 60 s).
          adapterPackets: retainedPackets(),
        });
      } else if (m.type === 'mem') {
        send({ type: 'mem', ...memory() });
      } else if (m.type === 'close') {
        services.abc.stop();
        services.agents.stop();
        const closed = realtime.io.close();
        http.closeAllConnections();
        await closed.catch(() => undefined);
        await pbx?.stop().catch(() => undefined);
        await services.callLog.flush().catch(() => undefined);
        services.callLog.stop();
        await ds.destroy().catch(() => undefined);
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', message: (err as Error).stack ?? String(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port, pid: process.pid });
}

main().catch((err) => {
  process.stderr.write(`screenpop server child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.send?.({ type: 'error', message: (err as Error).message });
  process.exit(1);
});
