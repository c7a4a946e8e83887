import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from './abc-classes.service';

test('classes by cumulative turnover share, 50 / 35 / 15 by default', () => {
  // Total 200. A client's class is set by the share reached before it: A while under 100 (50 %),
  // B while under 170 (85 %), so the client that crosses a boundary stays in the class it started in.
  const classes = classify([
    { id: 1, revenue: 90 }, // starts at 0 → A
    { id: 2, revenue: 50 }, // starts at 90 (45 %), crosses 50 % → A
    { id: 3, revenue: 30 }, // starts at 140 (70 %) → B
    { id: 4, revenue: 10 }, // starts at 170 (85 %) exactly → C
    { id: 5, revenue: 10 },
    { id: 6, revenue: 10 },
    { id: 7, revenue: 0 }, // no turnover, no class
  ]);
  assert.deepEqual(Object.fromEntries(classes), { 1: 'A', 2: 'A', 3: 'B', 4: 'C', 5: 'C', 6: 'C' });
});

test('the Pareto preset 80 / 15 / 5; equal turnover ranks by id', () => {
  const classes = classify([
    { id: 2, revenue: 50 },
    { id: 1, revenue: 50 },
    { id: 3, revenue: 15 },
    { id: 4, revenue: 5 },
  ], [80, 15, 5]);
  // Total 120: 80 % = 96, 95 % = 114. Id 1 starts at 0, id 2 at 50, id 3 at 100 (B), id 4 at 115 (C).
  assert.deepEqual(Object.fromEntries(classes), { 1: 'A', 2: 'A', 3: 'B', 4: 'C' });
});

test('no turnover, no class; a single client is A', () => {
  assert.equal(classify([{ id: 1, revenue: 0 }]).size, 0);
  assert.deepEqual(Object.fromEntries(classify([{ id: 9, revenue: 1 }])), { 9: 'A' });
  assert.equal(classify([]).size, 0);
});
