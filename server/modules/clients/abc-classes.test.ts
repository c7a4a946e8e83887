import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from './abc-classes.service';

test('Pareto classes by cumulative revenue share', () => {
  // Total 200. A client's class is set by the share reached before it: A while under 160 (80%),
  // B while under 190 (95%), so the client that crosses a boundary still belongs to the upper class.
  const classes = classify([
    { id: 1, revenue: 100 },
    { id: 2, revenue: 50 },
    { id: 3, revenue: 30 },
    { id: 4, revenue: 10 },
    { id: 5, revenue: 5 },
    { id: 6, revenue: 5 },
    { id: 7, revenue: 0 },
  ]);
  assert.deepEqual(Object.fromEntries(classes), { 1: 'A', 2: 'A', 3: 'A', 4: 'B', 5: 'C', 6: 'C' });
});

test('no revenue, no class; a single client is A', () => {
  assert.equal(classify([{ id: 1, revenue: 0 }]).size, 0);
  assert.deepEqual(Object.fromEntries(classify([{ id: 9, revenue: 1 }])), { 9: 'A' });
  assert.equal(classify([]).size, 0);
});
