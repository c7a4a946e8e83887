/**
 * Memory: the heap after 1,000,000 AMI events of finished calls stays flat (no per-call state kept after a
 * call ends). The simulator (in a child process) floods the AsteriskConnector as the server runs it
 * (socket bytes → AmiBufferFramer, noise dropped undecoded → parseFrame → CallTracker); its CallEvents are
 * folded into CallRecords in memory as the call log does (no database: a record is dropped once its call
 * ended and its row figures were computed, as the call log drops it once written). Every --every events
 * the heap is measured after a forced full GC, at the first message the framer keeps at or past the
 * multiple (the noise never leaves the framer, so a sample's event count can overshoot it by a few). The
 * flood goes on past --events to the next point where every call it started has ended (found by a dry run
 * in the feeder), so the last sample should show no call, no channel and no record left.
 *
 *   bash bench/run.sh ami-memory                           # 1,000,000 events, a sample every 100,000
 *   bash bench/run.sh ami-memory -- --events=2000000
 *
 * Options (--name= or env): --events (BENCH_AMI_MEM_EVENTS, default 1000000), --every (BENCH_AMI_MEM_EVERY,
 * default 100000), --chunk (BENCH_AMI_MEM_CHUNK: small, large or bytes per write; default large).
 *
 * heap_start_mb is the first sample (after --every events: JIT code and the maps' first growth are in it);
 * heap_idle_mb the heap before the flood. The heap goes up and down with the calls in progress at the
 * sample (the flood's 20 interleaved calls come in waves), so slope_kb_per_100k is b in the least-squares
 * fit heapUsed ≈ a + b·(events/100k) + c·active_calls, kb_per_active_call is c, and raw_slope_kb_per_100k
 * the plain slope over events. Flat = |b| within a few tens of KB per 100k (the sampling itself allocates).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { CallEvent } from '../telephony/call-event';
import { CallRecord } from '../server/modules/calls/call-record';
import { connectorReader } from './lib/ami-readers';
import { FloodFeeder, type Chunk } from './lib/flood-feeder';
import { emit, info, round } from './lib/stats';

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}
const int = (v: string, what: string) => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
};
const EVENTS = int(option('events', 'BENCH_AMI_MEM_EVENTS', '1000000'), '--events');
const EVERY = int(option('every', 'BENCH_AMI_MEM_EVERY', '100000'), '--every');
const chunkOpt = option('chunk', 'BENCH_AMI_MEM_CHUNK', 'large');
const CHUNK: Chunk = chunkOpt === 'small' || chunkOpt === 'large' ? chunkOpt : int(chunkOpt, '--chunk');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (opts?: { type: 'major' | 'minor'; execution?: 'sync' }) => void;
const MB = 1024 * 1024;
/** heapUsed after two full collections (the second picks up what finalizers of the first freed). */
function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The call log's in-memory part: one CallRecord per call, folded, dropped once ended and "written". */
class RecordSink {
  readonly open = new Map<string, CallRecord>();
  written = 0;
  checksum = 0;
  handle = (e: CallEvent): void => {
    let record = this.open.get(e.callId);
    if (!record) {
      if (e.type !== 'started') return;
      record = new CallRecord(e.pbx, e.callId, e.at.getTime());
      this.open.set(e.callId, record);
    }
    record.apply(e);
    if (record.ended) {
      // What the call log writes; computed so the fold is really done, then the record is let go.
      const figures = record.figures();
      this.checksum += (figures.talkSeconds ?? 0) + record.legFigures().length;
      this.open.delete(e.callId);
      this.written++;
    }
  };
}

/** Ordinary least squares by the normal equations (Gauss–Jordan); null if singular or too few rows. */
function leastSquares(x: number[][], y: number[]): number[] | null {
  const k = x[0]?.length ?? 0;
  if (x.length <= k) return null;
  const m = Array.from({ length: k }, (_, i) => [...Array.from({ length: k }, (_, j) => x.reduce((a, r) => a + r[i]! * r[j]!, 0)), x.reduce((a, r, n) => a + r[i]! * y[n]!, 0)]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-9) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= k; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row[k]! / row[i]!);
}

