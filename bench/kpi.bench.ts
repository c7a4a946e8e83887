/**
 * Live KPIs and KPI history with 200 operators, 50 calls/s and millions of historical calls.
 *
 *   bash bench/run.sh kpi                                              # the issue's scale (seeding takes minutes)
 *   BENCH_PHASES=latency,cpu bash bench/run.sh kpi                     # no history seeding
 *   BENCH_CALLS_IN_DB=1000000 BENCH_PHASES=history bash bench/run.sh kpi
 *   BENCH_LATENCY_VARIANTS=shipped,throttle=100+directory_stale_ok BENCH_PHASES=latency bash bench/run.sh kpi
 *
 * Phases (BENCH_PHASES, default latency,cpu,history), one throwaway database crm_bench_kpi_<random>
 * (migrations through openDatabase; dropped at the end, also on failure or SIGINT/SIGTERM):
 *
 * 1. latency — call end on the AMI socket → `kpi:update` at a supervisor's socket.
 *    Processes: this one (driver) runs the AMI simulator (AmiServer, speed 1: simulated time = real time,
 *    so no clock mapping is needed) and the socket.io-clients (the supervisor's, and BENCH_OPERATOR_SOCKETS
 *    operators' that ack their screen-pops as the browser does); a child (bench/lib/kpi-server-child.ts)
 *    runs the real server composition with an AsteriskConnector to the simulator.
 *    Start: the driver's process.hrtime.bigint() just before the simulator's session.write() of the data
 *    holding the call's last channel Hangup (the message on which the tracker ends the call).
 *    End: the driver's clock when the supervisor's socket fires 'kpi:update' for the first update whose
 *    windows.today.floor.calls (minus the count before the traffic) reaches that call's position in the
 *    order of end writes — every update is attributed to all calls ended since the previous one.
 *    The server child stamps (same CLOCK_MONOTONIC) the ended CallEvent leaving the tracker, the fold in
 *    kpis.onCallEnded, the throttle timer being armed / firing, and the toSupervisors() call, so the total
 *    splits into stages; `throttle_wait` is the part the 250 ms broadcast throttle (by design) adds.
 *    Load: BENCH_RATE calls/s among BENCH_OPERATORS free operators (10 % outbound answered, 3 % outbound
 *    busy, 5 % inbound abandoned, 12 % inbound rung on one operator unanswered then answered by another,
 *    the rest answered at the first ring; ring 0.2–0.8 s, talk 0.5–2 s so calls end continuously),
 *    BENCH_WARMUP_SECONDS unmeasured, BENCH_SECONDS measured (calls started then), 2 s more traffic.
 *    The KPI time zone is an Etc/GMT±N zone where it is about noon, so "today" cannot roll over mid-run.
 *
 * 2. cpu — KpiService.onCallEnded(record) in this process on the same database's 200 operators:
 *    process.cpuUsage() over BENCH_CPU_UPDATES updates of synthetic CallRecords (built from CallEvents
 *    like the call log builds them) → µs per update, broadcasts held off (measured apart: snapshot() per
 *    window with 200 operators, a whole kpi:update with 20 and with 200 operators changed, + JSON). The
 *    parts: CallRecord figures, attribute(), dayOf() (and what a new Intl.DateTimeFormat per call, as
 *    dayOf did before commit cedbceb, costs). Also with a supervisor who has an extension (an id in the
 *    directory that is not an operator: before commit 53474d4 that reloaded people on every call).
 *
 * 3. history — BENCH_CALLS_IN_DB calls over BENCH_HISTORY_DAYS days (+ call_legs) bulk-seeded from the
 *    Sequence engine (bench/lib/kpi-seed.ts), then KpiHistoryService.report(from, to) for one local day,
 *    30 local days (Europe/Moscow, the server's default KPI time zone) and the same 30 days shifted off
 *    midnight: first from the raw tables (no day rolled up yet: what a report costs for days not rolled
 *    up, and what every report cost before the rollup), then rollUp() of every day (as the hourly job runs
 *    it), then the same reports from kpi_daily (+ raw partial days), BENCH_REPORT_RUNS each. Every rolled
 *    report is checked to equal the raw one (same JSON, operators by id); a difference fails the run.
 *
 * Env: BENCH_OPERATORS (200), BENCH_TEAMS (4), BENCH_RATE (50), BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (5),
 * BENCH_LATENCY_VARIANTS (shipped; a comma list runs the latency phase once per variant, each 'shipped' or
 * what-ifs joined by '+': throttle=<ms>, directory_stale_ok — see bench/lib/kpi-server-child.ts),
 * BENCH_OPERATOR_SOCKETS (1 = connect the operators' sockets too), BENCH_SUPERVISOR_EXTENSION (0; 1 gives
 * the supervisor a phone in the latency phase), BENCH_CPU_UPDATES (100000), BENCH_CALLS_IN_DB (5000000),
 * BENCH_HISTORY_DAYS (91), BENCH_CHUNK (250000), BENCH_REPORT_RUNS (5), BENCH_REPORT_TIMEOUT_S (600: a report
 * still running then is stopped with KILL QUERY on this database's own statements and counted as over the
 * limit), BENCH_SEED, BENCH_MYSQL_URL, BENCH_KEEP_DB=1 (keep the database; its name is
 * printed), BENCH_REUSE_DB=<that name> (history phase only: no seeding, the schema put back as shipped;
 * dropped at the end unless BENCH_KEEP_DB=1).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../server/db/data-source';
import { createLogger } from '../server/logging/logger';
import { CallRecord } from '../server/modules/calls/call-record';
import { attribute } from '../server/modules/kpis/kpi-definitions';
import { KpiHistoryService, type KpiReport } from '../server/modules/kpis/kpi-history.service';
import { dayOf, dayStartOf, nextDayStart } from '../server/modules/kpis/local-days';
import { KpiService, type KpiUpdate } from '../server/modules/kpis/kpi.service';
import { ExtensionDirectory } from '../server/modules/users/extension-directory';
import type { Notifier } from '../server/realtime/notifier';
import type { CallEvent } from '../telephony/call-event';
import { AmiServer, inboundCall, outboundCall, type AmiSession, type CallScript } from '../telephony/simulator';
import { ThrowawayDatabase, connect, dbUrl, globalVariable, quiesceTables } from './lib/bench-db';
import type { ChildStats } from './lib/kpi-server-child';
import { historyStart, seedFloor, seedHistory, verifyHistory, type FloorUser } from './lib/kpi-seed';
import { emit, info, loadAvg, round, summarize } from './lib/stats';

// ---------- options ----------

const int = (env: string, fallback: number) => {
  const v = process.env[env];
  if (v === undefined || v === '') return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${env} must be one non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};
const OPERATORS = int('BENCH_OPERATORS', 200);
const TEAMS = int('BENCH_TEAMS', 4);
const RATE = int('BENCH_RATE', 50);
const SECONDS = int('BENCH_SECONDS', 60);
const WARMUP_SECONDS = int('BENCH_WARMUP_SECONDS', 5);
type LatencyVariant = { name: string; throttleMs?: number; directoryStaleOk: boolean };
const LATENCY_VARIANTS: LatencyVariant[] = (process.env.BENCH_LATENCY_VARIANTS ?? 'shipped').split(',').map((v) => {
  const name = v.trim();
  const out: LatencyVariant = { name, directoryStaleOk: false };
  for (const part of name.split('+')) {
    if (part === 'shipped') continue;
    else if (/^throttle=\d+$/.test(part)) out.throttleMs = Number(part.slice(9));
    else if (part === 'directory_stale_ok') out.directoryStaleOk = true;
    else throw new Error(`BENCH_LATENCY_VARIANTS: unknown part ${JSON.stringify(part)} (shipped | throttle=<ms> | directory_stale_ok, joined by +)`);
  }
  return out;
});
const OPERATOR_SOCKETS = int('BENCH_OPERATOR_SOCKETS', 1) === 1;
const SUPERVISOR_EXTENSION = int('BENCH_SUPERVISOR_EXTENSION', 0) === 1;
const CPU_UPDATES = int('BENCH_CPU_UPDATES', 100_000);
const CALLS_IN_DB = int('BENCH_CALLS_IN_DB', 5_000_000);
const HISTORY_DAYS = int('BENCH_HISTORY_DAYS', 91);
const CHUNK = int('BENCH_CHUNK', 250_000);
const REPORT_RUNS = int('BENCH_REPORT_RUNS', 5);
const REPORT_TIMEOUT_S = int('BENCH_REPORT_TIMEOUT_S', 600);
/** On the shipped schema: which variants, each with ':day' to skip its month (a month can take many minutes). */
const SEED = int('BENCH_SEED', 20261123);
const PHASES = (process.env.BENCH_PHASES ?? 'latency,cpu,history').split(',').map((s) => s.trim());
const HISTORY_TZ = 'Europe/Moscow';
const SLA_SECONDS = 20;
const WRAP_UP_SECONDS = 30;
const AMI_USER = 'crm';
const AMI_SECRET = 'kpi-bench';
if (OPERATORS < 2 || OPERATORS > 8000) throw new Error('BENCH_OPERATORS: 2..8000 (extensions 1000…)');
if (HISTORY_DAYS < 32) throw new Error('BENCH_HISTORY_DAYS must be at least 32 (a 30-day report inside the history)');

