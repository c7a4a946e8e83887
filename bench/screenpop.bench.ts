/**
 * End-to-end screen-pop latency, with the bare Socket.IO echo on the same server as the floor, and the
 * server's memory per connected operator socket.
 *
 *   bash bench/run.sh screenpop                                   # the issue's scale (seeding takes minutes)
 *   BENCH_CLIENTS=100000 BENCH_CALLS_IN_DB=500000 BENCH_SECONDS=20 bash bench/run.sh screenpop
 *
 * Processes (2-core machine, shared with MariaDB and other tenants):
 *   - this process ("driver"): seeds the throwaway database, runs the AMI simulator (AmiServer), the
 *     operators' socket.io-clients (websocket transport) and the echo client, and takes every timestamp
 *     that enters a latency (process.hrtime.bigint(), CLOCK_MONOTONIC);
 *   - a child process ("server", bench/lib/screenpop-server-child.ts): the real server composition
 *     (openDatabase → createServices → AsteriskConnector to the simulator → createHttpApp + createRealtime),
 *     plus a bare echo handler on the same `io`. It stamps, on the same monotonic clock, when the ringing
 *     CallEvent leaves the AMI tracker, the pop's build start/end and the emit, so the total splits into
 *     stages. Its stdout/stderr go to our stderr.
 *   Latency = the driver's clock at the AMI socket write of the message that holds the ringing phone's
 *   Newchannel (session.write of the simulator's only AMI session is wrapped) → the driver's clock when
 *   that operator's socket.io-client fires its 'screenpop' handler for that call (matched by callId =
 *   Linkedid and extension). It therefore includes the driver's CPU on both ends (the simulator's write,
 *   the client's WebSocket frame + JSON parse) as well as the server's, MariaDB's and the kernel's; the echo
 *   floor crosses the same two event loops (client emit → server handler → ack → client), so both carry
 *   the same driver-side queueing.
 *
 * Load: BENCH_RATE new inbound calls per second (each rings one random free operator among BENCH_OPERATORS
 * for 1.5–3 s, is answered, talks 2–5 s), callers drawn uniformly from the live synthetic clients, shown as
 * a PBX shows them (+7…/8…/7…, +380…/380…). BENCH_WARMUP_SECONDS unmeasured, then BENCH_SECONDS measured
 * (every call started in that window is one sample), then 3 s more traffic while the last pops arrive.
 * An echo (socket.emitWithAck('echo', n)) every 100 ms through the measured window is the floor.
 * Every pop is checked: the right client and its history (≥ min(10, seeded calls)); a wrong pop fails the
 * run. Pops not received 15 s after the last call started are reported as `missing` (an overloaded
 * server), those that came later than the ring itself lasted (after the answer) as `pops_after_answer`.
 *
 * Figures (JSON lines): {"bench":"screenpop", pops, p50/p90/p99/max_ms, floor_*, ratio_p50/p99, stages
 * (ami_to_event: ring write → ringing CallEvent in the server; event_to_build: operator lookup; build: the
 * card's queries; build_to_emit; emit_to_client), slowest_1pct_mean_ms, pool_wait (connection pool),
 * statements per call by kind, server/driver CPU per call and share of a core, event-loop delay, GC,
 * loadavg and Linux CPU pressure (PSI) before/after, code (git HEAD and locally modified server files)}
 * and {"bench":"socket_memory", sockets, kb_per_socket (RSS), kb_per_socket_heap, …}.
 *
 * Memory: a fresh server child (no PBX link), warmed with a few sockets; after full GCs, its RSS and heap
 * are read with none and then with BENCH_MEMORY_SOCKETS connected operator sockets (distinct operators,
 * each with its own session), connected from this process (so client memory is not in the figure).
 *
 * Data: BENCH_CLIENTS synthetic clients (synthetic-clients.ts: phone, emails, tags, 1 in 250 soft-deleted),
 * BENCH_CALLS_IN_DB history calls spread over them by a hash (≈Poisson), a deal for every 5th client, a
 * note for every 3rd, an open callback for every 20th; bulk-seeded as caller-lookup.bench.ts does.
 *
 * Env: BENCH_CLIENTS (1000000), BENCH_CALLS_IN_DB (5000000), BENCH_OPERATORS (500), BENCH_RATE (50),
 * BENCH_SECONDS (60), BENCH_WARMUP_SECONDS (10), BENCH_MEMORY_SOCKETS (10000), BENCH_PHASES
 * (latency,memory), BENCH_CHUNK (250000 rows per INSERT … SELECT), BENCH_SEED, BENCH_PROFILE=1 (the server
 * child writes a V8 CPU profile of the measured run to BENCH_PROFILE_DIR, default /tmp), BENCH_MYSQL_URL,
 * BENCH_KEEP_DB=1 (keep the database; its name is printed), BENCH_REUSE_DB=<that name> (skip seeding: new
 * sessions, earlier bench calls deleted; dropped at the end unless BENCH_KEEP_DB=1). The database is
 * dropped at the end, also on failure or SIGINT/SIGTERM (a reused one on failure, not on a signal).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { io as ioClient, type Socket } from 'socket.io-client';
import { openDatabase } from '../server/db/data-source';
import { AmiServer, inboundCall, type AmiSession, type CallScript } from '../telephony/simulator';
import { ThrowawayDatabase, connect, dbUrl, globalVariable, quiesceTables } from './lib/bench-db';
import { bulkLoad, callsInsertSql, clientSteps, extrasSteps, historyCounts, seedUsers, verifyCalls, type BenchUser } from './lib/screenpop-seed';
import { emit, info, loadAvg, round, summarize } from './lib/stats';
import { isDeleted, MAX_CLIENTS, phoneOf } from './lib/synthetic-clients';

// ---------- options ----------

const int = (env: string, fallback: number) => {
  const v = process.env[env];
  if (v === undefined || v === '') return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${env} must be one positive integer, got ${JSON.stringify(v)}`);
  return n;
};
const CLIENTS = int('BENCH_CLIENTS', 1_000_000);
const CALLS_IN_DB = int('BENCH_CALLS_IN_DB', 5_000_000);
const OPERATORS = int('BENCH_OPERATORS', 500);
const RATE = int('BENCH_RATE', 50);
const SECONDS = int('BENCH_SECONDS', 60);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 10);
const MEMORY_SOCKETS = int('BENCH_MEMORY_SOCKETS', 10_000);
const CHUNK = int('BENCH_CHUNK', 250_000);
const SEED = int('BENCH_SEED', 20240601);
const PHASES = (process.env.BENCH_PHASES ?? 'latency,memory').split(',').map((s) => s.trim());
const PROFILE = process.env.BENCH_PROFILE === '1';
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? '/tmp';
const COOLDOWN_SECONDS = 3;
const AMI_USER = 'crm';
const AMI_SECRET = 'screenpop-bench';
if (CLIENTS > MAX_CLIENTS) throw new Error(`at most ${MAX_CLIENTS} clients`);
if (OPERATORS > 9000) throw new Error('at most 9000 operators (extensions 1000–9999)');

const now = () => process.hrtime.bigint();

/** Which server code was measured: HEAD and the files under server/ and telephony/ that differ from it (read-only git). */
function codeState(): { head: string; dirty: string[] } {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { head: git('rev-parse', '--short', 'HEAD').trim(), dirty: git('status', '--porcelain', '--', 'server', 'telephony').split('\n').filter(Boolean).map((l) => l.slice(3)) };
  } catch {
    return { head: 'unknown', dirty: [] };
  }
}
const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** Linux PSI: % of time some runnable task waited for a CPU (avg10, avg60); the 2 cores are shared. */
function cpuPressure(): { avg10: number; avg60: number } | null {
  try {
    const m = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? { avg10: Number(m[1]), avg60: Number(m[2]) } : null;
  } catch {
    return null;
  }
}