type Sample = { events: number; heapUsed: number; activeCalls: number; openRecords: number; channels: number };

const feeder = await FloodFeeder.start();
const stop = () => void feeder.close().finally(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
info(`ami-memory: feeder pid ${feeder.pid}; ${EVENTS} events in ${CHUNK} writes, a heap sample every ${EVERY}`);
try {
  const reader = await connectorReader(feeder.port);
  try {
    const sink = new RecordSink();
    reader.sink = sink.handle;
    const tracker = reader.connector.tracker as unknown as { activeCalls: number; channelToCall: Map<string, unknown> };
    const samples: Sample[] = [];
    const sample = (events: number) => {
      const heapUsed = heapAfterGc();
      samples.push({ events, heapUsed, activeCalls: tracker.activeCalls, openRecords: sink.open.size, channels: tracker.channelToCall.size });
      info(`  ${String(events).padStart(9)} events: heap ${(heapUsed / MB).toFixed(2)} MB, active calls ${tracker.activeCalls}, channels ${tracker.channelToCall.size}, open records ${sink.open.size}`);
    };
    const idle = heapAfterGc();
    reader.onProgress = { every: EVERY, fn: sample };
    reader.arm();
    // Flood at least EVENTS, up to the next point where every call flooded has ended.
    const fed = feeder.flood(EVENTS, CHUNK, { endOnIdle: true });
    const timeoutMs = 180_000 + EVENTS / 2;
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      reader.finished,
      fed.then(() => new Promise<never>(() => undefined)),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`sentinel not seen in ${timeoutMs} ms`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    const flooded = (await fed).events;
    if (result.frames !== flooded) throw new Error(`counted ${result.frames} messages, the feeder wrote ${flooded}`);
    // The last sample is taken after the sentinel, with every event handled: every call flooded has ended.
    while ((samples.at(-1)?.events ?? -1) >= flooded) samples.pop();
    sample(flooded);

    const first = samples[0]!;
    const last = samples.at(-1)!;
    const mid = samples[Math.floor((samples.length - 1) / 2)]!;
    // heapUsed ≈ a + b·events + c·activeCalls, least squares: b is the growth that calls in progress do
    // not explain (a leak), c what one call in progress holds. The one-variable slope is reported too.
    const fit = leastSquares(samples.map((s) => [1, s.events / 100_000, s.activeCalls]), samples.map((s) => s.heapUsed));
    const rawFit = leastSquares(samples.map((s) => [1, s.events / 100_000]), samples.map((s) => s.heapUsed));
    const c = reader.callEvents;
    emit({
      bench: 'ami_memory',
      path: 'connector',
      chunk: CHUNK,
      events: flooded,
      samples: samples.length,
      heap_idle_mb: round(idle / MB, 2),
      heap_start_mb: round(first.heapUsed / MB, 2),
      heap_mid_mb: round(mid.heapUsed / MB, 2),
      heap_end_mb: round(last.heapUsed / MB, 2),
      heap_max_mb: round(Math.max(...samples.map((s) => s.heapUsed)) / MB, 2),
      heap_end_minus_idle_kb: round((last.heapUsed - idle) / 1024, 1),
      slope_kb_per_100k: fit ? round(fit[1]! / 1024, 1) : null,
      kb_per_active_call: fit ? round(fit[2]! / 1024, 1) : null,
      raw_slope_kb_per_100k: rawFit ? round(rawFit[1]! / 1024, 1) : null,
      growth_start_to_end_kb: round((last.heapUsed - first.heapUsed) / 1024, 1),
      calls_started: c.started,
      calls_ended: c.ended,
      records_written: sink.written,
      active_calls_end: tracker.activeCalls,
      channels_end: tracker.channelToCall.size,
      open_records_end: sink.open.size,
      max_active_calls: Math.max(...samples.map((s) => s.activeCalls)),
      rss_end_mb: round(process.memoryUsage().rss / MB, 1),
      seconds: round((result.lastAt - result.firstAt) / 1000, 2),
    });
  } finally {
    await reader.close();
  }
} finally {
  await feeder.close();
}
