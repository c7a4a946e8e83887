import type { CallUpdate } from '../../../app/realtime/realtime.types';

export const BUCKET_MS = 5 * 60_000;
export const SPAN_MS = 60 * 60_000;

/** A call that ended while the board was open: when the browser heard of it, and how it ended. */
export type EndedCall = { key: string; receivedAt: number; outcome: CallUpdate['outcome'] };

/**
 * One 5-minute interval. Counts are null for an interval that closed before the page was opened: the
 * board only knows the calls that ended since (the API has no per-interval history).
 */
export type IntervalBucket = { start: number; answered: number | null; abandoned: number | null; unanswered: number | null; total: number | null; partial: boolean };

/** Counts the ended calls of the last hour into 5-minute intervals aligned to the clock, oldest first. */
export function bucketCalls(calls: readonly EndedCall[], openedAt: number, now: number): IntervalBucket[] {
  const last = Math.floor(now / BUCKET_MS) * BUCKET_MS;
  const buckets: IntervalBucket[] = [];
  for (let start = last - SPAN_MS + BUCKET_MS; start <= last; start += BUCKET_MS) {
    const end = start + BUCKET_MS;
    if (end <= openedAt) {
      buckets.push({ start, answered: null, abandoned: null, unanswered: null, total: null, partial: false });
      continue;
    }
    const inside = calls.filter((c) => c.receivedAt >= start && c.receivedAt < end);
    const answered = inside.filter((c) => c.outcome === 'answered').length;
    const abandoned = inside.filter((c) => c.outcome === 'abandoned').length;
    buckets.push({ start, answered, abandoned, unanswered: inside.length - answered - abandoned, total: inside.length, partial: start < openedAt });
  }
  return buckets;
}
