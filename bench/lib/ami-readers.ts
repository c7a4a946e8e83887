/**
 * The reading side of the AMI benchmarks: three readers of the same simulator flood, each logging in,
 * then counting from the first byte after arm() until the sentinel event of ami-flood-child.ts.
 *
 *   connector  AsteriskConnector as the server runs it: socket → AmiFramer → noise filter → parseFrame →
 *              CallTracker → CallEvents. Counted by wrapping AmiClient#onFrame (every frame) and
 *              CallTracker#handle (every parsed event) on the instance: one extra call each.
 *   bare       a plain net.Socket, setEncoding('utf8'), an indexOf('\r\n\r\n') loop that only counts: the ceiling.
 *   proposed   the connector with bench/lib/ami-framer.proposed.ts in place of AmiFramer/parseFrame (bytes framed,
 *              noise dropped before decoding, keys cached), injected from outside: nothing in telephony/ changes.
 *   stock      asterisk-manager with its own reader, counting 'managerevent' (reference only).
 */
import net, { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import AsteriskManager from 'asterisk-manager';
import type { CallEvent } from '../../telephony/call-event';
import type { AmiMessage } from '../../telephony/asterisk/ami-framer';
import { field } from '../../telephony/asterisk/ami-framer';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AMI_NOISE } from '../../telephony/asterisk/call-tracker';
import { AmiBufferFramer, parseFrameCached } from './ami-framer.proposed';
import { BENCH_SECRET, BENCH_USER } from './ami-flood-child';

export type ReaderResult = {
  /** Messages (frames) counted from arm() to the sentinel, the sentinel excluded. */
  frames: number;
  /** performance.now() of the first byte / event after arm(), and of the sentinel. */
  firstAt: number;
  lastAt: number;
  /** Longest synchronous run of one socket 'data' callback (the whole path for that chunk), ms; NaN if not measured. */
  maxChunkMs: number;
  /** 'data' callbacks (socket reads) from arm() to the sentinel. */
  reads: number;
};

export interface AmiReader {
  /** Resets the counters: what arrives from now on is measured. */
  arm(): void;
  /** Called once, with the first byte (or event) after arm(). */
  onStart?: () => void;
  /** Resolves when the sentinel has arrived. */
  readonly finished: Promise<ReaderResult>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const SETTLE_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined); // a rejection nobody awaited yet is not fatal here
  return { promise, resolve, reject };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

// ---- connector --------------------------------------------------------------------------------------

export type CallEventCounts = Record<CallEvent['type'], number>;

export type ConnectorReader = AmiReader & {
  readonly connector: AsteriskConnector;
  /** Events parsed and handed to the tracker since arm() (the sentinel excluded); the rest was noise. */
  parsed(): number;
  callEvents: CallEventCounts;
  /** Called for every CallEvent after counting (the memory bench folds them into CallRecords). */
  sink?: (e: CallEvent) => void;
  /** Called every `every` frames with the frame count since arm() (the memory bench samples the heap). */
  onProgress?: { every: number; fn: (frames: number) => void };
};

type AmiClientInternals = {
  onFrame(manager: unknown, frame: string): void;
  socket: Socket | undefined;
  manager: unknown;
  pending: Map<string, { list?: unknown }>;
  emit(event: 'event', msg: AmiMessage, receivedAt: number): boolean;
};
type TrackerInternals = { handle(msg: AmiMessage, receivedAt: number): void };

