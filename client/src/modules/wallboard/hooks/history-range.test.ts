import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rangeOf } from './history-range';

test('history periods are whole local days, first before last, at most a year', () => {
  const r = rangeOf('2026-03-01', '2026-03-01');
  assert.ok(r);
  assert.equal(new Date(r.to).getTime() - new Date(r.from).getTime() > 22 * 3600_000, true);
  assert.equal(new Date(r.from).getHours(), 0);
  assert.equal(rangeOf('2026-03-02', '2026-03-01'), null);
  assert.equal(rangeOf('2025-01-01', '2026-03-01'), null);
  assert.equal(rangeOf('2026-02-30', '2026-03-01'), null);
  assert.ok(rangeOf('2025-03-02', '2026-03-01'));
});
