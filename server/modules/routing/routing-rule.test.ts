import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inScope, withinWorkingHours } from './routing-rule';

test('working hours are read in their own time zone, and a night shift spans midnight', () => {
  const moscowWeekdays = { timezone: 'Europe/Moscow', days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' };
  // Monday 2026-11-23 06:30 UTC is 09:30 in Moscow (UTC+3): open. 15:30 UTC is 18:30: closed.
  assert.equal(withinWorkingHours(moscowWeekdays, new Date('2026-11-23T06:30:00Z')), true);
  assert.equal(withinWorkingHours(moscowWeekdays, new Date('2026-11-23T15:30:00Z')), false);
  // Saturday is not a working day.
  assert.equal(withinWorkingHours(moscowWeekdays, new Date('2026-11-28T08:00:00Z')), false);
  const night = { timezone: 'Europe/Kyiv', days: [5], from: '22:00', to: '06:00' };
  // Friday 23:00 and Saturday 03:00 in Kyiv (UTC+2 in winter) belong to Friday's shift; Saturday 23:00 does not.
  assert.equal(withinWorkingHours(night, new Date('2026-11-27T21:00:00Z')), true);
  assert.equal(withinWorkingHours(night, new Date('2026-11-28T01:00:00Z')), true);
  assert.equal(withinWorkingHours(night, new Date('2026-11-28T21:00:00Z')), false);
  assert.equal(withinWorkingHours(null, new Date()), true);
});

test('a scope matches when every given list contains the callback’s value', () => {
  const c = { teamId: 1, queue: 'hotline', abcClass: 'A', tier: 'gold', source: 'website' };
  assert.equal(inScope({}, c), true);
  assert.equal(inScope({ teamIds: [1, 2], classes: ['A'] }, c), true);
  assert.equal(inScope({ classes: ['B', 'C'] }, c), false);
  assert.equal(inScope({ queues: ['hotline'] }, { ...c, queue: null }), false);
});