export async function connectorReader(port: number, opts: { proposed?: boolean } = {}): Promise<ConnectorReader> {
  const connector = new AsteriskConnector({
    url: `ami://${BENCH_USER}:${BENCH_SECRET}@${HOST}:${port}`,
    name: 'bench',
    // No Ping during a run: every frame counted is a flood frame.
    pingIntervalMs: 3_600_000,
    actionTimeoutMs: 30_000,
    reconnect: { minDelayMs: 60_000, maxDelayMs: 60_000 },
  });
  const callEvents: CallEventCounts = { started: 0, queued: 0, ringing: 0, ring_stopped: 0, answered: 0, transferred: 0, ended: 0 };
  let armed = false;
  let frames = 0;
  let parsed = 0;
  let firstAt = 0;
  const done = deferred<ReaderResult>();

  const resynced = new Promise<void>((resolve) => connector.onResync(() => resolve()));
  const reader: ConnectorReader = {
    connector,
    callEvents,
    parsed: () => parsed,
    arm() {
      armed = true;
      frames = parsed = firstAt = maxChunkMs = reads = kept = 0;
      if (framer) framer.dropped = 0;
      nextProgress = reader.onProgress?.every ?? Infinity;
      for (const k of Object.keys(callEvents) as (keyof CallEventCounts)[]) callEvents[k] = 0;
    },
    finished: done.promise,
    close: async () => {
      await connector.stop().catch(() => undefined);
    },
  };
  let framer: AmiBufferFramer | undefined;
  let kept = 0;
  let nextProgress = Infinity;
  const startConnector = () =>
    connector.start((e) => {
      callEvents[e.type]++;
      reader.sink?.(e);
    });
  if (!opts.proposed) startConnector();
  else {
    // The proposed client: the socket keeps bytes (asterisk-manager's setEncoding('utf-8') made a no-op on
    // this one socket), read by AmiBufferFramer; events parsed with parseFrameCached, anything else (login
    // and action responses, list items) through the client's own onFrame. Swapped in synchronously inside
    // start(), before the first byte.
    const original = net.connect;
    net.connect = function (this: unknown, ...args: Parameters<typeof net.connect>) {
      const s = (original as (...a: unknown[]) => Socket).apply(this, args);
      s.setEncoding = () => s;
      return s;
    } as typeof net.connect;
    try {
      startConnector();
    } finally {
      net.connect = original;
    }
    const client = connector.client as unknown as AmiClientInternals;
    const manager = client.manager;
    const socket = client.socket!;
    socket.removeAllListeners('data');
    framer = new AmiBufferFramer(AMI_NOISE, (frame, name) => {
      kept++;
      const p = reader.onProgress;
      if (p && armed && framer!.dropped + kept >= nextProgress) {
        p.fn(nextProgress);
        nextProgress += p.every;
      }
      if (!name) return client.onFrame(manager, frame);
      const receivedAt = Date.now();
      const msg = parseFrameCached(frame);
      const actionId = field(msg, 'actionid');
      if (actionId && client.pending.get(actionId)?.list) return client.onFrame(manager, frame);
      client.emit('event', msg, receivedAt);
    });
    const f = framer;
    socket.on('data', (chunk: Buffer) => f.push(chunk));
  }
  connector.client.on('state', (state, detail) => {
    if (state === 'disconnected' || state === 'auth_failed') done.reject(new Error(`AMI link ${state}${detail ? `: ${detail}` : ''}`));
  });
  await withTimeout(resynced, 10_000, 'connector login + CoreShowChannels');

  const client = connector.client as unknown as AmiClientInternals;
  const onFrame = client.onFrame;
  // Proposed: the framer drops noise itself, so frames are counted from its counters (see arm()).
  if (!opts.proposed) client.onFrame = function (manager, frame) {
    frames++;
    const p = reader.onProgress;
    if (p && armed && frames % p.every === 0) p.fn(frames);
    onFrame.call(this, manager, frame);
  };
  const tracker = connector.tracker as unknown as TrackerInternals;
  const handle = tracker.handle;
  tracker.handle = function (msg, receivedAt) {
    if (msg.userevent === 'BenchEnd') {
      if (framer) frames = framer.dropped + kept;
      if (armed) done.resolve({ frames: frames - 1, firstAt, lastAt: performance.now(), maxChunkMs: Math.max(maxChunkMs, performance.now() - chunkStart), reads });
      return;
    }
    parsed++;
    handle.call(this, msg, receivedAt);
  };
  let chunkStart = 0;
  let maxChunkMs = 0;
  let reads = 0;
  const socket = client.socket!;
  socket.prependListener('data', () => {
    chunkStart = performance.now();
    if (armed && firstAt === 0) {
      firstAt = chunkStart;
      reader.onStart?.();
    }
  });
  socket.on('data', () => {
    if (!armed) return;
    reads++;
    const ms = performance.now() - chunkStart;
    if (ms > maxChunkMs) maxChunkMs = ms;
  });
  await sleep(SETTLE_MS);
  return reader;
}

