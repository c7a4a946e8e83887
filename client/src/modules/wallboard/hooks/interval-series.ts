import type { CallUpdate } from '../../../app/realtime/realtime.types';
import type { KpiIntervals } from '../api/wallboard.types';

export const BUCKET_MINUTES = 5;
export const BUCKET_MS = BUCKET_MINUTES * 60_000;
export const SPAN_MS = 60 * 60_000;

/** A call that ended (as `call:update` told the board): when it ended by the server's clock, and how. */
export type EndedCall = { key: string; at: number; outcome: CallUpdate['outcome'] };

/** One 5-minute interval of the last hour: the calls that ended in it, by how they ended. */
export type IntervalBucket = { start: number; answered: number; abandoned: number; unanswered: number; total: number };

/**
 * The last hour up to `now` in 5-minute intervals aligned to the clock, oldest first: the server's series
 * (`GET /api/kpis/intervals`, so the chart is full from the moment the board opens) plus the calls that
 * ended after the server took it. A call told twice, or already in the series, counts once.
 */
export function bucketCalls(series: KpiIntervals | undefined, calls: readonly EndedCall[], now: number): IntervalBucket[] {
  const last = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  const first = last - SPAN_MS + BUCKET_MS;
  const buckets: IntervalBucket[] = [];
  for (let start = first; start <= last; start += BUCKET_MS) buckets.push({ start, answered: 0, abandoned: 0, unanswered: 0, total: 0 });
  const at = (start: number) => buckets[Math.floor((start - first) / BUCKET_MS)];
  for (const b of series?.buckets ?? []) {
    const start = Date.parse(b.start);
    // The server's series is in 5-minute buckets too; one of another size is placed by its start.
    const bucket = start >= first ? at(start) : undefined;
    if (!bucket) continue;
    bucket.answered += b.answered;
    bucket.abandoned += b.abandoned;
    bucket.unanswered += b.unanswered;
    bucket.total += b.calls;
  }
  const takenAt = series ? Date.parse(series.at) : -Infinity;
  const seen = new Set<string>();
  for (const c of calls) {
    if (c.at <= takenAt || c.at < first || seen.has(c.key)) continue;
    seen.add(c.key);
    // A call that ended by a clock a little ahead of ours ended "now".
    const bucket = at(Math.min(c.at, last));
    if (!bucket) continue;
    if (c.outcome === 'answered') bucket.answered += 1;
    else if (c.outcome === 'abandoned') bucket.abandoned += 1;
    else bucket.unanswered += 1;
    bucket.total += 1;
  }
  return buckets;
}