const now = () => process.hrtime.bigint();
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const brief = (v: ArrayLike<number>) => {
  const q = summarize(Float64Array.from(v));
  return { n: q.n, p50_ms: q.p50_ms, p90_ms: q.p90_ms, p99_ms: q.p99_ms, max_ms: q.max_ms, mean_ms: q.mean_ms };
};

function mulberry32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An Etc/GMT±N zone where it is about noon now: "today" does not roll over during the run. */
function middayZone(at = new Date()): string {
  const offset = 12 - at.getUTCHours(); // -11 … +12
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`; // POSIX sign: Etc/GMT-3 is UTC+3
}

/**
 * Which server code was measured (the working tree is shared and changes): HEAD, the files under server/
 * and telephony/ that differ from it, sha256 of the KPI files.
 */
function codeState() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const sha = (f: string) => createHash('sha256').update(readFileSync(`${root}${f}`)).digest('hex').slice(0, 12);
  let head = 'unknown';
  let dirty: string[] = [];
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    head = git('rev-parse', '--short', 'HEAD').trim();
    dirty = git('status', '--porcelain', '--', 'server', 'telephony').split('\n').filter(Boolean).map((l) => l.slice(3));
  } catch {
    /* not a checkout */
  }
  const files = ['server/modules/kpis/kpi.service.ts', 'server/modules/kpis/kpi-history.service.ts', 'server/modules/kpis/kpi-state.ts', 'server/modules/users/extension-directory.ts'];
  const hashes = Object.fromEntries(files.map((f) => [f, sha(f)]));
  return { head, dirty, sha256_12: hashes };
}
const CODE = codeState();

// ---------- the server child ----------

class ServerChild {
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly throttleMs: number,
  ) {}

  static async start(env: Record<string, string>): Promise<ServerChild> {
    const script = fileURLToPath(new URL('./lib/kpi-server-child.ts', import.meta.url));
    const child = fork(script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    createInterface({ input: child.stdout! }).on('line', (l) => process.stderr.write(`[server stdout] ${l}\n`));
    createInterface({ input: child.stderr! }).on('line', (l) => {
      if (!l.includes('does not support the serverSideEmit')) process.stderr.write(`[server] ${l}\n`);
    });
    const ready = await new Promise<{ port: number; throttleMs: number }>((resolve, reject) => {
      const timer = setTimeout(() => (kill(), reject(new Error('the server child did not start within 60 s'))), 60_000);
      child.once('exit', (code, sig) => (clearTimeout(timer), reject(new Error(`the server child exited early (${code ?? sig})`))));
      child.on('message', (m: { type: string; port?: number; throttleMs?: number; message?: string }) => {
        if (m.type === 'ready') (clearTimeout(timer), resolve({ port: m.port!, throttleMs: m.throttleMs! }));
        if (m.type === 'error') (clearTimeout(timer), reject(new Error(`server child: ${m.message}`)));
      });
    });
    return new ServerChild(child, ready.port, ready.throttleMs);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  ask<T>(type: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === type) done(() => resolve(m as T));
        else if (m.type === 'error') done(() => reject(new Error(`server child: ${m.message}`)));
      };
      const onExit = (code: number | null) => done(() => reject(new Error(`server child exited (${code})`)));
      const done = (f: () => void) => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        f();
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send({ type });
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      child.send({ type: 'close' });
    } catch {
      /* gone */
    }
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  }
}

async function connectSocket(url: string, token: string, setup?: (s: Socket) => void): Promise<Socket> {
  const s = ioClient(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  setup?.(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', (err) => reject(new Error(`socket: ${err.message}`)));
  });
  return s;
}

// ---------- 1. latency ----------

type LiveCall = { no: number; measured: boolean; linkedid: string; endUid: string; kind: string; tEnd?: bigint; endNo?: number; tUpdate?: bigint };

async function latencyPhase(ops: FloorUser[], supervisor: FloorUser, variant: LatencyVariant): Promise<void> {
  const rand = mulberry32(SEED);
  const tz = middayZone();
  const sim = new AmiServer({ username: AMI_USER, secret: AMI_SECRET, speed: 1, pbx: { operators: ops.map((o) => ({ ext: o.extension!, name: `Оператор ${o.id}` })), seed: SEED } });
  const amiPort = await sim.listen(0, '127.0.0.1');

  // The end of a call: the write holding its last channel's Hangup (Uniqueid → call), stamped before the write.
  const byEndUid = new Map<string, LiveCall>();
  const endOrder: LiveCall[] = [];
  let amiWrites = 0;
  sim.on('login', (session: AmiSession) => {
    const write = session.write.bind(session);
    session.write = (raw: string | Uint8Array) => {
      const t = now();
      amiWrites++;
      if (byEndUid.size > 0) {
        // The simulator writes one Buffer to all sessions; Uniqueids are ASCII, latin1 decodes fastest.
        const data = typeof raw === 'string' ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
        let at = data.indexOf('Event: Hangup\r\n');
        while (at >= 0) {
          const u = data.indexOf('\r\nUniqueid: ', at);
          const stop = data.indexOf('\r\n\r\n', at);
          if (u >= 0 && (stop < 0 || u < stop)) {
            const uid = data.slice(u + 12, data.indexOf('\r\n', u + 12));
            const c = byEndUid.get(uid);
            if (c) {
              byEndUid.delete(uid);
              c.tEnd = t;
              c.endNo = endOrder.length + 1;
              endOrder.push(c);
            }
          }
          at = data.indexOf('Event: Hangup\r\n', at + 15);
        }
      }
      return write(raw);
    };
  });

  const env: Record<string, string> = { KPI_DB_URL: dbUrl(dbName), KPI_DB_NAME: dbName, KPI_AMI_URL: `ami://${AMI_USER}:${AMI_SECRET}@127.0.0.1:${amiPort}`, KPI_TZ: tz };
  if (variant.throttleMs !== undefined) env.KPI_THROTTLE_MS = String(variant.throttleMs);
  if (variant.directoryStaleOk) env.KPI_DIRECTORY_STALE_OK = '1';
  const server = await ServerChild.start(env);
  const sockets: Socket[] = [];
  try {
    const t0 = Date.now();
    while (sim.loggedInSessions < 1) {
      if (Date.now() - t0 > 20_000) throw new Error('the server did not log in to the AMI simulator');
      await sleep(20);
    }
    const res = await fetch(`${server.url}/api/kpis?window=today`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    if (res.status !== 200) throw new Error(`GET /api/kpis as the supervisor: ${res.status}`);
    const base = Number(((await res.json()) as { floor: { calls: number } }).floor.calls);

    // The supervisor: every kpi:update, stamped first thing in the handler.
    const updates: { t: bigint; floorCalls: number }[] = [];
    let included = 0;
    let overCount = 0;
    const sup = await connectSocket(server.url, supervisor.token, (s) =>
      s.on('kpi:update', (u: KpiUpdate) => {
        const t = now();
        const f = u.windows.today.floor.calls - base;
        updates.push({ t, floorCalls: u.windows.today.floor.calls });
        if (f > endOrder.length) overCount++;
        for (let i = included; i < Math.min(f, endOrder.length); i++) endOrder[i]!.tUpdate ??= t;
        included = Math.max(included, Math.min(f, endOrder.length));
      }),
    );
    sockets.push(sup);
    let pops = 0;
    if (OPERATOR_SOCKETS) {
      for (let i = 0; i < ops.length; i += 20) {
        sockets.push(
          ...(await Promise.all(
            ops.slice(i, i + 20).map((o) =>
              connectSocket(server.url, o.token, (s) =>
                s.on('screenpop', (pop: { popId: string }) => {
                  pops++;
                  s.emit('screenpop:ack', { popId: pop.popId });
                }),
              ),
            ),
          )),
        );
      }
    }
    info(`server pid ${server.child.pid}, throttle ${server.throttleMs} ms, KPI time zone ${tz}; supervisor${OPERATOR_SOCKETS ? ` + ${ops.length} operator` : ''} sockets connected; floor calls before: ${base}`);
    await sleep(500);

    // ---- traffic ----
    const busyUntil = new Float64Array(ops.length);
    let noFreeOperator = 0;
    const calls: LiveCall[] = [];
    const freeOperator = (nowMs: number, except = -1) => {
      for (let tries = 0; tries < 64; tries++) {
        const i = Math.floor(rand() * ops.length);
        if (i !== except && busyUntil[i]! <= nowMs) return i;
      }
      noFreeOperator++;
      let best = except === 0 ? 1 : 0;
      for (let i = 0; i < ops.length; i++) if (i !== except && busyUntil[i]! < busyUntil[best]!) best = i;
      return best;
    };
    const between = (a: number, b: number) => Math.round(a + rand() * (b - a));
    const number = () => `+7916${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`;
    const startCall = (measured: boolean) => {
      const nowMs = performance.now();
      const r = rand();
      let script: CallScript;
      let kind: string;
      const busy: number[] = [];
      if (r < 0.13) {
        const i = freeOperator(nowMs);
        busy.push(i);
        kind = r < 0.1 ? 'outbound_answered' : 'outbound_busy';
        script = outboundCall(sim.pbx, { ext: ops[i]!.extension!, number: number(), outcome: r < 0.1 ? 'answered' : 'busy', ringMs: between(200, 800), talkMs: between(500, 2000) }, sim.clock.now());
      } else if (r < 0.18) {
        kind = 'inbound_abandoned';
        script = inboundCall(sim.pbx, { caller: { number: number(), name: '' }, attempts: [], abandonAfterMs: between(500, 1500) }, sim.clock.now());
      } else if (r < 0.3) {
        const a = freeOperator(nowMs);
        const b = freeOperator(nowMs, a);
        busy.push(a, b);
        kind = 'inbound_missed_then_answered';
        script = inboundCall(sim.pbx, { caller: { number: number(), name: '' }, attempts: [{ ext: ops[a]!.extension!, ringMs: between(200, 600) }, { ext: ops[b]!.extension!, ringMs: between(200, 800), answered: true }], talkMs: between(500, 2000) }, sim.clock.now());
      } else {
        const i = freeOperator(nowMs);
        busy.push(i);
        kind = 'inbound_answered';
        script = inboundCall(sim.pbx, { caller: { number: number(), name: '' }, attempts: [{ ext: ops[i]!.extension!, ringMs: between(200, 800), answered: true }], talkMs: between(500, 2000) }, sim.clock.now());
      }
      for (const i of busy) busyUntil[i] = nowMs + script.durationMs + 200;
      const last = script.messages.findLast((m) => m.data.startsWith('Event: Hangup\r\n'));
      const uid = last && /\r\nUniqueid: ([^\r]+)\r\n/.exec(last.data)?.[1];
      if (!uid) throw new Error(`no Hangup in a ${kind} script`);
      const c: LiveCall = { no: calls.length + 1, measured, linkedid: script.linkedid, endUid: uid, kind };
      byEndUid.set(uid, c);
      calls.push(c);
      void sim.play(script);
    };
    const runTraffic = async (count: number, measured: boolean) => {
      const start = performance.now();
      let k = 0;
      while (k < count) {
        const wait = start + (k * 1000) / RATE - performance.now();
        if (wait > 1) await sleep(wait);
        while (k < count && start + (k * 1000) / RATE <= performance.now() + 0.5) {
          startCall(measured);
          k++;
        }
      }
      return (performance.now() - start) / 1000;
    };

    info(`warm-up: ${WARMUP_SECONDS * RATE} calls at ${RATE}/s`);
    await runTraffic(WARMUP_SECONDS * RATE, false);
    const { foldNo: foldsBefore } = await server.ask<{ foldNo: number }>('reset');
    const load0 = loadAvg();
    const eldDriver = monitorEventLoopDelay({ resolution: 5 });
    eldDriver.enable();
    const driverCpu0 = process.cpuUsage();
    const windowStart = performance.now();
    info(`measuring: ${SECONDS * RATE} calls at ${RATE}/s over ${SECONDS} s (load ${load0.join(' ')})`);
    const seconds = await runTraffic(SECONDS * RATE, true);
    await runTraffic(2 * RATE, false);
    const measured = calls.filter((c) => c.measured);
    const tailStart = Date.now();
    while (measured.some((c) => c.tUpdate === undefined) && Date.now() - tailStart < 10_000) await sleep(50);
    eldDriver.disable();
    const driverCpu = process.cpuUsage(driverCpu0);
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const load1 = loadAvg();
    const st = await server.ask<ChildStats>('stats');

    // ---- figures ----
    const ok = measured.filter((c) => c.tEnd !== undefined && c.tUpdate !== undefined);
    const total = ok.map((c) => ms(c.tEnd!, c.tUpdate!));
    const s = summarize(Float64Array.from(total));
    // Stages from the child's stamps: the broadcast including a call is the first whose floor count covers its fold.
    const childCall = new Map(st.calls.map((c) => [c.callId, c]));
    const bcasts = st.broadcasts.map((b) => ({ ...b, armedT: b.armed ? BigInt(b.armed) : null, firedT: b.fired ? BigInt(b.fired) : null, emittedT: BigInt(b.emitted) }));
    const recvOf = new Map(updates.map((u) => [u.floorCalls, u.t]));
    const parts = { ami_to_tracker: [] as number[], tracker_to_fold: [] as number[], throttle_wait: [] as number[], build_3_windows: [] as number[], emit_to_client: [] as number[] };
    const withoutThrottle: number[] = [];
    let bi = 0;
    const staged = ok
      .map((c) => ({ c, x: childCall.get(c.linkedid) }))
      .filter((v): v is { c: LiveCall; x: NonNullable<typeof v.x> } => !!v.x?.folded && v.x.foldNo !== undefined)
      .sort((a, b) => a.x.foldNo! - b.x.foldNo!);
    let unmatched = 0;
    for (const { c, x } of staged) {
      while (bi < bcasts.length && bcasts[bi]!.floorCalls - base < x.foldNo!) bi++;
      const b = bcasts[bi];
      const recv = b && recvOf.get(b.floorCalls);
      if (!b || !b.firedT || recv === undefined) {
        unmatched++;
        continue;
      }
      const ended = BigInt(x.ended);
      const folded = BigInt(x.folded!);
      parts.ami_to_tracker.push(ms(c.tEnd!, ended));
      parts.tracker_to_fold.push(ms(ended, folded));
      parts.throttle_wait.push(ms(folded, b.firedT));
      parts.build_3_windows.push(ms(b.firedT, b.emittedT));
      parts.emit_to_client.push(ms(b.emittedT, recv));
      withoutThrottle.push(ms(c.tEnd!, recv) - ms(folded, b.firedT));
    }
    const lateness = bcasts.filter((b) => b.armedT && b.firedT).map((b) => ms(b.armedT!, b.firedT!) - st.throttleMs);
    const stageStats = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, brief(v)]));
    const meanThrottle = parts.throttle_wait.reduce((a, b) => a + b, 0) / Math.max(1, parts.throttle_wait.length);
    // Folds that waited on an ExtensionDirectory reload (their ended event fell inside one).
    const reloads = st.directoryReloads.map((r) => ({ a: BigInt(r.start), b: BigInt(r.start) + BigInt(Math.round(r.ms * 1e6)) }));
    const duringReload: number[] = [];
    const otherFolds: number[] = [];
    for (const { x } of staged) {
      const e = BigInt(x.ended);
      (reloads.some((r) => e >= r.a && e <= r.b) ? duringReload : otherFolds).push(ms(e, BigInt(x.folded!)));
    }
    const queryTotal = Object.values(st.queries).reduce((a, b) => a + b, 0);
    const missing = measured.filter((c) => c.tUpdate === undefined);
    const noEnd = measured.filter((c) => c.tEnd === undefined);
    if (missing.length) info(`MISSING: ${missing.length} measured calls never covered by a kpi:update (${noEnd.length} without a seen end write)`);
    const byKind = new Map<string, number[]>();
    for (const c of ok) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), ms(c.tEnd!, c.tUpdate!)]);
    emit({
      bench: 'kpi_update_latency',
      operators: ops.length,
      teams: TEAMS,
      calls_per_s: RATE,
      achieved_calls_per_s: round((SECONDS * RATE) / seconds, 1),
      seconds: SECONDS,
      variant: variant.name,
      throttle_ms: st.throttleMs,
      throttle_as_shipped: variant.throttleMs === undefined,
      directory_stale_ok: st.directoryStaleOk,
      calls: ok.length,
      p50_ms: s.p50_ms,
      p90_ms: s.p90_ms,
      p99_ms: s.p99_ms,
      max_ms: s.max_ms,
      mean_ms: s.mean_ms,
      aim_p99_200ms: s.p99_ms < 200,
      stages: stageStats,
      staged_calls: parts.throttle_wait.length,
      unmatched_stages: unmatched,
      throttle_share_of_mean: round(meanThrottle / s.mean_ms, 2),
      without_throttle: brief(withoutThrottle),
      throttle_timer_lateness_ms: brief(lateness),
      by_kind_p50_p99_ms: Object.fromEntries([...byKind].map(([k, v]) => [k, [brief(v).p50_ms, brief(v).p99_ms]])),
      broadcasts: st.broadcasts.length,
      broadcasts_per_s: round(st.broadcasts.length / windowSeconds, 1),
      calls_per_broadcast_mean: round(st.folds / Math.max(1, st.broadcasts.length), 1),
      update_operators_p50: summarize(Float64Array.from(st.broadcasts.map((b) => b.operators))).p50_ms,
      update_bytes_p50: summarize(Float64Array.from(st.broadcasts.map((b) => b.bytes))).p50_ms,
      update_bytes_max: Math.max(0, ...st.broadcasts.map((b) => b.bytes)),
      folds_in_window: st.folds - foldsBefore,
      directory_reloads: brief(st.directoryReloads.map((r) => r.ms)),
      tracker_to_fold_during_directory_reload: brief(duringReload),
      tracker_to_fold_otherwise: brief(otherFolds),
      pool_wait: brief(st.poolWaitMs),
      statements_per_call: round(queryTotal / Math.max(1, st.folds - foldsBefore), 1),
      statements_top: Object.fromEntries(Object.entries(st.queries).sort((a, b) => b[1] - a[1]).slice(0, 8)),
      kpi_errors: st.kpiErrors,
      load_people_calls: st.loadPeople,
      supervisor_has_extension: SUPERVISOR_EXTENSION,
      missing: missing.length,
      over_count_updates: overCount,
      no_free_operator: noFreeOperator,
      screenpops_received: pops,
      ami_writes: amiWrites,
      server_cpu_share: round((st.cpuMs.user + st.cpuMs.system) / 1000 / windowSeconds, 2),
      server_cpu_ms_per_call: round((st.cpuMs.user + st.cpuMs.system) / Math.max(1, st.folds), 2),
      server_event_loop_delay_ms: { p50: round(st.eld.p50_ms, 2), p99: round(st.eld.p99_ms, 2), max: round(st.eld.max_ms, 2) },
      server_gc: { ms: round(st.gc.ms, 1), count: st.gc.count, max_ms: round(st.gc.max_ms, 2) },
      driver_cpu_share: round((driverCpu.user + driverCpu.system) / 1e6 / windowSeconds, 2),
      driver_event_loop_delay_ms: { p50: round(eldDriver.percentile(50) / 1e6, 2), p99: round(eldDriver.percentile(99) / 1e6, 2), max: round(eldDriver.max / 1e6, 2) },
      kpi_time_zone: tz,
      loadavg_before: load0,
      loadavg_after: load1,
      code: CODE,
      method: 'driver hrtime before the AMI write of the last Hangup → driver hrtime in the supervisor socket kpi:update handler of the first update whose today floor count covers the call (end order)',
    });
    if (missing.length > measured.length * 0.01 || overCount > 0) process.exitCode = 1;
  } finally {
    for (const s of sockets) s.close();
    await server.close();
    await sim.close();
  }
}

