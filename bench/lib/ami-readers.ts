/**
 * The reading side of the AMI benchmarks: three readers of the same simulator flood, each logging in,
 * then counting from the first byte after arm() until the sentinel event of ami-flood-child.ts.
 *
 *   connector  AsteriskConnector as the server runs it: socket bytes → AmiBufferFramer (noise dropped on its
 *              name before decoding) → AmiClient#onFrame → parseFrame → CallTracker → CallEvents. Counted by
 *              wrapping AmiClient#onFrame (every kept frame) and CallTracker#handle (every parsed event) on
 *              the instance, one extra call each; the noise it drops is read from the framer's `dropped`.
 *   bare       a plain net.Socket, setEncoding('utf8'), an indexOf('\r\n\r\n') loop that only counts: the ceiling.
 *   stock      asterisk-manager with its own reader, counting 'managerevent' (reference only).
 */
import net, { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import AsteriskManager from 'asterisk-manager';
import type { CallEvent } from '../../telephony/call-event';
import { AmiBufferFramer, type AmiMessage } from '../../telephony/asterisk/ami-framer';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
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
  /** Frames the client's AmiBufferFramer dropped as noise since arm() (never decoded nor parsed). */
  dropped(): number;
  callEvents: CallEventCounts;
  /** Called for every CallEvent after counting (the memory bench folds them into CallRecords). */
  sink?: (e: CallEvent) => void;
  /**
   * Called with the frame count since arm() (noise included) at the first kept frame at or past every
   * `every` frames: noise is dropped inside the framer, so the count can overshoot the multiple by the
   * noise just before it (the memory bench samples the heap there).
   */
  onProgress?: { every: number; fn: (frames: number) => void };
};

type AmiClientInternals = {
  onFrame(manager: unknown, frame: string, name: string): void;
  socket: Socket | undefined;
  emit(event: 'event', msg: AmiMessage, receivedAt: number): boolean;
};
type TrackerInternals = { handle(msg: AmiMessage, receivedAt: number): void };

/**
 * The client's AmiBufferFramer is a local of AmiClient#connect, and its `dropped` (noise) counter is what
 * the frame count needs: the instance is caught on its first push (the PBX banner) by a wrapper on the
 * prototype that puts the original back at once, so the measured path runs the class's own push.
 */
function catchFramer(): { caught(): AmiBufferFramer | undefined; release(): void } {
  const proto = AmiBufferFramer.prototype;
  const push = proto.push;
  let framer: AmiBufferFramer | undefined;
  proto.push = function (this: AmiBufferFramer, chunk: Buffer) {
    framer = this;
    proto.push = push;
    return push.call(this, chunk);
  };
  return { caught: () => framer, release: () => void (proto.push = push) };
}

export async function connectorReader(port: number): Promise<ConnectorReader> {
  const connector = new AsteriskConnector({
    url: `ami://${BENCH_USER}:${BENCH_SECRET}@${HOST}:${port}`,
    name: 'bench',
    // No Ping during a run: every frame counted is a flood frame.
    pingIntervalMs: 3_600_000,
    actionTimeoutMs: 30_000,
    reconnect: { minDelayMs: 60_000, maxDelayMs: 60_000 },
  });
  const callEvents: CallEventCounts = { started: 0, queued: 0, ringing: 0, ring_stopped: 0, answered: 0, transferred: 0, ended: 0, recording: 0 };
  let armed = false;
  /** Frames the framer kept (handed to AmiClient#onFrame) since arm(); the noise is framer.dropped. */
  let kept = 0;
  let parsed = 0;
  let firstAt = 0;
  let chunkStart = 0;
  let maxChunkMs = 0;
  let reads = 0;
  let nextProgress = Infinity;
  let framer: AmiBufferFramer | undefined;
  const done = deferred<ReaderResult>();

  const resynced = new Promise<void>((resolve) => connector.onResync(() => resolve()));
  const reader: ConnectorReader = {
    connector,
    callEvents,
    parsed: () => parsed,
    dropped: () => framer!.dropped,
    arm() {
      armed = true;
      kept = parsed = firstAt = maxChunkMs = reads = 0;
      framer!.dropped = 0;
      nextProgress = reader.onProgress?.every ?? Infinity;
      for (const k of Object.keys(callEvents) as (keyof CallEventCounts)[]) callEvents[k] = 0;
    },
    finished: done.promise,
    close: async () => {
      await connector.stop().catch(() => undefined);
    },
  };
  const catcher = catchFramer();
  try {
    connector.start((e) => {
      callEvents[e.type]++;
      reader.sink?.(e);
    });
    connector.client.on('state', (state, detail) => {
      if (state === 'disconnected' || state === 'auth_failed') done.reject(new Error(`AMI link ${state}${detail ? `: ${detail}` : ''}`));
    });
    await withTimeout(resynced, 10_000, 'connector login + CoreShowChannels');
    framer = catcher.caught();
  } finally {
    catcher.release();
  }
  if (!framer) throw new Error("connector: the client's AmiBufferFramer was never pushed to");
  const f = framer;

  const client = connector.client as unknown as AmiClientInternals;
  const onFrame = client.onFrame;
  // Looked up on the instance at every frame (the framer calls this.onFrame), so the wrapper is what runs.
  client.onFrame = function (manager, frame, name) {
    kept++;
    const p = reader.onProgress;
    if (p && armed && f.dropped + kept >= nextProgress) {
      const frames = f.dropped + kept;
      p.fn(frames);
      nextProgress = (Math.floor(frames / p.every) + 1) * p.every;
    }
    onFrame.call(this, manager, frame, name);
  };
  const tracker = connector.tracker as unknown as TrackerInternals;
  const handle = tracker.handle;
  tracker.handle = function (msg, receivedAt) {
    if (msg.userevent === 'BenchEnd') {
      const now = performance.now();
      // frames: every message since arm(), noise included, the sentinel excluded.
      if (armed) done.resolve({ frames: f.dropped + kept - 1, firstAt, lastAt: now, maxChunkMs: Math.max(maxChunkMs, now - chunkStart), reads });
      return;
    }
    parsed++;
    handle.call(this, msg, receivedAt);
  };
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
