/**
 * The server side of bench/kpi.bench.ts, in a process of its own (forked with --import tsx): the real
 * composition as server/main.ts does it — openDatabase, createServices (kpiTimeZone from KPI_TZ), an
 * AsteriskConnector to the parent's AMI simulator, kpis.rebuild(), createHttpApp + createRealtime on an
 * ephemeral port, notifier attached.
 *
 * Added for the measurement only, from outside the server code (own properties shadowing methods):
 *   - per call, on process.hrtime.bigint() (CLOCK_MONOTONIC, the parent's clock too): when its 'ended'
 *     CallEvent leaves the AMI tracker, and when kpis.onCallEnded(record) has folded it (its promise
 *     resolved), with the fold's order;
 *   - per kpi:update broadcast: when the throttle timer was armed (scheduleBroadcast with no timer
 *     pending), when it fired (the first snapshot() of the broadcast), when toSupervisors was called (the
 *     3 windows built), the floor's 'today' call count in it and its JSON size;
 *   - event-loop delay, GC, CPU.
 * Also: each ExtensionDirectory reload (start, duration: every caller of snapshot()/userIdOf() awaits
 * it, kpis.onCallEnded included), the wait for a pooled connection of every statement, statements by kind.
 *
 * What-ifs (reported as such; unset = as shipped):
 *   KPI_THROTTLE_MS=n        the broadcast throttle (the service's broadcastEveryMs option, which
 *                            createServices does not expose; shipped: 250 ms);
 *   KPI_DIRECTORY_STALE_OK=1 the directory answers from the map it has and reloads in the background once
 *                            it is older than its max age (it awaits only its very first load) — the
 *                            proposed change to server/modules/users/extension-directory.ts.
 *
 * IPC: child → parent { type: 'ready', port }; parent → child 'reset' | 'stats' | 'close' (see below).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { openDatabase } from '../../server/db/data-source';
import { createHttpApp } from '../../server/http/app';
import { createLogger } from '../../server/logging/logger';
import type { CallRecord } from '../../server/modules/calls/call-record';
import type { KpiUpdate } from '../../server/modules/kpis/kpi.service';
import type { Notifier } from '../../server/realtime/notifier';
import { createRealtime } from '../../server/realtime/socket-server';
import { createServices } from '../../server/services';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import type { CallEvent } from '../../telephony/call-event';

const now = () => process.hrtime.bigint();

export type ChildCall = { callId: string; ended: string; folded?: string; foldNo?: number };
export type ChildBroadcast = { armed: string | null; fired: string | null; emitted: string; floorCalls: number; operators: number; bytes: number };
export type ChildStats = {
  calls: ChildCall[];
  broadcasts: ChildBroadcast[];
  throttleMs: number;
  cpuMs: { user: number; system: number };
  eld: { p50_ms: number; p99_ms: number; max_ms: number };
  gc: { ms: number; count: number; max_ms: number };
  kpiErrors: number;
  loadPeople: number;
  directoryReloads: { start: string; ms: number }[];
  poolWaitMs: number[];
  queries: Record<string, number>;
  directoryStaleOk: boolean;
  /** Folds since the child started (the floor count = the count after rebuild + folds). */
  folds: number;
};