// ---------- 2. cpu ----------

/** Synthetic finished calls, event by event as the call log builds them: the latency phase's mix. */
function buildRecords(count: number, exts: string[], rand: () => number): CallRecord[] {
  const out: CallRecord[] = [];
  const base = Date.now() - 30 * 60_000;
  for (let k = 0; k < count; k++) {
    const t = base + Math.floor(rand() * 25 * 60_000);
    const id = `cpu-${k}`;
    const r = new CallRecord('cpu', id, t);
    const ext = () => exts[Math.floor(rand() * exts.length)]!;
    const ev = (at: number, body: Record<string, unknown>) => r.apply({ pbx: 'cpu', callId: id, at: new Date(at), ...body } as CallEvent);
    const x = rand();
    const talk = 30_000 + Math.floor(rand() * 300_000);
    if (x < 0.13) {
      const e = ext();
      ev(t, { type: 'started', direction: 'outbound', externalNumber: '+79160000000', externalName: null, extension: e });
      ev(t + 100, { type: 'ringing', extension: null });
      if (x < 0.1) {
        ev(t + 8000, { type: 'answered', extension: null });
        ev(t + 8000 + talk, { type: 'ended', cause: 'answered' });
      } else ev(t + 3000, { type: 'ended', cause: 'busy' });
    } else {
      ev(t, { type: 'started', direction: 'inbound', externalNumber: '+79160000000', externalName: null, extension: null });
      ev(t + 500, { type: 'queued', queue: 'hotline' });
      if (x < 0.18) ev(t + 30_000, { type: 'ended', cause: 'abandoned' });
      else {
        let at = t + 1000;
        if (x < 0.3) {
          const e1 = ext();
          ev(at, { type: 'ringing', extension: e1 });
          ev(at + 15_000, { type: 'ring_stopped', extension: e1 });
          at += 16_000;
        }
        const e = ext();
        ev(at, { type: 'ringing', extension: e });
        ev(at + 4000, { type: 'answered', extension: e });
        ev(at + 4000 + talk, { type: 'ended', cause: 'answered' });
      }
    }
    out.push(r);
  }
  return out;
}

