import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketCalls, BUCKET_MS } from './interval-series';

test('the last hour starts from the server’s series (not empty when the board opens) and adds the calls that ended since', () => {
  const now = Date.parse('2026-01-01T10:32:00.000Z');
  const series = {
    at: '2026-01-01T10:31:00.000Z',
    minutes: 60,
    bucketMinutes: 5,
    buckets: [
      { start: '2026-01-01T09:35:00.000Z', calls: 3, answered: 2, abandoned: 1, unanswered: 0, missed: 1 },
      { start: '2026-01-01T10:15:00.000Z', calls: 4, answered: 3, abandoned: 0, unanswered: 1, missed: 0 },
      { start: '2026-01-01T10:30:00.000Z', calls: 1, answered: 1, abandoned: 0, unanswered: 0, missed: 0 },
    ],
  };
  const buckets = bucketCalls(
    series,
    [
      { key: 'old', at: Date.parse('2026-01-01T10:30:30.000Z'), outcome: 'answered' }, // already in the series
      { key: 'b', at: Date.parse('2026-01-01T10:31:30.000Z'), outcome: 'abandoned' },
      { key: 'b', at: Date.parse('2026-01-01T10:31:30.000Z'), outcome: 'abandoned' }, // told twice
      { key: 'c', at: Date.parse('2026-01-01T10:31:40.000Z'), outcome: 'missed' },
      { key: 'ahead', at: Date.parse('2026-01-01T10:36:00.000Z'), outcome: 'answered' }, // a clock ahead of ours
    ],
    now,
  );
  assert.equal(buckets.length, 12);
  assert.equal(buckets.at(-1)!.start, Date.parse('2026-01-01T10:30:00.000Z'));
  assert.equal(buckets[0]!.start, Date.parse('2026-01-01T10:30:00.000Z') - 11 * BUCKET_MS);
  const byStart = new Map(buckets.map((b) => [new Date(b.start).toISOString().slice(11, 16), b]));
  assert.deepEqual({ ...byStart.get('09:35')!, start: 0 }, { start: 0, answered: 2, abandoned: 1, unanswered: 0, total: 3 });
  assert.equal(byStart.get('10:15')!.total, 4);
  assert.equal(byStart.get('10:20')!.total, 0);
  assert.deepEqual({ ...byStart.get('10:30')!, start: 0 }, { start: 0, answered: 2, abandoned: 1, unanswered: 1, total: 4 });
});

test('while the series loads, the live calls still count; intervals older than the hour are dropped', () => {
  const now = Date.parse('2026-01-01T10:32:00.000Z');
  const buckets = bucketCalls(undefined, [{ key: 'a', at: Date.parse('2026-01-01T09:00:00.000Z'), outcome: 'answered' }, { key: 'b', at: Date.parse('2026-01-01T10:01:00.000Z'), outcome: 'answered' }], now);
  assert.equal(buckets.reduce((n, b) => n + b.total, 0), 1);
});
