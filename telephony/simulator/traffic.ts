/**
 * Call traffic for the simulator: a generator that keeps starting calls at a given rate with a
 * realistic mix of outcomes (the demo PBX of `npm start`, soak tests), and `flood()`, which writes a
 * given number of events as fast as a socket drains (benchmarks).
 */
import type { Writable } from 'node:stream';
import type { AmiServer } from './ami-server';
import { AmiSession } from './ami-session';
import {
  clickToCall,
  inboundCall,
  internalCall,
  outboundCall,
  type Caller,
  type CallKind,
  type CallScript,
} from './call-scripts';
import { callerPool } from './callers';
import { createRandom, type Random } from './seeded-random';
import { SimPbx } from './sim-pbx';

/** Relative weights of each kind of call. */
export type TrafficMix = Partial<Record<CallKind, number>>;

export const DEFAULT_MIX: Readonly<Record<CallKind, number>> = {
  'inbound-answered': 50,
  'inbound-ringnoanswer': 8,
  'inbound-abandoned': 10,
  'inbound-transfer': 3,
  'outbound-answered': 15,
  'outbound-busy': 4,
  'outbound-noanswer': 6,
  internal: 4,
  'click-to-call': 0,
  'chan-spy': 0,
};

/** Ranges in simulated ms, [min, max]. */
export type CallDurations = {
  /** An operator picks up after ringing this long (kept under the queue's ring timeout). */
  answerRingMs: [number, number];
  /** A client picks up after ringing this long. */
  clientRingMs: [number, number];
  talkMs: [number, number];
  /** A caller nobody answers gives up after waiting this long. */
  abandonMs: [number, number];
  /** Pause an operator takes after a call before the next (wrap-up). */
  wrapUpMs: [number, number];
};

export const DEFAULT_DURATIONS: Readonly<CallDurations> = {
  answerRingMs: [1_000, 14_000],
  clientRingMs: [2_000, 15_000],
  talkMs: [20_000, 300_000],
  abandonMs: [5_000, 60_000],
  wrapUpMs: [2_000, 15_000],
};

export type TrafficOptions = {
  /**
   * New calls per simulated second (at speed 1, per real second). Default 0.05 (3 a minute): with
   * 8 operators and talk times of 20–300 s that keeps the team busy without flooding the queue.
   */
  callsPerSecond?: number;
  /** No new call while this many are in progress. Default 20. */
  maxConcurrent?: number;
  /** Operator extensions taking and placing calls. Default the PBX's queue members (101–108). */
  operators?: readonly string[];
  /**
   * Who calls and who is called. Default a seeded pool of 200 RU/UA numbers. A function is asked at every
   * call (the demo learns its clients' numbers after the PBX started); while it returns none, the default pool.
   */
  callers?: readonly Caller[] | (() => readonly Caller[]);
  mix?: TrafficMix;
  durations?: Partial<CallDurations>;
  seed?: number;
};

export type TrafficStats = { started: number; skipped: number; byKind: Partial<Record<CallKind, number>> };

/**
 * Starts calls on `server` at random (Poisson) times, choosing operators who are free at that moment,
 * so concurrent calls interleave on the wire like on a real PBX. Inbound calls that find every
 * operator busy wait in the queue and give up.
 */
export class TrafficGenerator {
  readonly stats: TrafficStats = { started: 0, skipped: 0, byKind: {} };
  private readonly server: AmiServer;
  private readonly pbx: SimPbx;
  private readonly random: Random;
  private readonly rate: number;
  private readonly maxConcurrent: number;
  private readonly operators: readonly string[];
  private readonly callerSource: () => readonly Caller[];
  private readonly defaultCallers: readonly Caller[];
  private readonly weights: Array<[CallKind, number]>;
  private readonly durations: CallDurations;
  /** Simulated epoch ms each operator is busy until. */
  private readonly busyUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private rotation = 0;
  private c2cSeq = 0;
  private readonly onCall = (script: CallScript): void => this.occupy(script);
  private readonly onClose = (): void => this.stop();

