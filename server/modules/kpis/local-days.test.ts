import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayOf, dayStartOf, nextDayStart } from './local-days';

test('a local day starts at local midnight, in any zone', () => {
  assert.equal(dayStartOf(new Date('2026-12-02T20:59:00Z'), 'Europe/Moscow').toISOString(), '2026-12-01T21:00:00.000Z');
  assert.equal(dayStartOf(new Date('2026-12-02T21:00:00Z'), 'Europe/Moscow').toISOString(), '2026-12-02T21:00:00.000Z');
  assert.equal(dayStartOf(new Date('2026-12-02T12:00:00Z'), 'Asia/Vladivostok').toISOString(), '2026-12-01T14:00:00.000Z'); // 22:00 there
  assert.equal(dayOf(new Date('2026-12-02T21:30:00Z'), 'Europe/Moscow'), '2026-12-03');
});

test('days around a DST change in Kyiv are 23 and 25 hours long', () => {
  const spring = dayStartOf(new Date('2026-03-29T12:00:00Z'), 'Europe/Kyiv'); // clocks go forward at 03:00
  assert.equal(spring.toISOString(), '2026-03-28T22:00:00.000Z');
  assert.equal(nextDayStart(spring, 'Europe/Kyiv').getTime() - spring.getTime(), 23 * 3600_000);
  const autumn = dayStartOf(new Date('2026-10-25T12:00:00Z'), 'Europe/Kyiv'); // clocks go back at 04:00
  assert.equal(autumn.toISOString(), '2026-10-24T21:00:00.000Z');
  assert.equal(nextDayStart(autumn, 'Europe/Kyiv').getTime() - autumn.getTime(), 25 * 3600_000);
});

test('where the clocks jump forward at midnight, the day starts at 01:00', () => {
  const start = dayStartOf(new Date('2024-09-08T15:00:00Z'), 'America/Santiago'); // 00:00 → 01:00 that night
  assert.equal(dayOf(start, 'America/Santiago'), '2024-09-08');
  assert.equal(dayOf(new Date(start.getTime() - 1), 'America/Santiago'), '2024-09-07');
  assert.equal(nextDayStart(start, 'America/Santiago').getTime() - start.getTime(), 23 * 3600_000);
});
