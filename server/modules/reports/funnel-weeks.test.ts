import assert from 'node:assert/strict';
import { test } from 'node:test';
import { weeksOf } from './funnel.report';
import { reportPeriod } from './report-period';

const weeks = (from: string, to: string, zone: string) => weeksOf(reportPeriod({ from, to }, zone), zone).map((w) => [w.week, w.from.toISOString(), w.to.toISOString()]);

test('the funnel’s weeks start on Monday at local midnight; the period cuts the first and last', () => {
  // 2026-11-04 is a Wednesday, 2026-11-17 a Tuesday; Moscow is UTC+3.
  assert.deepEqual(weeks('2026-11-04', '2026-11-17', 'Europe/Moscow'), [
    ['2026-11-02', '2026-11-03T21:00:00.000Z', '2026-11-08T21:00:00.000Z'],
    ['2026-11-09', '2026-11-08T21:00:00.000Z', '2026-11-15T21:00:00.000Z'],
    ['2026-11-16', '2026-11-15T21:00:00.000Z', '2026-11-17T21:00:00.000Z'],
  ]);
  assert.deepEqual(weeks('2026-11-09', '2026-11-09', 'Europe/Moscow'), [['2026-11-09', '2026-11-08T21:00:00.000Z', '2026-11-09T21:00:00.000Z']]);
});

test('a week across the spring DST change in Kyiv is 167 hours long', () => {
  // Clocks go forward on Sunday 2026-03-29: Monday the 23rd starts at UTC+2, Monday the 30th at UTC+3.
  const [first, second] = weeks('2026-03-23', '2026-04-05', 'Europe/Kyiv');
  assert.deepEqual(first, ['2026-03-23', '2026-03-22T22:00:00.000Z', '2026-03-29T21:00:00.000Z']);
  assert.deepEqual(second, ['2026-03-30', '2026-03-29T21:00:00.000Z', '2026-04-05T21:00:00.000Z']);
  assert.equal(Date.parse(String(first![2])) - Date.parse(String(first![1])), 167 * 3600_000);
});
