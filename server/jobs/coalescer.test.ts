import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Coalescer } from './coalescer';

test('keys arriving together run as one batch; each caller settles with its own batch', async () => {
  const batches: number[][] = [];
  const c = new Coalescer<number>(async (keys) => void batches.push(keys), 20, 3);
  await Promise.all([c.add(1), c.add(2), c.add(2)]);
  assert.deepEqual(batches, [[1, 2]], 'one batch, duplicates folded');
  await Promise.all([c.add(3), c.add(4), c.add(5), c.add(6)]);
  assert.deepEqual(batches.slice(1), [[3, 4, 5], [6]], 'a full batch goes at once, the rest after the window');
});

test('a failing batch rejects every caller in it, and the next batch runs', async () => {
  let calls = 0;
  const c = new Coalescer<number>(async () => {
    if (++calls === 1) throw new Error('database down');
  }, 5, 100);
  const results = await Promise.allSettled([c.add(1), c.add(2)]);
  assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  await c.add(3);
  assert.equal(calls, 2);
});