async function cpuPhase(ds: DataSource, conn: Connection, ops: FloorUser[], supervisor: FloorUser): Promise<void> {
  const rand = mulberry32(SEED + 1);
  const tz = middayZone();
  const logger = createLogger('silent');
  let broadcasts = 0;
  const notifier: Notifier = { toUser: () => undefined, toSupervisors: () => void broadcasts++ };
  const records = buildRecords(2000, ops.map((o) => o.extension!), rand);
  // Broadcasts held off (1 h throttle): they are measured apart below.
  const opts = { timeZone: tz, slaSeconds: SLA_SECONDS, wrapUpSeconds: WRAP_UP_SECONDS, broadcastEveryMs: 3_600_000 };
  const make = async (): Promise<KpiService> => {
    const k = new KpiService(ds, new ExtensionDirectory(ds), notifier, logger, opts);
    await k.rebuild();
    return k;
  };
  const cpuUs = (c: NodeJS.CpuUsage) => c.user + c.system;
  /** n updates; → cpu µs and wall µs per update. */
  const run = async (k: KpiService, n: number, offset: number) => {
    const c0 = process.cpuUsage();
    const t0 = now();
    for (let i = 0; i < n; i++) await k.onCallEnded(records[(offset + i) % records.length]!);
    return { cpu: cpuUs(process.cpuUsage(c0)) / n, wall: Number(now() - t0) / 1e3 / n };
  };
  const kpis = await make();

  // Parts of one update (figures + legFigures, attribute, dayOf), measured alone.
  const partN = Math.min(CPU_UPDATES, 50_000);
  const partCost = (f: (i: number) => unknown, n = partN) => {
    for (let i = 0; i < Math.min(2000, n); i++) f(i);
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) f(i);
    return round(cpuUs(process.cpuUsage(c0)) / n, 2);
  };
  const d = new Date();
  const figures = records.map((r) => r.figures());
  const parts_cpu_us = {
    record_figures_and_legs: partCost((i) => (records[i % records.length]!.figures(), records[i % records.length]!.legFigures())),
    attribute: partCost((i) => {
      const f = figures[i % figures.length]!;
      return attribute({ endedAt: f.endedAt!, direction: f.direction, outcome: f.outcome, talkSeconds: f.talkSeconds, waitSeconds: f.waitSeconds, placedBy: null, legs: [{ operatorId: 1 + (i % 200), talkSeconds: f.talkSeconds, missed: false, firstAnswer: true }] }, SLA_SECONDS, WRAP_UP_SECONDS);
    }),
    dayOf: partCost(() => dayOf(d, tz)),
    // What dayOf cost before commit cedbceb (a new formatter per call; it runs twice per update).
    new_intl_datetimeformat_per_call: partCost(() => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d), 5000),
  };

  // onCallEnded: warm-up, then rounds (their spread shows the machine's noise).
  await run(kpis, 10_000, 0);
  const rounds = 5;
  const per = Math.max(1, Math.floor(CPU_UPDATES / rounds));
  const cpu: number[] = [];
  const wall: number[] = [];
  const load0 = loadAvg();
  for (let r = 0; r < rounds; r++) {
    const x = await run(kpis, per, r * per);
    cpu.push(x.cpu);
    wall.push(x.wall);
  }
  const sum = (a: number[]) => a.reduce((p, q) => p + q, 0);
  emit({
    bench: 'kpi_update_cpu',
    updates: per * rounds,
    operators: ops.length,
    us_per_update: round(sum(cpu) / rounds, 2),
    us_per_update_rounds: cpu.map((v) => round(v, 1)),
    wall_us_per_update: round(sum(wall) / rounds, 2),
    parts_cpu_us,
    broadcasts_during: broadcasts,
    measured: 'process.cpuUsage() (user+system) of this process around sequential awaited onCallEnded(record); broadcasts held off (measured in kpi_snapshot_cpu)',
    code: CODE,
    loadavg_before: load0,
  });

  // snapshot() with all operators, per window; a whole kpi:update (3 windows) with 20 and 200 changed.
  const snapN = 2000;
  const ids20 = ops.slice(0, 20).map((o) => o.id);
  const allIds = ops.map((o) => o.id);
  const snapCost = (f: () => unknown) => {
    for (let i = 0; i < 200; i++) f();
    const c0 = process.cpuUsage();
    for (let i = 0; i < snapN; i++) f();
    return round(cpuUs(process.cpuUsage(c0)) / snapN, 1);
  };
  const update = (ids: number[]) => ({ at: new Date().toISOString(), windows: { today: kpis.snapshot('today', ids), '15m': kpis.snapshot('15m', ids), '60m': kpis.snapshot('60m', ids) } });
  emit({
    bench: 'kpi_snapshot_cpu',
    operators: ops.length,
    teams: TEAMS,
    us_snapshot_today: snapCost(() => kpis.snapshot('today')),
    us_snapshot_15m: snapCost(() => kpis.snapshot('15m')),
    us_snapshot_60m: snapCost(() => kpis.snapshot('60m')),
    us_update_20_changed: snapCost(() => update(ids20)),
    us_update_200_changed: snapCost(() => update(allIds)),
    us_update_200_changed_json: snapCost(() => JSON.stringify(update(allIds))),
    bytes_update_20_changed: Buffer.byteLength(JSON.stringify(update(ids20))),
    bytes_update_200_changed: Buffer.byteLength(JSON.stringify(update(allIds))),
    measured: 'process.cpuUsage() per call, minute buckets of the last 30 min filled; an update = the 3 windows the throttled broadcast builds',
    code: CODE,
  });
  kpis.stop();

  // A supervisor with a phone: an id in the directory that is not an operator. (Before commit 53474d4 the
  // service reloaded operators and teams from the database on every call ended then.)
  await conn.query('UPDATE users SET extension = ? WHERE id = ?', ['700', supervisor.id]);
  try {
    const n = 2000;
    const k = await make();
    const internals = k as unknown as { loadPeople: () => Promise<void> };
    let reloads = 0;
    const loadPeople = internals.loadPeople.bind(k);
    internals.loadPeople = () => (reloads++, loadPeople());
    await run(k, 200, 0);
    reloads = 0;
    const x = await run(k, n, 200);
    emit({ bench: 'kpi_update_cpu', case: 'supervisor_has_extension', updates: n, us_per_update: round(x.cpu, 1), wall_us_per_update: round(x.wall, 1), people_reloads: reloads, code: CODE });
    k.stop();
  } finally {
    await conn.query('UPDATE users SET extension = NULL WHERE id = ?', [supervisor.id]);
  }
}

