import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketCalls, BUCKET_MS } from './interval-series';

test('calls per 5 minutes: intervals closed before the page opened are unknown, not zero', () => {
  const now = Date.parse('2026-01-01T10:32:00.000Z');
  const openedAt = Date.parse('2026-01-01T10:22:00.000Z');
  const buckets = bucketCalls(
    [
      { key: 'a', receivedAt: Date.parse('2026-01-01T10:23:00.000Z'), outcome: 'answered' },
      { key: 'b', receivedAt: Date.parse('2026-01-01T10:31:00.000Z'), outcome: 'abandoned' },
      { key: 'c', receivedAt: Date.parse('2026-01-01T10:31:30.000Z'), outcome: 'missed' },
    ],
    openedAt,
    now,
  );
  assert.equal(buckets.length, 12);
  assert.equal(buckets.at(-1)!.start, Date.parse('2026-01-01T10:30:00.000Z'));
  assert.equal(buckets[0]!.start, Date.parse('2026-01-01T10:30:00.000Z') - 11 * BUCKET_MS);
  const byStart = new Map(buckets.map((b) => [new Date(b.start).toISOString().slice(11, 16), b]));
  assert.equal(byStart.get('10:15')!.total, null);
  assert.deepEqual({ ...byStart.get('10:20')!, start: 0 }, { start: 0, answered: 1, abandoned: 0, unanswered: 0, total: 1, partial: true });
  assert.equal(byStart.get('10:25')!.total, 0);
  assert.deepEqual([byStart.get('10:30')!.answered, byStart.get('10:30')!.abandoned, byStart.get('10:30')!.unanswered], [0, 1, 1]);
});