async function main(): Promise<void> {
  const logger = createLogger(process.env.KPI_LOG_LEVEL ?? 'warn');
  const ds = await openDatabase({ type: 'mysql', url: process.env.KPI_DB_URL!, database: process.env.KPI_DB_NAME! });
  const pbx = new AsteriskConnector({ url: process.env.KPI_AMI_URL!, name: 'bench', logger: logger.child({ component: 'ami' }) });
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 24 * 3600_000, kpiTimeZone: process.env.KPI_TZ }, logger, pbx, pbxMode: 'asterisk' });

  type KpiInternals = {
    opts: { broadcastEveryMs?: number };
    timer: NodeJS.Timeout | undefined;
    scheduleBroadcast: () => void;
    snapshot: (...a: unknown[]) => unknown;
    onCallEnded: (r: CallRecord) => Promise<void>;
    loadPeople: () => Promise<void>;
  };
  const kpis = services.kpis as unknown as KpiInternals;
  if (process.env.KPI_THROTTLE_MS) kpis.opts.broadcastEveryMs = Number(process.env.KPI_THROTTLE_MS);
  const throttleMs = kpis.opts.broadcastEveryMs ?? 250;

  let recording = false;
  const calls = new Map<string, ChildCall>();
  const broadcasts: ChildBroadcast[] = [];
  let foldNo = 0;
  let armed: bigint | null = null;
  let fired: bigint | null = null;
  let kpiErrors = 0;
  let loadPeopleCount = 0;

  // The extension directory: every reload, and (what-if) answers from the current map while reloading.
  type DirectoryInternals = { refresh: () => Promise<void>; loadedAt: number; loading: Promise<void> | undefined; maxAgeMs: number; byExtension: ReadonlyMap<string, number>; snapshot: () => Promise<ReadonlyMap<string, number>>; userIdOf: (e: string | null) => Promise<number | null> };
  const directory = services.directory as unknown as DirectoryInternals;
  const directoryReloads: { start: string; ms: number }[] = [];
  const refresh = directory.refresh.bind(directory);
  directory.refresh = async () => {
    const starts = directory.loading === undefined && Date.now() - directory.loadedAt >= directory.maxAgeMs;
    const t0 = now();
    await refresh();
    if (starts && recording) directoryReloads.push({ start: String(t0), ms: Number(now() - t0) / 1e6 });
  };
  const directoryStaleOk = process.env.KPI_DIRECTORY_STALE_OK === '1';
  if (directoryStaleOk) {
    const current = async () => {
      if (directory.loadedAt === 0) await directory.refresh();
      else if (Date.now() - directory.loadedAt >= directory.maxAgeMs) void directory.refresh().catch((err: Error) => logger.warn({ err: err.message }, 'directory reload failed'));
      return directory.byExtension;
    };
    directory.snapshot = current;
    directory.userIdOf = async (ext) => (ext ? ((await current()).get(ext) ?? null) : null);
  }
  // Waits for a pooled connection (10 in the pool) and statements by kind (TypeORM calls logQuery for each).
  const poolWaitMs: number[] = [];
  const driver = ds.driver as unknown as { obtainMasterConnection: () => Promise<unknown> };
  const obtain = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const t0 = now();
    const c = await obtain();
    if (recording) poolWaitMs.push(Number(now() - t0) / 1e6);
    return c;
  };
  const queries = new Map<string, number>();
  const logQuery = ds.logger.logQuery.bind(ds.logger);
  ds.logger.logQuery = (query: string, ...rest: unknown[]) => {
    if (recording) {
      const verb = /^\s*(\w+)/.exec(query)?.[1]?.toUpperCase() ?? '?';
      const table = /\b(?:FROM|INTO|UPDATE)\s+`?(\w+)`?/i.exec(query)?.[1] ?? '';
      const k = `${verb} ${table}`.trim();
      queries.set(k, (queries.get(k) ?? 0) + 1);
    }
    return (logQuery as (...a: unknown[]) => unknown)(query, ...rest);
  };

  const onCallEnded = kpis.onCallEnded.bind(kpis);
  kpis.onCallEnded = async (record: CallRecord) => {
    try {
      await onCallEnded(record);
    } catch (err) {
      kpiErrors++;
      throw err;
    }
    foldNo++;
    const c = calls.get(record.callId);
    if (c) {
      c.folded = String(now());
      c.foldNo = foldNo;
    }
  };
  const loadPeople = kpis.loadPeople.bind(kpis);
  kpis.loadPeople = () => {
    if (recording) loadPeopleCount++;
    return loadPeople();
  };
  const schedule = kpis.scheduleBroadcast.bind(kpis);
  kpis.scheduleBroadcast = () => {
    if (kpis.timer === undefined) armed = now();
    schedule();
  };
  const snapshot = kpis.snapshot.bind(kpis);
  kpis.snapshot = (...a: unknown[]) => {
    fired ??= now();
    return snapshot(...a);
  };

  // As server/main.ts: sweeps, the KPI rebuild, then the PBX link.
  await services.callbacks.start();
  await services.kpis.rebuild();
  pbx.onResync((live) => void services.callLog.closeStale(pbx.name, live).catch((err: Error) => logger.warn({ err: err.message }, 'closing stale calls failed')));
  pbx.start((event: CallEvent) => {
    if (recording && event.type === 'ended') calls.set(event.callId, { callId: event.callId, ended: String(now()) });
    services.callLog.handle(event);
  });

  const http = createServer(createHttpApp({ services, logger, cookieSecure: false }));
  const realtime = createRealtime(http, { auth: services.auth, screenpops: services.screenpops, agents: services.agents, logger });
  const inner = realtime.notifier;
  const notifier: Notifier = {
    toUser: (userId, event, ...args) => inner.toUser(userId, event, ...args),
    toSupervisors: (event, ...args) => {
      if (event === 'kpi:update') {
        const t = now();
        const u = args[0] as KpiUpdate;
        if (recording) broadcasts.push({ armed: armed === null ? null : String(armed), fired: fired === null ? null : String(fired), emitted: String(t), floorCalls: u.windows.today.floor.calls, operators: u.windows.today.operators.length, bytes: Buffer.byteLength(JSON.stringify(u)) });
        armed = null;
        fired = null;
      }
      inner.toSupervisors(event, ...args);
    },
  };
  services.notifier.attach(notifier);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const eld = monitorEventLoopDelay({ resolution: 5 });
  eld.enable();
  let gcMs = 0;
  let gcCount = 0;
  let gcMaxMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      gcCount++;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let cpu0 = process.cpuUsage();

  const send = (m: object) => process.send?.(m);
  process.on('message', async (m: { type: string }) => {
    try {
      if (m.type === 'reset') {
        // Start of the measured window: fold numbers count from here (the parent reads the baseline).
        calls.clear();
        broadcasts.length = 0;
        eld.reset();
        gcMs = gcCount = gcMaxMs = 0;
        loadPeopleCount = 0;
        directoryReloads.length = 0;
        poolWaitMs.length = 0;
        queries.clear();
        cpu0 = process.cpuUsage();
        recording = true;
        send({ type: 'reset', foldNo });
      } else if (m.type === 'stats') {
        recording = false;
        const cpu = process.cpuUsage(cpu0);
        const stats: ChildStats = {
          calls: [...calls.values()],
          broadcasts,
          throttleMs,
          cpuMs: { user: cpu.user / 1000, system: cpu.system / 1000 },
          eld: { p50_ms: eld.percentile(50) / 1e6, p99_ms: eld.percentile(99) / 1e6, max_ms: eld.max / 1e6 },
          gc: { ms: gcMs, count: gcCount, max_ms: gcMaxMs },
          kpiErrors,
          loadPeople: loadPeopleCount,
          folds: foldNo,
          directoryReloads,
          poolWaitMs,
          queries: Object.fromEntries(queries),
          directoryStaleOk,
        };
        send({ type: 'stats', ...stats });
      } else if (m.type === 'close') {
        services.abc.stop();
        services.agents.stop();
        services.kpis.stop();
        const closed = realtime.io.close();
        http.closeAllConnections();
        await closed.catch(() => undefined);
        await pbx.stop().catch(() => undefined);
        await services.callLog.flush().catch(() => undefined);
        services.callLog.stop();
        await services.jobs.close().catch(() => undefined);
        await ds.destroy().catch(() => undefined);
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', message: (err as Error).stack ?? String(err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port, pid: process.pid, throttleMs });
}

main().catch((err) => {
  process.stderr.write(`kpi server child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.send?.({ type: 'error', message: (err as Error).message });
  process.exit(1);
});