// ---------- 3. history ----------

async function historyPhase(ds: DataSource, conn: Connection, reused: boolean): Promise<void> {
  let start = historyStart(HISTORY_DAYS);
  if (reused) {
    // A database seeded by an earlier run (BENCH_REUSE_DB): its history, back to the shipped schema.
    const [[h]] = await conn.query<RowDataPacket[]>("SELECT COUNT(*) n, MIN(started_at) first FROM calls WHERE pbx = 'history'");
    if (Number(h!.n) !== CALLS_IN_DB) throw new Error(`the reused database has ${h!.n} history calls, BENCH_CALLS_IN_DB is ${CALLS_IN_DB}`);
    const first = new Date(h!.first);
    start = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
    await conn.query('DROP TABLE IF EXISTS kpi_daily');
    for (const [t, i] of [['calls', 'ix_calls_ended_kpi'], ['call_legs', 'ix_call_legs_ended_kpi']]) {
      const [r] = await conn.query<RowDataPacket[]>('SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ? LIMIT 1', [t, i]);
      if (r.length) await conn.query(`ALTER TABLE \`${t}\` DROP INDEX \`${i}\``);
    }
    info(`reusing ${dbName}: ${CALLS_IN_DB.toLocaleString('en')} history calls from ${start.toISOString()}`);
  } else {
    info(`history: ${CALLS_IN_DB.toLocaleString('en')} calls over ${HISTORY_DAYS} days from ${start.toISOString()} (+ legs), chunks of ${CHUNK.toLocaleString('en')}`);
    const seed = await seedHistory(conn, { total: CALLS_IN_DB, days: HISTORY_DAYS, start, operators: OPERATORS, chunk: CHUNK });
    const mix = await verifyHistory(conn, CALLS_IN_DB, start, HISTORY_DAYS);
    await conn.query('ANALYZE TABLE calls, call_legs');
    const quiet = await quiesceTables(conn, ['calls', 'call_legs']);
    const [sizes] = await conn.query<RowDataPacket[]>("SELECT table_name t, data_length d, index_length i FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('calls', 'call_legs')");
    const [idx] = await conn.query<RowDataPacket[]>("SELECT table_name t, index_name i, ROUND(stat_value * @@innodb_page_size / 1048576) mb FROM mysql.innodb_index_stats WHERE database_name = DATABASE() AND stat_name = 'size' AND table_name IN ('calls', 'call_legs')");
    emit({
      bench: 'kpi_history',
      case: 'dataset',
      calls_in_db: CALLS_IN_DB,
      days: HISTORY_DAYS,
      ...mix,
      seed_seconds: seed.seconds,
      seed_calls_rows_per_s: seed.calls_rows_per_s,
      seed_legs_rows_per_s: seed.legs_rows_per_s,
      flush_seconds: quiet.seconds,
      tables: Object.fromEntries(sizes.map((r) => [r.t, { data_mb: Math.round(Number(r.d) / 2 ** 20), index_mb: Math.round(Number(r.i) / 2 ** 20) }])),
      index_mb: Object.fromEntries(idx.map((r) => [`${r.t}.${r.i}`, Number(r.mb)])),
      innodb_buffer_pool_mb: Math.round(Number(await globalVariable(conn, 'innodb_buffer_pool_size')) / 2 ** 20),
      innodb_flush_method: await globalVariable(conn, 'innodb_flush_method'),
    });
  }

  // Ranges: 30 local days in the middle of the history, one local day in it (the KPI time zone), and the
  // 30 days shifted off midnight (partial days at both ends).
  const monthFrom = dayStartOf(new Date(start.getTime() + Math.floor((HISTORY_DAYS - 30) / 2) * 86400_000 + 12 * 3600_000), HISTORY_TZ);
  let monthTo = monthFrom;
  for (let i = 0; i < 30; i++) monthTo = nextDayStart(monthTo, HISTORY_TZ);
  let dayFrom = monthFrom;
  for (let i = 0; i < 15; i++) dayFrom = nextDayStart(dayFrom, HISTORY_TZ);
  const ranges: Record<'day' | 'month' | 'month_unaligned', [Date, Date]> = {
    day: [dayFrom, nextDayStart(dayFrom, HISTORY_TZ)],
    month: [monthFrom, monthTo],
    month_unaligned: [new Date(monthFrom.getTime() + 7 * 3600_000 + 13 * 60_000), new Date(monthTo.getTime() - 5 * 3600_000)],
  };
  const [[inMonth]] = await conn.query<RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM calls WHERE ended_at >= ? AND ended_at < ?) calls, (SELECT COUNT(*) FROM call_legs WHERE ended_at >= ? AND ended_at < ?) legs', [monthFrom, monthTo, monthFrom, monthTo]);
  info(`month ${monthFrom.toISOString()} … ${monthTo.toISOString()}: ${inMonth!.calls} calls, ${inMonth!.legs} legs; ≤${REPORT_RUNS} runs per report, ${REPORT_TIMEOUT_S} s per report`);

  const history = new KpiHistoryService(ds, createLogger('silent'), { slaSeconds: SLA_SECONDS, wrapUpSeconds: WRAP_UP_SECONDS, timeZone: HISTORY_TZ });
  const canonical = (r: KpiReport) => JSON.stringify({ ...r, operators: [...r.operators].sort((a, b) => a.id - b.id) });
  /** KILL QUERY on this database's running statements (our own pool's), when a report runs over its time. */
  const killOurs = async () => {
    const [rows] = await conn.query<RowDataPacket[]>("SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND command = 'Query' AND id <> CONNECTION_ID()");
    for (const r of rows) await conn.query(`KILL QUERY ${Number(r.id)}`);
  };
  /** One report within the time limit: its ms and canonical JSON, or null past the limit. */
  const once = async (range: keyof typeof ranges): Promise<{ ms: number; json: string } | null> => {
    const t0 = now();
    const job = history.report(...ranges[range]);
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([job, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), REPORT_TIMEOUT_S * 1000)))]);
    clearTimeout(timer);
    if (first === 'timeout') {
      await killOurs();
      await job.catch(() => undefined);
      return null;
    }
    return { ms: Number(now() - t0) / 1e6, json: canonical(first) };
  };
  const series = async (source: 'raw' | 'rollup', range: keyof typeof ranges) => {
    const runs: number[] = [];
    let json: string | null = null;
    for (let i = 0; i < (source === 'raw' && range !== 'day' ? 1 : REPORT_RUNS); i++) {
      const r = await once(range);
      if (!r) break;
      runs.push(r.ms);
      json = r.json;
    }
    const sorted = [...runs].sort((a, b) => a - b);
    emit({ bench: 'kpi_history', source, range, runs: runs.length, timed_out: runs.length === 0, p50_ms: sorted.length ? round(sorted[Math.floor(sorted.length / 2)]!, 1) : null, max_ms: sorted.length ? round(sorted.at(-1)!, 1) : null, aim_ms: 1000, load: loadAvg() });
    return json;
  };

  const raw: Record<string, string | null> = {};
  for (const range of ['day', 'month', 'month_unaligned'] as const) raw[range] = await series('raw', range);
  const t0 = now();
  const days = await history.rollUp();
  const buildS = Number(now() - t0) / 1e9;
  const [[daily]] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) n FROM kpi_daily');
  emit({ bench: 'kpi_history', case: 'rollup_build', days, rows: Number(daily!.n), seconds: round(buildS, 1), ms_per_day: round((buildS * 1000) / Math.max(1, days), 1) });
  const checks: Record<string, boolean | null> = {};
  for (const range of ['day', 'month', 'month_unaligned'] as const) {
    const rolled = await series('rollup', range);
    checks[range] = raw[range] === null || rolled === null ? null : raw[range] === rolled;
  }
  const differs = Object.values(checks).some((v) => v === false);
  emit({ bench: 'kpi_history', case: 'rollup_same_as_raw', none_differ: !differs, checks });
  if (differs) process.exitCode = 1;
}

