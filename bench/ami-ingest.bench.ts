/**
 * Ingest: AMI events per second through the whole path as the server runs it (TCP → asterisk-manager's
 * socket, left on bytes → AmiBufferFramer, noise dropped on its event name before anything is decoded →
 * AmiClient#onFrame → parseFrame → CallTracker → CallEvent) on one core, fed by the simulator in a child
 * process as fast as it can, in small writes (one message each) and in ~1 MiB writes; against the same
 * flood read by a bare indexOf('\r\n\r\n') framer on a plain socket (the ceiling, though it decodes every
 * byte as UTF-8, which the connector no longer does for the noise it drops). Issue aim: ≥ 100,000
 * events/s, ≥ half the ceiling, event loop never blocked > 50 ms.
 *
 *   bash bench/run.sh ami-ingest                           # 1,000,000 events per run
 *   bash bench/run.sh ami-ingest -- --events=300000 --paths=connector,bare
 *
 * Options (--name= or env): --events (BENCH_AMI_EVENTS, default 1000000) per connector/bare run;
 * --chunks (BENCH_AMI_CHUNKS, default small,large; a number = bytes per write); --paths (BENCH_AMI_PATHS:
 * any of connector,bare,stock; default all three); --feeder (BENCH_AMI_FEEDER: live, replay or
 * live,replay — see bench/lib/ami-flood-child.ts; default live); --stock-small / --stock-large
 * (BENCH_AMI_STOCK_SMALL, BENCH_AMI_STOCK_LARGE: events for asterisk-manager's own reader, default
 * 100000 / 20000); --warmup (BENCH_AMI_WARMUP, default 50000 events per path, not reported).
 *
 * "events" are AMI messages received, the noise included (noise_dropped: dropped by the framer on its name;
 * parsed: handed to the tracker); the wall time runs from the first byte after the run is armed to the
 * sentinel event the feeder writes after the last one. reader_cpu_pct is this process's CPU time over that
 * wall time: near 100 the reader is the limit, well under it the feeder (or the machine) is, and
 * events_per_cpu_s (events per CPU-second of this process) is the fairer figure; cpu_ratio_to_ceiling
 * compares those. feeder_events_per_s is the feeder's own rate (live: including the ~0.5 s it spends
 * building its message pool before the first write). max_chunk_ms is the longest single socket 'data'
 * callback (≤ 64 KiB of input); the bare reader's tells what the machine adds: its callback does next to
 * nothing, so anything long there is the process being descheduled. loop_delay_*_ms come from
 * monitorEventLoopDelay({ resolution: 10 }) and include the 10 ms timer period (an idle loop reads ~10 ms).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { bareReader, connectorReader, stockReader, type AmiReader, type ConnectorReader, type ReaderResult } from './lib/ami-readers';
import type { FeederMode } from './lib/ami-flood-child';
import { FloodFeeder, type Chunk } from './lib/flood-feeder';
import { emit, info, round } from './lib/stats';

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}
const int = (v: string, what: string) => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return n;
};

const EVENTS = int(option('events', 'BENCH_AMI_EVENTS', '1000000'), '--events');
const STOCK_SMALL = int(option('stock-small', 'BENCH_AMI_STOCK_SMALL', '100000'), '--stock-small');
const STOCK_LARGE = int(option('stock-large', 'BENCH_AMI_STOCK_LARGE', '20000'), '--stock-large');
const WARMUP = int(option('warmup', 'BENCH_AMI_WARMUP', '50000'), '--warmup');
const CHUNKS: Chunk[] = option('chunks', 'BENCH_AMI_CHUNKS', 'small,large')
  .split(',')
  .map((c) => c.trim())
  .map((c) => (c === 'small' || c === 'large' ? c : int(c, '--chunks')));
const FEEDERS = option('feeder', 'BENCH_AMI_FEEDER', 'live').split(',').map((f) => {
  if (f !== 'live' && f !== 'replay') throw new Error(`--feeder must be live, replay or both (live,replay), got ${JSON.stringify(f)}`);
  return f as FeederMode;
});
const PATHS = new Set(option('paths', 'BENCH_AMI_PATHS', 'connector,bare,stock').split(',').map((p) => p.trim()));
for (const p of PATHS) if (p !== 'connector' && p !== 'bare' && p !== 'stock') throw new Error(`--paths: connector, bare or stock, got ${JSON.stringify(p)}`);

type Run = ReaderResult & {
  path: string;
  chunk: Chunk;
  feeder: FeederMode;
  events: number;
  seconds: number;
  eventsPerS: number;
  cpuPct: number;
  eventsPerCpuS: number;
  loopMaxMs: number;
  loopP99Ms: number;
  feederEventsPerS: number;
  writes: number;
  mb: number;
};

async function measure<R extends AmiReader>(
  feeder: FloodFeeder,
  mode: FeederMode,
  path: string,
  open: (port: number) => Promise<R>,
  chunk: Chunk,
  events: number,
  after?: (r: R, run: Run) => void,
): Promise<Run> {
  const reader = await open(feeder.port);
  try {
    const h = monitorEventLoopDelay({ resolution: 10 });
    let cpu0 = process.cpuUsage();
    // The feeder may spend seconds generating before its first write: measure from the first byte.
    reader.onStart = () => {
      h.reset();
      cpu0 = process.cpuUsage();
    };
    reader.arm();
    h.enable();
    const fed = feeder.flood(events, chunk, { feeder: mode });
    const timeoutMs = 60_000 + events / 2; // ≥ 2,000 events/s or it is broken
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      reader.finished,
      fed.then(() => new Promise<never>(() => undefined)), // the feeder's errors only; the reader says when it is done
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${path}/${chunk}: sentinel not seen in ${timeoutMs} ms`)), timeoutMs))),
    ]).finally(() => clearTimeout(timer));
    const cpu = process.cpuUsage(cpu0);
    h.disable();
    const report = await fed;
    const seconds = (result.lastAt - result.firstAt) / 1000;
    if (result.frames !== events) throw new Error(`${path}/${chunk}: counted ${result.frames} messages, the feeder wrote ${events}`);
    const run: Run = {
      ...result,
      path,
      chunk,
      feeder: mode,
      events,
      seconds,
      eventsPerS: Math.round(result.frames / seconds),
      cpuPct: round(((cpu.user + cpu.system) / 1e6 / seconds) * 100, 1),
      eventsPerCpuS: Math.round(result.frames / ((cpu.user + cpu.system) / 1e6)),
      loopMaxMs: round(h.max / 1e6, 1),
      loopP99Ms: round(h.percentile(99) / 1e6, 1),
      feederEventsPerS: report.eventsPerSecond,
      writes: report.writes,
      mb: round(report.bytes / 1e6, 1),
    };
    after?.(reader, run);
    return run;
  } finally {
    await reader.close();
  }
}

const common = (r: Run) => ({
  feeder: r.feeder,
  events: r.events,
  seconds: round(r.seconds, 3),
  events_per_s: r.eventsPerS,
  mb: r.mb,
  writes: r.writes,
  feeder_events_per_s: r.feederEventsPerS,
  reader_cpu_pct: r.cpuPct,
  events_per_cpu_s: r.eventsPerCpuS,
  loop_delay_max_ms: r.loopMaxMs,
  loop_delay_p99_ms: r.loopP99Ms,
  max_chunk_ms: Number.isNaN(r.maxChunkMs) ? null : round(r.maxChunkMs, 2),
  reads: Number.isNaN(r.reads) ? null : r.reads,
});

const feeder = await FloodFeeder.start();
const stop = () => void feeder.close().finally(() => process.exit(130));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
info(`ami-ingest: feeder pid ${feeder.pid} on port ${feeder.port}; ${EVENTS} events per run, chunks ${CHUNKS.join(',')}, feeders ${FEEDERS.join(',')}, paths ${[...PATHS].join(',')}`);
try {
  if (WARMUP > 0) {
    for (const [path, open] of [
      ['connector', connectorReader],
      ['bare', bareReader],
    ] as const) {
      if (!PATHS.has(path)) continue;
      const r = await measure(feeder, FEEDERS[0]!, path, open, 'large', WARMUP);
      info(`warmup ${path}: ${r.eventsPerS} events/s`);
    }
  }
  for (const mode of FEEDERS) {
    const connectorRuns: Run[] = [];
    for (const chunk of CHUNKS) {
      let ceiling: Run | undefined;
      if (PATHS.has('bare')) {
        ceiling = await measure(feeder, mode, 'bare', bareReader, chunk, EVENTS);
        info(`bare/${chunk}/${mode}: ${ceiling.eventsPerS} events/s, reader cpu ${ceiling.cpuPct}%, feeder ${ceiling.feederEventsPerS}/s`);
        emit({ bench: 'ami_ingest', path: 'bare_indexof', chunk, ...common(ceiling) });
      }
      if (PATHS.has('connector')) {
        let extra: Record<string, unknown> = {};
        const run = await measure(feeder, mode, 'connector', connectorReader, chunk, EVENTS, (reader: ConnectorReader) => {
          const parsed = reader.parsed();
          const dropped = reader.dropped();
          if (parsed + dropped !== EVENTS) throw new Error(`connector/${chunk}: ${parsed} parsed + ${dropped} dropped as noise, the feeder wrote ${EVENTS}`);
          const c = reader.callEvents;
          extra = {
            parsed,
            noise_dropped: dropped,
            call_events: Object.values(c).reduce((a, b) => a + b, 0),
            calls_started: c.started,
            calls_ended: c.ended,
            active_calls_end: reader.connector.tracker.activeCalls,
            malformed: reader.connector.client.malformed,
          };
        });
        connectorRuns.push(run);
        info(`connector/${chunk}/${mode}: ${run.eventsPerS} events/s, reader cpu ${run.cpuPct}%, ${run.eventsPerCpuS}/cpu-s, feeder ${run.feederEventsPerS}/s, loop max ${run.loopMaxMs} ms, ${JSON.stringify(extra)}`);
        emit({
          bench: 'ami_ingest',
          path: 'connector',
          chunk,
          ...common(run),
          ceiling_events_per_s: ceiling?.eventsPerS ?? null,
          ratio_to_ceiling: ceiling ? round(run.eventsPerS / ceiling.eventsPerS, 3) : null,
          // The same ratio per CPU-second of the reader: holds when the feeder or the machine, not the reader, set the pace.
          ceiling_events_per_cpu_s: ceiling?.eventsPerCpuS ?? null,
          cpu_ratio_to_ceiling: ceiling ? round(run.eventsPerCpuS / ceiling.eventsPerCpuS, 3) : null,
          ...extra,
          aim_met: run.eventsPerS >= 100_000 && (!ceiling || run.eventsPerS >= ceiling.eventsPerS / 2) && run.loopMaxMs <= 50,
        });
      }
      const stockN = chunk === 'small' ? STOCK_SMALL : STOCK_LARGE;
      if (PATHS.has('stock') && stockN > 0) {
        const run = await measure(feeder, mode, 'stock', stockReader, chunk, stockN);
        const ours = connectorRuns.find((r) => r.chunk === chunk);
        info(`stock/${chunk}/${mode}: ${run.eventsPerS} events/s over ${stockN}, reader cpu ${run.cpuPct}%, loop max ${run.loopMaxMs} ms`);
        emit({
          bench: 'ami_ingest',
          path: 'asterisk_manager_stock',
          chunk,
          ...common(run),
          connector_speedup: ours ? round(ours.eventsPerS / run.eventsPerS, 1) : null,
        });
      }
    }
  }
} finally {
  await feeder.close();
}