function mulberry32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------- the server child ----------

type Stage = { callId: string; ext: string; event: string; buildStart?: string; buildEnd?: string; emit?: string };
type ServerStats = {
  stages: Stage[];
  lookupMs: number[];
  poolWaitMs: number[];
  queries: Record<string, number>;
  cpuMs: { user: number; system: number };
  eld: { p50_ms: number; p99_ms: number; max_ms: number; mean_ms: number };
  gc: { ms: number; count: number; max_ms: number };
  sockets: number;
  callLogPending: number;
  adapterPackets?: { count: number; mb: number };
};
type ServerMem = { sockets: number; rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };

class ServerChild {
  /** console.warn lines of the in-memory adapter's serverSideEmit (one per connection and per ack). */
  serverSideEmitWarnings = 0;
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(env: Record<string, string>, label: string): Promise<ServerChild> {
    const script = fileURLToPath(new URL('./lib/screenpop-server-child.ts', import.meta.url));
    const execArgv = ['--import', 'tsx', '--expose-gc'];
    if (PROFILE && env.SP_AMI_URL) execArgv.push('--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`); // CPU.<date>.<pid>.0.*.cpuprofile is the main thread (tsx's loader thread writes one too)
    const child = fork(script, [], { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    process.once('exit', kill);
    child.once('exit', () => process.off('exit', kill));
    let self: ServerChild | undefined;
    let warningsBeforeReady = 0;
    createInterface({ input: child.stdout! }).on('line', (l) => process.stderr.write(`[${label} stdout] ${l}\n`));
    createInterface({ input: child.stderr! }).on('line', (l) => {
      if (l.includes('does not support the serverSideEmit')) {
        if (self) self.serverSideEmitWarnings++;
        else warningsBeforeReady++;
        return;
      }
      process.stderr.write(`[${label}] ${l}\n`);
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => (kill(), reject(new Error(`${label} did not start within 60 s`))), 60_000);
      child.once('exit', (code, sig) => (clearTimeout(timer), reject(new Error(`${label} exited early (${code ?? sig})`))));
      child.on('message', (m: { type: string; port?: number; message?: string }) => {
        if (m.type === 'ready') (clearTimeout(timer), resolve(m.port!));
        if (m.type === 'error') (clearTimeout(timer), reject(new Error(`${label}: ${m.message}`)));
      });
    });
    self = new ServerChild(child, port);
    self.serverSideEmitWarnings = warningsBeforeReady;
    return self;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private ask<T>(type: string): Promise<T> {
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

  reset = () => this.ask<object>('reset');
  stats = () => this.ask<ServerStats>('stats');
  mem = () => this.ask<ServerMem>('mem');

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

// ---------- operator sockets ----------

type AnySocket = Socket;

async function connectSockets(url: string, users: BenchUser[], concurrency: number, setup?: (s: AnySocket, u: BenchUser) => void): Promise<AnySocket[]> {
  const out: AnySocket[] = new Array(users.length);
  let next = 0;
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      const u = users[i]!;
      const s = ioClient(url, { auth: { token: u.token }, transports: ['websocket'], reconnection: false, forceNew: true });
      setup?.(s, u);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', (err) => reject(new Error(`socket of user ${u.id}: ${err.message}`)));
      });
      out[i] = s;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

// ---------- the latency run ----------

type PlannedCall = { clientId: number; number: string; name: string; ringMs: number; talkMs: number };

type LiveCall = {
  plan: PlannedCall;
  measured: boolean;
  ext: string;
  linkedid: string;
  /** Uniqueid of the ringing phone's channel (its Newchannel is the ring). */
  phoneUid: string;
  plannedAt: number;
  expectHistory: number;
  tRing?: bigint;
  tPop?: bigint;
  wrong?: string;
  dupes: number;
};

function planCalls(count: number, rand: () => number): PlannedCall[] {
  const out: PlannedCall[] = [];
  for (let k = 0; k < count; k++) {
    let id: number;
    do id = 1 + Math.floor(rand() * CLIENTS);
    while (isDeleted(id));
    const p = phoneOf(id);
    const national = `${p.op}${p.sub}`;
    // As PBXs show caller numbers: E.164, with the trunk prefix, or bare country code + number.
    const number = p.cc === '7' ? [`+7${national}`, `8${national}`, `7${national}`][k % 3]! : [`+380${national}`, `380${national}`][k % 2]!;
    out.push({ clientId: id, number, name: k % 2 === 0 ? '' : `Абонент ${id}`, ringMs: 1500 + Math.floor(rand() * 1500), talkMs: 2000 + Math.floor(rand() * 3000) });
  }
  return out;
}

async function latencyPhase(conn: Connection, ops: BenchUser[], echoUser: BenchUser): Promise<void> {
  const rand = mulberry32(SEED);
  const warmCount = Math.round(WARMUP_SECONDS * RATE);
  const measuredCount = SECONDS * RATE;
  const coolCount = COOLDOWN_SECONDS * RATE;
  const plans = planCalls(warmCount + measuredCount + coolCount, rand);
  const history = await historyCounts(conn, [...new Set(plans.map((p) => p.clientId))]);

  const sim = new AmiServer({ username: AMI_USER, secret: AMI_SECRET, speed: 1, pbx: { operators: ops.map((o) => ({ ext: o.extension!, name: `Оператор ${o.id}` })), seed: SEED } });
  const amiPort = await sim.listen(0, '127.0.0.1');

  // The moment of the ringing: the AMI write that carries the ringing phone's Newchannel (found by its
  // Uniqueid), stamped before the write. One native pass over the bytes per write, whatever its size.
  const awaitingRing = new Map<string, LiveCall>();
  const NEWCHANNEL = Buffer.from('Event: Newchannel\r\n');
  const UNIQUEID = Buffer.from('\r\nUniqueid: ');
  const CRLF = Buffer.from('\r\n');
  const END = Buffer.from('\r\n\r\n');
  let amiWrites = 0;
  let amiBytes = 0;
  const hook = (session: AmiSession) => {
    const write = session.write.bind(session);
    session.write = (data: string | Uint8Array) => {
      const t = now();
      amiWrites++;
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      amiBytes += buf.length;
      for (let i = awaitingRing.size > 0 ? buf.indexOf(NEWCHANNEL) : -1; i >= 0; ) {
        const end = buf.indexOf(END, i);
        const u = buf.indexOf(UNIQUEID, i);
        if (u >= 0 && (end < 0 || u < end)) {
          const from = u + UNIQUEID.length;
          const uid = buf.toString('latin1', from, buf.indexOf(CRLF, from));
          const c = awaitingRing.get(uid);
          if (c) {
            c.tRing = t;
            awaitingRing.delete(uid);
          }
        }
        i = end < 0 ? -1 : buf.indexOf(NEWCHANNEL, end);
      }
      return write(data);
    };
  };
  sim.on('login', hook);

  const server = await ServerChild.start({ SP_DB_URL: dbUrl(dbName), SP_DB_NAME: dbName, SP_AMI_URL: `ami://${AMI_USER}:${AMI_SECRET}@127.0.0.1:${amiPort}` }, 'server');
  const sockets: AnySocket[] = [];
  try {
    const t0 = Date.now();
    while (sim.loggedInSessions < 1) {
      if (Date.now() - t0 > 20_000) throw new Error('the server did not log in to the AMI simulator');
      await sleep(20);
    }
    const byLinkedid = new Map<string, LiveCall>();
    const samplePayloads: unknown[] = [];
    let unexpectedPops = 0;
    const extOf = new Map(ops.map((o) => [o.id, o.extension!]));
    const tc = Date.now();
    sockets.push(
      ...(await connectSockets(server.url, ops, 25, (s, u) => {
        const ext = extOf.get(u.id)!;
        s.on('screenpop', (pop: { popId: string; callId: string; extension: string; client: { id: number } | null; recentCalls: unknown[] }) => {
          const t = now();
          s.emit('screenpop:ack', { popId: pop.popId }); // as the browser does
          const c = byLinkedid.get(pop.callId);
          if (!c || c.ext !== ext) {
            unexpectedPops++;
            return;
          }
          if (c.tPop !== undefined) {
            c.dupes++;
            return;
          }
          c.tPop = t;
          if (pop.extension !== ext) c.wrong = `pop for ${pop.extension} on ${ext}'s socket`;
          else if (pop.client?.id !== c.plan.clientId) c.wrong = `client ${pop.client?.id ?? null}, expected ${c.plan.clientId} (${c.plan.number})`;
          else if (pop.recentCalls.length < Math.min(10, c.expectHistory)) c.wrong = `${pop.recentCalls.length} recent calls, expected ≥ ${Math.min(10, c.expectHistory)}`;
          if (c.measured && samplePayloads.length < 200) samplePayloads.push(pop);
        });
      })),
    );
    const [echo] = await connectSockets(server.url, [echoUser], 1);
    sockets.push(echo!);
    info(`${ops.length} operator sockets + 1 echo socket connected in ${((Date.now() - tc) / 1000).toFixed(1)} s; server pid ${server.child.pid}`);
    await sleep(1000);

    // ---- traffic ----
    const busyUntil = new Float64Array(ops.length);
    let noFreeOperator = 0;
    const calls: LiveCall[] = [];
    const startCall = (plan: PlannedCall, measured: boolean) => {
      const nowMs = performance.now();
      let idx = -1;
      for (let tries = 0; tries < 64; tries++) {
        const i = Math.floor(rand() * ops.length);
        if (busyUntil[i]! <= nowMs) {
          idx = i;
          break;
        }
      }
      if (idx < 0) {
        noFreeOperator++;
        idx = busyUntil.indexOf(Math.min(...busyUntil));
      }
      const ext = ops[idx]!.extension!;
      const script: CallScript = inboundCall(sim.pbx, { caller: { number: plan.number, name: plan.name }, attempts: [{ ext, ringMs: plan.ringMs, answered: true }], talkMs: plan.talkMs }, sim.clock.now());
      busyUntil[idx] = nowMs + script.durationMs + 250;
      const ring = script.messages.find((m) => m.data.startsWith('Event: Newchannel\r\n') && m.data.includes(`\r\nChannel: PJSIP/${ext}-`));
      const phoneUid = ring && /\r\nUniqueid: ([^\r]+)\r\n/.exec(ring.data)?.[1];
      if (!ring || !phoneUid) throw new Error(`no ringing Newchannel for ${ext} in the script`);
      const c: LiveCall = { plan, measured, ext, linkedid: script.linkedid, phoneUid, plannedAt: nowMs + ring.atMs, expectHistory: history.get(plan.clientId) ?? 0, dupes: 0 };
      byLinkedid.set(c.linkedid, c);
      awaitingRing.set(phoneUid, c);
      calls.push(c);
      void sim.play(script);
      // A ring never written (the AMI link was down then) is not waited for: it would be scanned on every write.
      for (const [id, w] of awaitingRing) {
        if (w.plannedAt > nowMs - 10_000) break;
        awaitingRing.delete(id);
      }
    };

    const floor: number[] = [];
    let echoErrors = 0;
    let echoing = false;
    const echoLoop = async () => {
      let n = 0;
      while (echoing) {
        const t = now();
        try {
          await echo!.timeout(10_000).emitWithAck('echo', n++);
          floor.push(ms(t, now()));
        } catch {
          echoErrors++;
        }
        await sleep(100);
      }
    };

    const eldDriver = monitorEventLoopDelay({ resolution: 5 });
    const runTraffic = async (from: number, count: number, measured: boolean, onStart?: () => Promise<void>) => {
      const start = performance.now();
      if (onStart) await onStart();
      let k = 0;
      while (k < count) {
        const due = start + (k * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
        while (k < count && start + (k * 1000) / RATE <= performance.now() + 0.5) {
          startCall(plans[from + k]!, measured);
          k++;
        }
      }
      return (performance.now() - start) / 1000;
    };

    info(`warm-up: ${warmCount} calls at ${RATE}/s`);
    await runTraffic(0, warmCount, false);
    await server.reset();
    const windowStart = performance.now();
    const load0 = loadAvg();
    const psi0 = cpuPressure();
    eldDriver.enable();
    const driverCpu0 = process.cpuUsage();
    echoing = true;
    const echoDone = echoLoop();
    info(`measuring: ${measuredCount} calls at ${RATE}/s over ${SECONDS} s, with ${ops.length} operators (load ${load0.join(' ')})`);
    const seconds = await runTraffic(warmCount, measuredCount, true);
    await runTraffic(warmCount + measuredCount, coolCount, false);
    const measuredCalls = calls.filter((c) => c.measured);
    const tailStart = Date.now();
    while (measuredCalls.some((c) => c.tPop === undefined) && Date.now() - tailStart < 15_000) await sleep(50);
    echoing = false;
    await echoDone;
    eldDriver.disable();
    const driverCpu = process.cpuUsage(driverCpu0);
    const load1 = loadAvg();
    const psi1 = cpuPressure();
    const st = await server.stats();
    const windowSeconds = (performance.now() - windowStart) / 1000;
    const memAfter = await server.mem();

    // ---- figures ----
    const ok = measuredCalls.filter((c) => c.tRing !== undefined && c.tPop !== undefined && !c.wrong);
    const lat = Float64Array.from(ok.map((c) => ms(c.tRing!, c.tPop!)));
    const s = summarize(lat);
    const f = summarize(Float64Array.from(floor));
    const stageOf = new Map(st.stages.map((x) => [`${x.callId}|${x.ext}`, x]));
    const parts = { ami_to_event: [] as number[], event_to_build: [] as number[], build: [] as number[], build_to_emit: [] as number[], emit_to_client: [] as number[] };
    const rows: { total: number; p: Record<keyof typeof parts, number> }[] = [];
    for (const c of ok) {
      const x = stageOf.get(`${c.linkedid}|${c.ext}`);
      if (!x?.buildStart || !x.buildEnd || !x.emit) continue;
      const [ev, b0, b1, em] = [BigInt(x.event), BigInt(x.buildStart), BigInt(x.buildEnd), BigInt(x.emit)];
      const p = { ami_to_event: ms(c.tRing!, ev), event_to_build: ms(ev, b0), build: ms(b0, b1), build_to_emit: ms(b1, em), emit_to_client: ms(em, c.tPop!) };
      for (const k of Object.keys(parts) as (keyof typeof parts)[]) parts[k].push(p[k]);
      rows.push({ total: ms(c.tRing!, c.tPop!), p });
    }
    const stages = Object.fromEntries(
      Object.entries(parts).map(([k, v]) => {
        const q = summarize(Float64Array.from(v));
        return [k, { p50_ms: q.p50_ms, p99_ms: q.p99_ms, max_ms: q.max_ms, mean_ms: q.mean_ms }];
      }),
    );
    // Where the slowest 1 % spend their time (mean per stage over them).
    rows.sort((a, b) => b.total - a.total);
    const worst = rows.slice(0, Math.max(1, Math.ceil(rows.length / 100)));
    const tail = Object.fromEntries(Object.keys(parts).map((k) => [k, round(worst.reduce((a, r) => a + r.p[k as keyof typeof parts], 0) / worst.length, 2)]));
    const bytes = samplePayloads.map((p) => Buffer.byteLength(JSON.stringify(p)));
    const wrong = measuredCalls.filter((c) => c.wrong);
    const missing = measuredCalls.filter((c) => c.tPop === undefined);
    const noRing = measuredCalls.filter((c) => c.tRing === undefined);
    // The phone rings plan.ringMs after the ring write, then is answered: a pop later than that came too late.
    const afterAnswer = ok.filter((c) => ms(c.tRing!, c.tPop!) > c.plan.ringMs).length;
    if (wrong.length > 0) info(`WRONG pops: ${wrong.length}, e.g. ${wrong.slice(0, 3).map((c) => `${c.linkedid}: ${c.wrong}`).join('; ')}`);
    if (missing.length > 0) info(`MISSING pops: ${missing.length} not received 15 s after the last call started (no ring write seen: ${noRing.length}); latencies are over the ${ok.length} received`);
    const brief = (v: number[]) => {
      const q = summarize(Float64Array.from(v));
      return { n: q.n, p50_ms: q.p50_ms, p99_ms: q.p99_ms, max_ms: q.max_ms, mean_ms: q.mean_ms };
    };
    const windowCalls = measuredCount + coolCount;
    const [[dbCalls]] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) n FROM calls');
    emit({
      bench: 'screenpop',
      operators: ops.length,
      calls_per_s: RATE,
      achieved_calls_per_s: round(measuredCount / seconds, 1),
      clients: CLIENTS,
      calls_in_db: CALLS_IN_DB,
      pops: ok.length,
      p50_ms: s.p50_ms,
      p90_ms: s.p90_ms,
      p99_ms: s.p99_ms,
      max_ms: s.max_ms,
      mean_ms: s.mean_ms,
      floor_n: f.n,
      floor_p50_ms: f.p50_ms,
      floor_p99_ms: f.p99_ms,
      floor_max_ms: f.max_ms,
      ratio_p50: round(s.p50_ms / f.p50_ms, 2),
      ratio_p99: round(s.p99_ms / f.p99_ms, 2),
      aim_p99_30ms: s.p99_ms < 30,
      aim_3x_floor: s.p99_ms <= 3 * f.p99_ms,
      stages,
      slowest_1pct_mean_ms: tail,
      build_lookup: brief(st.lookupMs),
      pool_wait: brief(st.poolWaitMs),
      statements_per_call: round(Object.values(st.queries).reduce((a, b) => a + b, 0) / windowCalls, 1),
      statements: st.queries,
      server_cpu_ms_per_call: round((st.cpuMs.user + st.cpuMs.system) / windowCalls, 2),
      server_cpu_share: round((st.cpuMs.user + st.cpuMs.system) / 1000 / windowSeconds, 2),
      driver_cpu_share: round((driverCpu.user + driverCpu.system) / 1e6 / windowSeconds, 2),
      driver_cpu_ms_per_call: round((driverCpu.user + driverCpu.system) / 1000 / windowCalls, 2),
      wrong: wrong.length,
      missing: missing.length,
      duplicate_pops: measuredCalls.reduce((a, c) => a + c.dupes, 0),
      unexpected_pops: unexpectedPops,
      pops_after_answer: afterAnswer,
      echo_errors: echoErrors,
      no_free_operator: noFreeOperator,
      pop_bytes_p50: summarize(Float64Array.from(bytes)).p50_ms,
      pop_bytes_max: bytes.length ? Math.max(...bytes) : null,
      server_event_loop_delay_ms: { p50: round(st.eld.p50_ms, 2), p99: round(st.eld.p99_ms, 2), max: round(st.eld.max_ms, 2) },
      server_gc: { ms: round(st.gc.ms, 1), count: st.gc.count, max_ms: round(st.gc.max_ms, 2) },
      driver_event_loop_delay_ms: { p50: round(eldDriver.percentile(50) / 1e6, 2), p99: round(eldDriver.percentile(99) / 1e6, 2), max: round(eldDriver.max / 1e6, 2) },
      ami: { writes: amiWrites, mb: round(amiBytes / 2 ** 20, 1) },
      server_side_emit_warnings: server.serverSideEmitWarnings,
      adapter_packets_retained: st.adapterPackets,
      server_mb_after_gc: { rss: round(memAfter.rss / 2 ** 20, 1), heap_used: round(memAfter.heapUsed / 2 ** 20, 1) },
      calls_rows_after: Number(dbCalls!.n),
      loadavg_before: load0,
      loadavg_after: load1,
      cpu_pressure_before: psi0,
      cpu_pressure_after: psi1,
      code: codeState(),
      server_process: 'child',
      driver_process: 'simulator + socket.io-clients + echo client',
    });
    // A wrong pop fails the benchmark; pops still missing after the tail wait are a figure (an overloaded server).
    if (wrong.length > 0) process.exitCode = 1;
  } finally {
    for (const s of sockets) s?.close();
    await server.close();
    await sim.close();
    if (PROFILE) info(`server CPU profile: ${PROFILE_DIR}/CPU.*.${server.child.pid}.0.*.cpuprofile (main thread)`);
  }
}

// ---------- memory per socket ----------

async function memoryPhase(users: BenchUser[]): Promise<void> {
  const server = await ServerChild.start({ SP_DB_URL: dbUrl(dbName), SP_DB_NAME: dbName }, 'server-mem');
  const sockets: AnySocket[] = [];
  try {
    // Warm the connect path (JIT, pools, modules) with a few sockets, then measure from none.
    const warm = await connectSockets(server.url, users.slice(0, 20), 10);
    for (const s of warm) s.close();
    await sleep(1500);
    const m0 = await server.mem();
    const samples: { sockets: number; mem: ServerMem }[] = [{ sockets: 0, mem: m0 }];
    const steps = [Math.round(users.length / 2), users.length];
    let done = 0;
    const t0 = Date.now();
    for (const target of steps) {
      sockets.push(...(await connectSockets(server.url, users.slice(done, target), 100)));
      done = target;
      await sleep(3000); // agent state updates of the last connections settle
      const m = await server.mem();
      if (m.sockets !== done) throw new Error(`server reports ${m.sockets} sockets, expected ${done}`);
      samples.push({ sockets: done, mem: m });
      info(`  ${done} sockets: rss ${(m.rss / 2 ** 20).toFixed(1)} MB, heapUsed ${(m.heapUsed / 2 ** 20).toFixed(1)} MB, external ${(m.external / 2 ** 20).toFixed(1)} MB (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
    const last = samples.at(-1)!;
    const per = (k: keyof ServerMem, a = m0, b = last.mem, n = last.sockets) => round((b[k] - a[k]) / n / 1024, 2);
    const half = samples[1]!;
    emit({
      bench: 'socket_memory',
      sockets: last.sockets,
      kb_per_socket: per('rss'),
      kb_per_socket_rss: per('rss'),
      kb_per_socket_heap: per('heapUsed'),
      kb_per_socket_heap_external: round((last.mem.heapUsed + last.mem.external - m0.heapUsed - m0.external) / last.sockets / 1024, 2),
      kb_per_socket_rss_second_half: round((last.mem.rss - half.mem.rss) / (last.sockets - half.sockets) / 1024, 2),
      kb_per_socket_heap_second_half: round((last.mem.heapUsed - half.mem.heapUsed) / (last.sockets - half.sockets) / 1024, 2),
      aim_25kb: per('rss') < 25,
      mb_before: { rss: round(m0.rss / 2 ** 20, 1), heap_used: round(m0.heapUsed / 2 ** 20, 1), external: round(m0.external / 2 ** 20, 1) },
      mb_after: { rss: round(last.mem.rss / 2 ** 20, 1), heap_used: round(last.mem.heapUsed / 2 ** 20, 1), external: round(last.mem.external / 2 ** 20, 1) },
      measured: 'server child process (no PBX link), after two full GCs; clients in the driver process',
      server_side_emit_warnings: server.serverSideEmitWarnings,
      code: codeState(),
    });
  } finally {
    for (const s of sockets) s.close();
    await server.close();
  }
}

// ---------- main ----------

let dbName = '';

async function main(): Promise<void> {
  info(`screenpop: ${CLIENTS.toLocaleString('en')} clients, ${CALLS_IN_DB.toLocaleString('en')} calls in the database, ${OPERATORS} operators, ${RATE} calls/s for ${SECONDS} s (+${WARMUP_SECONDS} s warm-up), ${MEMORY_SOCKETS} sockets for memory; phases ${PHASES.join(',')}`);
  const reuse = process.env.BENCH_REUSE_DB;
  let db: ThrowawayDatabase | null = null;
  if (reuse) {
    if (!/^crm_bench_sp_[0-9a-f]{8}$/.test(reuse)) throw new Error('BENCH_REUSE_DB must name a database an earlier run kept (crm_bench_sp_…)');
    dbName = reuse;
  } else {
    db = await ThrowawayDatabase.create('crm_bench_sp');
    dbName = db.name;
  }
  let conn: Connection | null = null;
  try {
    conn = await connect(dbName);
    let users: Awaited<ReturnType<typeof seedUsers>>;
    if (reuse) {
      const [[c]] = await conn.query<RowDataPacket[]>('SELECT (SELECT COUNT(*) FROM clients) clients, (SELECT COUNT(*) FROM calls) calls');
      if (Number(c!.clients) !== CLIENTS) throw new Error(`${reuse} has ${c!.clients} clients, BENCH_CLIENTS is ${CLIENTS}`);
      users = await seedUsers(conn, OPERATORS, PHASES.includes('memory') ? MEMORY_SOCKETS : 0, true);
      const [[c2]] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) calls FROM calls');
      if (Number(c2!.calls) !== CALLS_IN_DB) throw new Error(`${reuse} has ${c2!.calls} calls, BENCH_CALLS_IN_DB is ${CALLS_IN_DB}`);
      info(`reusing ${reuse} (seeded by an earlier run)`);
    } else {
      const ds = await openDatabase({ type: 'mysql', url: dbUrl(dbName), database: dbName });
      await ds.destroy();
      const t0 = Date.now();
      users = await seedUsers(conn, OPERATORS, PHASES.includes('memory') ? MEMORY_SOCKETS : 0);
      const clientsS = await bulkLoad(conn, 'clients', clientSteps, 1, CLIENTS, CHUNK);
      const spacing = Math.max(1, Math.floor((700 * 86400) / CALLS_IN_DB));
      const callsS = await bulkLoad(conn, 'calls', [{ table: 'calls', label: 'calls', sql: callsInsertSql(CLIENTS, OPERATORS, spacing) }], 1, CALLS_IN_DB, CHUNK);
      const extrasS = await bulkLoad(conn, 'deals, notes, callbacks', extrasSteps(OPERATORS), 1, CLIENTS, CHUNK);
      await verifyCalls(conn, CALLS_IN_DB);
      const tables = ['users', 'sessions', 'clients', 'client_phones', 'client_emails', 'client_tags', 'calls', 'deals', 'client_notes', 'callbacks'];
      await conn.query(`ANALYZE TABLE ${tables.join(', ')}`);
      const quiet = await quiesceTables(conn, tables);
      const seedSeconds = (Date.now() - t0) / 1000;
      const [sizes] = await conn.query<RowDataPacket[]>('SELECT table_name t, data_length d, index_length i FROM information_schema.tables WHERE table_schema = DATABASE()');
      const mb = (v: unknown) => Math.round(Number(v) / 2 ** 20);
      emit({
        bench: 'screenpop',
        case: 'dataset',
        clients: CLIENTS,
        calls_in_db: CALLS_IN_DB,
        seed_seconds: round(seedSeconds, 1),
        seed_seconds_by_part: { clients: round(clientsS, 1), calls: round(callsS, 1), extras: round(extrasS, 1), flush: quiet.seconds },
        total_mb: mb(sizes.reduce((a, r) => a + Number(r.d) + Number(r.i), 0)),
        tables_mb: Object.fromEntries(sizes.filter((r) => Number(r.d) + Number(r.i) > 2 ** 20).map((r) => [r.t, mb(Number(r.d) + Number(r.i))])),
        innodb_buffer_pool_mb: mb(await globalVariable(conn, 'innodb_buffer_pool_size')),
      });
    }
    if (PHASES.includes('latency')) await latencyPhase(conn, users.operators, users.echo);
    if (PHASES.includes('memory')) await memoryPhase(users.extra);
  } finally {
    await conn?.end().catch(() => undefined);
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
// socket.io-client and the simulator leave nothing that should hold the process, but be sure.
setTimeout(() => process.exit(), 2000).unref();