  constructor(server: AmiServer, options: TrafficOptions = {}) {
    this.server = server;
    this.pbx = server.pbx;
    this.random = createRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.rate = options.callsPerSecond ?? 0.05;
    this.maxConcurrent = options.maxConcurrent ?? 20;
    this.operators = options.operators ?? this.pbx.operators.map((o) => o.ext);
    const given = options.callers;
    this.defaultCallers = typeof given === 'object' ? given : callerPool(200, this.random.int(1, 1e9));
    this.callerSource = typeof given === 'function' ? given : () => this.defaultCallers;
    const mix = { ...DEFAULT_MIX, ...options.mix };
    this.weights = (Object.entries(mix) as Array<[CallKind, number]>).filter(([, w]) => w > 0);
    this.durations = { ...DEFAULT_DURATIONS, ...options.durations };
    if (this.operators.length === 0) throw new Error('traffic needs at least one operator');
    if (this.weights.length === 0) throw new Error('traffic mix has no call kind with a weight');
  }

  private get callers(): readonly Caller[] {
    const list = this.callerSource();
    return list.length > 0 ? list : this.defaultCallers;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Starts generating calls (the first one right away). */
  start(): void {
    if (this.timer || this.rate <= 0) return;
    this.server.on('call', this.onCall);
    this.server.once('close', this.onClose);
    this.arrive();
  }

  /** Stops starting new calls; calls in progress play to the end. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.server.off('call', this.onCall);
    this.server.off('close', this.onClose);
  }

  /** Starts one call now (of `kind`, or drawn from the mix) and returns its script, or null if it could not be placed. */
  startCall(kind?: CallKind): CallScript | null {
    const script = this.plan(kind ?? this.drawKind(), this.server.clock.now());
    if (!script) {
      this.stats.skipped++;
      return null;
    }
    this.occupy(script);
    this.stats.started++;
    this.stats.byKind[script.kind] = (this.stats.byKind[script.kind] ?? 0) + 1;
    void this.server.play(script);
    return script;
  }

  /**
   * Builds (does not play) one call of `kind` starting at `startEpochMs`, using operators free then.
   * Falls back to what is possible: an inbound call with nobody free is abandoned in the queue; an
   * outbound call with nobody free is not placed (null).
   */
  plan(kind: CallKind, startEpochMs: number): CallScript | null {
    const r = this.random;
    const d = this.durations;
    const p = this.pbx.profile;
    const free = this.freeOperators(startEpochMs);
    const talk = (): number => skewed(r, d.talkMs);
    const answerRing = (): number => Math.min(skewed(r, d.answerRingMs), p.ringTimeoutMs - 500);
    const callers = this.callers;
    const caller = r.pick(callers);
    const client = (): string => {
      for (let i = 0; i < 10; i++) {
        const c = r.pick(callers);
        if (c.number !== 'anonymous') return c.number;
      }
      return `8916${r.int(1_000_000, 9_999_999)}`;
    };
    const [first, second] = free;
    switch (kind) {
      case 'inbound-answered':
      case 'inbound-ringnoanswer':
      case 'inbound-transfer': {
        if (!first) return this.waitInQueue(caller, startEpochMs, talk(), answerRing());
        const hangupBy = r.chance(0.55) ? 'caller' : 'agent';
        if (kind === 'inbound-ringnoanswer' && second) {
          return inboundCall(
            this.pbx,
            { caller, attempts: [{ ext: first, ringMs: p.ringTimeoutMs }, { ext: second, ringMs: answerRing(), answered: true }], talkMs: talk(), hangupBy },
            startEpochMs,
          );
        }
        if (kind === 'inbound-transfer' && second) {
          return inboundCall(
            this.pbx,
            {
              caller,
              attempts: [{ ext: first, ringMs: answerRing(), answered: true }],
              transfer: { to: second, afterMs: r.int(10_000, 60_000), ringMs: r.int(2_000, 8_000), talkMs: talk(), hangupBy },
            },
            startEpochMs,
          );
        }
        return inboundCall(this.pbx, { caller, attempts: [{ ext: first, ringMs: answerRing(), answered: true }], talkMs: talk(), hangupBy }, startEpochMs);
      }
      case 'inbound-abandoned': {
        if (!first || r.chance(0.3)) return this.abandonedNoAgent(caller, startEpochMs);
        if (second && r.chance(0.3)) {
          // Two members ring out, the caller gives up during the second.
          const wait = p.ringTimeoutMs + p.retryMs + r.int(1_000, p.ringTimeoutMs - 1_000);
          return inboundCall(this.pbx, { caller, attempts: [{ ext: first, ringMs: p.ringTimeoutMs }, { ext: second, ringMs: p.ringTimeoutMs }], abandonAfterMs: wait }, startEpochMs);
        }
        return inboundCall(this.pbx, { caller, attempts: [{ ext: first, ringMs: p.ringTimeoutMs }], abandonAfterMs: r.int(3_000, p.ringTimeoutMs - 1_000) }, startEpochMs);
      }
      case 'outbound-answered':
      case 'outbound-busy':
      case 'outbound-noanswer': {
        if (!first) return null;
        const outcome = kind === 'outbound-answered' ? 'answered' : kind === 'outbound-busy' ? 'busy' : 'noanswer';
        return outboundCall(
          this.pbx,
          { ext: first, number: client(), outcome, ringMs: skewed(r, d.clientRingMs), talkMs: talk(), hangupBy: r.chance(0.6) ? 'operator' : 'client' },
          startEpochMs,
        );
      }
      case 'internal': {
        if (!first || !second) return null;
        return internalCall(this.pbx, { from: first, to: second, ringMs: r.int(1_500, 8_000), talkMs: Math.min(talk(), 120_000) }, startEpochMs);
      }
      case 'click-to-call': {
        if (!first) return null;
        const number = client();
        return clickToCall(
          this.pbx,
          {
            ext: first,
            number,
            callerId: { number, name: '' },
            actionId: `sim-c2c-${++this.c2cSeq}`,
            agentRingMs: r.int(1_500, 6_000),
            clientRingMs: skewed(r, d.clientRingMs),
            talkMs: talk(),
            hangupBy: r.chance(0.6) ? 'operator' : 'client',
          },
          startEpochMs,
        );
      }
      case 'chan-spy':
        return null; // only a supervisor's Originate from the CRM plays one (it joins a call in progress)
    }
  }

  private abandonedNoAgent(caller: Caller, startEpochMs: number): CallScript {
    return inboundCall(this.pbx, { caller, attempts: [], abandonAfterMs: this.random.int(...this.durations.abandonMs) }, startEpochMs);
  }

  /**
   * Everyone is busy: the caller waits in the queue. If an operator frees up before the caller's
   * patience runs out, that operator is rung and answers; otherwise the caller gives up.
   */
  private waitInQueue(caller: Caller, startEpochMs: number, talkMs: number, ringMs: number): CallScript {
    const patience = this.random.int(...this.durations.abandonMs);
    let soonest: string | undefined;
    let soonestAt = Infinity;
    for (const ext of this.operators) {
      if (this.server.queueMembers.isAway(ext)) continue;
      const at = this.busyUntil.get(ext) ?? 0;
      if (at < soonestAt) [soonest, soonestAt] = [ext, at];
    }
    // The queue starts ringing about half a second after the caller is put in it.
    const waitMs = soonestAt - startEpochMs - 500;
    if (!soonest || waitMs + ringMs >= patience) {
      return inboundCall(this.pbx, { caller, attempts: [], abandonAfterMs: patience }, startEpochMs);
    }
    const hangupBy = this.random.chance(0.55) ? 'caller' : 'agent';
    return inboundCall(this.pbx, { caller, waitBeforeRingMs: Math.max(0, waitMs), attempts: [{ ext: soonest, ringMs, answered: true }], talkMs, hangupBy }, startEpochMs);
  }

  private arrive(): void {
    if (this.server.activeCalls < this.maxConcurrent) this.startCall();
    else this.stats.skipped++;
    const gapSimMs = (-Math.log(1 - this.random.next()) / this.rate) * 1000;
    this.timer = setTimeout(() => this.arrive(), gapSimMs / this.server.clock.speed);
    this.timer.unref();
  }

  private drawKind(): CallKind {
    const total = this.weights.reduce((n, [, w]) => n + w, 0);
    let x = this.random.next() * total;
    for (const [kind, w] of this.weights) {
      x -= w;
      if (x < 0) return kind;
    }
    return (this.weights.at(-1) as [CallKind, number])[0];
  }

  /** Free operators, rotated so calls spread over the team like a round-robin queue. */
  private freeOperators(nowEpochMs: number): string[] {
    const ops = this.operators;
    const start = this.rotation++ % ops.length;
    const out: string[] = [];
    for (let i = 0; i < ops.length; i++) {
      const ext = ops[(start + i) % ops.length] as string;
      // A member paused in the queue (or out of it) is not rung: the CRM's Break and Offline reach the demo too.
      if ((this.busyUntil.get(ext) ?? 0) <= nowEpochMs && !this.server.queueMembers.isAway(ext)) out.push(ext);
    }
    return out;
  }

  private occupy(script: CallScript): void {
    for (const o of script.occupancy) {
      const until = script.startEpochMs + o.toMs + this.random.int(...this.durations.wrapUpMs);
      this.busyUntil.set(o.ext, Math.max(this.busyUntil.get(o.ext) ?? 0, until));
    }
  }
}

/** Uniform in [min, max] but skewed toward the short end (most calls are short, a few are long). */
function skewed(r: Random, [min, max]: readonly [number, number]): number {
  const u = r.next();
  return Math.round(min + (max - min) * u * u);
}

// ---- flood --------------------------------------------------------------------------------------

export type FloodOptions = {
  /** How many messages (events) to write. */
  events: number;
  /**
   * Write size: 'small' = one message per write (~500 B, many tiny TCP segments), 'large' = ~1 MiB
   * per write, or about that many bytes per write. Default 'large'.
   */
  chunk?: 'small' | 'large' | number;
  /** Calls in progress at once, interleaved on the wire. Default 20. */
  concurrency?: number;
  /**
   * false (default): a pool of ~10,000 messages of interleaved calls is generated and encoded once,
   * then written again and again with the epochs in every Uniqueid/Linkedid and `Timestamp:` moved on
   * each round, so every call is distinct (Cdr date strings and bridge ids do repeat). Fast: the
   * socket is the limit. true: every call is generated anew (fully consistent, but generation costs
   * about 3 µs per event).
   */
  fresh?: boolean;
  seed?: number;
};

export type FloodReport = { events: number; bytes: number; writes: number; ms: number; eventsPerSecond: number };

/**
 * Writes `events` AMI messages of realistic, interleaved calls to `target` as fast as it drains,
 * then resolves with what was written and how long it took. The target is a logged-in session or
 * any writable (a socket). Messages are never split inside a write (TCP may still split them).
 */
export async function flood(target: AmiSession | Writable, options: FloodOptions): Promise<FloodReport> {
  const out = target instanceof AmiSession ? target.socket : target;
  const chunkBytes = options.chunk === 'small' ? 0 : options.chunk === 'large' || options.chunk === undefined ? 1024 * 1024 : options.chunk;
  const source = new FloodSource(options);
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  let writes = 0;
  while (events < options.events) {
    const { buf, ends } = source.next();
    let from = 0;
    let i = 0;
    while (i < ends.length && events < options.events) {
      if (out.destroyed || !out.writable) throw new Error(`flood target closed after ${events} events`);
      let to = ends[i++] as number;
      events++;
      while (to - from < chunkBytes && i < ends.length && events < options.events) {
        to = ends[i++] as number;
        events++;
      }
      bytes += to - from;
      writes++;
      const more = out.write(buf.subarray(from, to));
      from = to;
      if (!more) await drained(out);
    }
  }
  await new Promise<void>((resolve, reject) => out.write('', (err) => (err ? reject(err) : resolve())));
  const ms = performance.now() - started;
  return { events, bytes, writes, ms, eventsPerSecond: Math.round((events / ms) * 1000) };
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      out.off('drain', onDrain);
      reject(new Error('flood target closed'));
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

type EncodedBatch = { buf: Buffer; ends: number[] };

/** Encoded batches of messages of overlapping generated calls, in wire order. */
class FloodSource {
  private readonly planner: FloodPlanner;
  private readonly concurrency: number;
  private readonly fresh: boolean;
  private clock = Date.now();
  private pool: (EncodedBatch & { epochAt: number[]; epochs: number[]; span: number }) | null = null;
  private round = 0;

  constructor(options: FloodOptions) {
    const seed = options.seed ?? 1;
    this.planner = new FloodPlanner(new SimPbx({ seed, profile: { systemName: 'sim' } }), seed);
    this.concurrency = Math.max(1, options.concurrency ?? 20);
    this.fresh = options.fresh ?? false;
  }

  next(): EncodedBatch {
    if (this.fresh) return encode(this.makeBatch());
    if (!this.pool) {
      const messages: string[] = [];
      while (messages.length < 10_000) messages.push(...this.makeBatch());
      this.pool = withEpochs(encode(messages));
      return this.pool;
    }
    const pool = this.pool;
    const shift = ++this.round * pool.span;
    const buf = Buffer.from(pool.buf);
    for (let i = 0; i < pool.epochAt.length; i++) buf.write(String((pool.epochs[i] as number) + shift), pool.epochAt[i] as number, 'latin1');
    return { buf, ends: pool.ends };
  }

  private makeBatch(): string[] {
    const timed: Array<{ at: number; seq: number; data: string }> = [];
    let seq = 0;
    let end = this.clock;
    for (let i = 0; i < this.concurrency; i++) {
      const script = this.planner.call(this.clock + i * 700);
      for (const m of script.messages) timed.push({ at: script.startEpochMs + m.atMs, seq: seq++, data: m.data });
      end = Math.max(end, script.startEpochMs + script.durationMs);
    }
    this.clock = end + 1000;
    timed.sort((a, b) => a.at - b.at || a.seq - b.seq);
    return timed.map((t) => t.data);
  }
}

function encode(messages: string[]): EncodedBatch {
  const buf = Buffer.from(messages.join(''), 'utf8');
  const ends: number[] = [];
  let at = 0;
  for (const m of messages) {
    at += Buffer.byteLength(m, 'utf8');
    ends.push(at);
  }
  return { buf, ends };
}

/** Finds every 10-digit epoch in `sim-<epoch>.<n>` ids and `Timestamp: <epoch>.<us>` lines. */
function withEpochs(batch: EncodedBatch): EncodedBatch & { epochAt: number[]; epochs: number[]; span: number } {
  const epochAt: number[] = [];
  const epochs: number[] = [];
  for (const marker of ['sim-', 'Timestamp: ']) {
    const needle = Buffer.from(marker, 'latin1');
    for (let at = batch.buf.indexOf(needle); at >= 0; at = batch.buf.indexOf(needle, at + 1)) {
      const digitsAt = at + needle.length;
      const text = batch.buf.toString('latin1', digitsAt, digitsAt + 11);
      if (/^\d{10}\.$/.test(text)) {
        epochAt.push(digitsAt);
        epochs.push(Number(text.slice(0, 10)));
      }
    }
  }
  const span = epochs.length ? Math.max(...epochs) - Math.min(...epochs) + 60 : 60;
  return { ...batch, epochAt, epochs, span };
}

/** The traffic mix without a server or free-operator bookkeeping. */
class FloodPlanner {
  private readonly callers: Caller[];
  private readonly r: Random;
  private n = 0;

  constructor(
    private readonly pbx: SimPbx,
    seed: number,
  ) {
    this.r = createRandom(seed);
    this.callers = callerPool(100, seed);
  }

  call(startEpochMs: number): CallScript {
    const r = this.r;
    const ops = this.pbx.operators.map((o) => o.ext);
    const a = ops[this.n++ % ops.length] as string;
    const b = ops[this.n % ops.length] as string;
    const caller = r.pick(this.callers);
    const talkMs = r.int(20_000, 120_000);
    const roll = r.next();
    if (roll < 0.6) return inboundCall(this.pbx, { caller, attempts: [{ ext: a, ringMs: r.int(1_000, 8_000), answered: true }], talkMs }, startEpochMs);
    if (roll < 0.7) return inboundCall(this.pbx, { caller, attempts: [{ ext: a, ringMs: 15_000 }, { ext: b, ringMs: 3_000, answered: true }], talkMs }, startEpochMs);
    if (roll < 0.8) return inboundCall(this.pbx, { caller, attempts: [{ ext: a, ringMs: 15_000 }], abandonAfterMs: r.int(3_000, 14_000) }, startEpochMs);
    const number = caller.number === 'anonymous' ? '89161234567' : caller.number;
    return outboundCall(this.pbx, { ext: a, number, outcome: roll < 0.95 ? 'answered' : 'busy', ringMs: 4_000, talkMs }, startEpochMs);
  }
}
