import { loadavg } from 'node:os';

export type Summary = { n: number; p50_ms: number; p90_ms: number; p99_ms: number; max_ms: number; mean_ms: number };

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentiles of durations in milliseconds. */
export function summarize(ms: Float64Array): Summary {
  const s = Float64Array.from(ms).sort();
  const n = s.length;
  if (n === 0) return { n: 0, p50_ms: NaN, p90_ms: NaN, p99_ms: NaN, max_ms: NaN, mean_ms: NaN };
  const at = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  let sum = 0;
  for (const v of s) sum += v;
  return { n, p50_ms: round(at(50)), p90_ms: round(at(90)), p99_ms: round(at(99)), max_ms: round(s[n - 1]!), mean_ms: round(sum / n) };
}

export const loadAvg = () => os3(loadavg());
const os3 = (l: number[]) => l.map((v) => round(v, 2));

/** One JSON line per figure on stdout; everything else goes to stderr. */
export function emit(fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...fields, loadavg: loadAvg() })}\n`);
}

export function info(msg: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export { round };
