import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionCounter, TokenBucket } from './socket-limits';

test('the token bucket lets a burst through, then refills at its rate', () => {
  const b = new TokenBucket(3, 2, 0);
  assert.deepEqual([b.take(0), b.take(0), b.take(0), b.take(0)], [true, true, true, false]);
  assert.equal(b.take(499), false);
  assert.equal(b.take(500), true);
  assert.equal(b.take(10_000), true);
  assert.deepEqual([b.take(10_000), b.take(10_000), b.take(10_000)], [true, true, false]);
});

test('the connection counter holds a user to the maximum; release is idempotent', () => {
  const c = new ConnectionCounter(2);
  const a = c.acquire(1)!;
  const b = c.acquire(1)!;
  assert.equal(c.acquire(1), null);
  assert.ok(c.acquire(2));
  a();
  a();
  assert.equal(c.count(1), 1);
  assert.ok(c.acquire(1));
  b();
  assert.equal(c.count(1), 1);
});