// ---------- main ----------

let dbName = '';

async function main(): Promise<void> {
  info(`kpi: phases ${PHASES.join(',')}; ${OPERATORS} operators in ${TEAMS} teams, ${RATE} calls/s for ${SECONDS} s; ${CALLS_IN_DB.toLocaleString('en')} history calls over ${HISTORY_DAYS} days`);
  const reuse = process.env.BENCH_REUSE_DB;
  let db: ThrowawayDatabase | null = null;
  if (reuse) {
    if (!/^crm_bench_kpi_[0-9a-f]{8}$/.test(reuse)) throw new Error('BENCH_REUSE_DB must name a database an earlier run kept (crm_bench_kpi_…)');
    if (PHASES.some((p) => p !== 'history')) throw new Error('BENCH_REUSE_DB is for BENCH_PHASES=history only');
    dbName = reuse;
  } else {
    db = await ThrowawayDatabase.create('crm_bench_kpi');
    dbName = db.name;
  }
  let conn: Connection | null = null;
  let ds: DataSource | null = null;
  try {
    ds = await openDatabase({ type: 'mysql', url: dbUrl(dbName), database: dbName });
    conn = await connect(dbName);
    if (!reuse) {
      const floor = await seedFloor(conn, OPERATORS, TEAMS, PHASES.includes('latency') && SUPERVISOR_EXTENSION ? '700' : null);
      if (PHASES.includes('latency')) for (const v of LATENCY_VARIANTS) await latencyPhase(floor.operators, floor.supervisor, v);
      if (PHASES.includes('latency') && SUPERVISOR_EXTENSION) await conn.query('UPDATE users SET extension = NULL WHERE id = ?', [floor.supervisor.id]);
      if (PHASES.includes('cpu')) await cpuPhase(ds, conn, floor.operators, floor.supervisor);
    }
    if (PHASES.includes('history')) await historyPhase(ds, conn, !!reuse);
  } finally {
    await conn?.end().catch(() => undefined);
    await ds?.destroy().catch(() => undefined);
    if (db) await db.drop();
    else if (process.env.BENCH_KEEP_DB === '1') info(`BENCH_KEEP_DB=1: kept ${dbName}`);
    else {
      const admin = await connect();
      await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``).finally(() => admin.end());
      info(`dropped database ${dbName}`);
    }
  }
}

try {
  await main();
} catch (err) {
  info(`FAILED: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
}
setTimeout(() => process.exit(), 2000).unref();
