import assert from 'node:assert/strict';
import { test } from 'node:test';
import { refreshThrottle } from './refresh-throttle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the first request refreshes at once; a burst folds into one trailing refresh', async () => {
  let runs = 0;
  const t = refreshThrottle(() => void runs++, 100);
  t.request();
  await sleep(10);
  assert.equal(runs, 1, 'leading');
  for (let i = 0; i < 1000; i++) t.request();
  await sleep(30);
  assert.equal(runs, 1, 'not before the interval');
  await sleep(120);
  assert.equal(runs, 2, 'one trailing refresh for the whole burst');
  t.request();
  t.cancel();
  await sleep(150);
  assert.equal(runs, 2, 'cancelled on unmount');
});