// ---- bare indexOf framer -------------------------------------------------------------------------------

export async function bareReader(port: number): Promise<AmiReader> {
  const socket = net.connect({ port, host: HOST });
  socket.setNoDelay(true);
  socket.setEncoding('utf8');
  const done = deferred<ReaderResult>();
  const loggedIn = deferred<void>();
  let armed = false;
  let frames = 0;
  let firstAt = 0;
  let buf = '';
  let maxChunkMs = 0;
  let reads = 0;
  const reader: AmiReader = {
    arm() {
      armed = true;
      frames = firstAt = maxChunkMs = reads = 0;
    },
    finished: done.promise,
    close: async () => {
      socket.destroy();
    },
  };
  socket.on('data', (chunk: string) => {
    const t0 = performance.now();
    if (armed && firstAt === 0) {
      firstAt = t0;
      reader.onStart?.();
    }
    reads++;
    buf = buf.length > 0 ? buf + chunk : chunk;
    let from = 0;
    let lastStart = 0;
    for (let end = buf.indexOf('\r\n\r\n'); end >= 0; end = buf.indexOf('\r\n\r\n', from)) {
      frames++;
      lastStart = from;
      from = end + 4;
    }
    if (armed && from > 0 && buf.startsWith('Event: UserEvent', lastStart) && buf.slice(lastStart, from).includes('BenchEnd')) {
      done.resolve({ frames: frames - 1, firstAt, lastAt: performance.now(), maxChunkMs, reads });
    }
    if (!armed && frames > 0 && buf.includes('Authentication accepted')) loggedIn.resolve();
    buf = from > 0 ? buf.slice(from) : buf;
    const ms = performance.now() - t0;
    if (ms > maxChunkMs) maxChunkMs = ms;
  });
  socket.on('error', (err) => (done.reject(err), loggedIn.reject(err)));
  socket.on('close', () => (done.reject(new Error('bare socket closed')), loggedIn.reject(new Error('bare socket closed'))));
  socket.write(`Action: Login\r\nActionID: 1\r\nUsername: ${BENCH_USER}\r\nSecret: ${BENCH_SECRET}\r\nEvents: on\r\n\r\n`);
  await withTimeout(loggedIn.promise, 10_000, 'bare login');
  await sleep(SETTLE_MS);
  return reader;
}

// ---- stock asterisk-manager -----------------------------------------------------------------------------

/** firstAt is the first 'managerevent' after arm() (its socket is out of reach): it misses one chunk's parse. */
export async function stockReader(port: number): Promise<AmiReader> {
  const manager = AsteriskManager(undefined, HOST, BENCH_USER, BENCH_SECRET, true);
  manager.options.port = port;
  const done = deferred<ReaderResult>();
  const loggedIn = deferred<void>();
  let armed = false;
  let events = 0;
  let firstAt = 0;
  const reader: AmiReader = {
    arm() {
      armed = true;
      events = firstAt = 0;
    },
    finished: done.promise,
    close: async () => {
      manager.removeAllListeners('close');
      manager.disconnect();
    },
  };
  manager.on('managerevent', (e: Record<string, unknown>) => {
    if (!armed) return;
    if (firstAt === 0) {
      firstAt = performance.now();
      reader.onStart?.();
    }
    if (e.userevent === 'BenchEnd') done.resolve({ frames: events, firstAt, lastAt: performance.now(), maxChunkMs: NaN, reads: NaN });
    else events++;
  });
  manager.on('close', () => (done.reject(new Error('asterisk-manager socket closed')), loggedIn.reject(new Error('closed'))));
  manager.connect(port, HOST, () => manager.login((err) => (err ? loggedIn.reject(new Error('stock login refused')) : loggedIn.resolve())));
  await withTimeout(loggedIn.promise, 10_000, 'asterisk-manager login');
  await sleep(SETTLE_MS);
  return reader;
}
