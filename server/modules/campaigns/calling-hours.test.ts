import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientZone, mayCall, zonesOpen } from './calling-hours';

const weekdays = { from: '09:00', to: '21:00', days: [1, 2, 3, 4, 5] };

test('calling hours are the client’s local ones, across the date line', () => {
  // Friday 2026-12-04 20:00 UTC: Saturday 10:00 on Kiritimati (UTC+14), Friday 09:00 in Pago Pago (UTC−11).
  const at = new Date('2026-12-04T20:00:00Z');
  assert.equal(mayCall(weekdays, 'Pacific/Kiritimati', at), false, 'Saturday there');
  assert.equal(mayCall(weekdays, 'Pacific/Pago_Pago', at), true, 'Friday morning there');
  assert.deepEqual(zonesOpen(weekdays, ['Europe/Moscow', 'Pacific/Pago_Pago', 'Asia/Vladivostok'], at), ['Pacific/Pago_Pago']);
});

test('calling hours follow daylight saving time', () => {
  const every = { ...weekdays, days: [1, 2, 3, 4, 5, 6, 7] };
  // Kyiv moves to UTC+3 on 2026-03-29: 06:30 UTC is 08:30 the day before, 09:30 that day.
  assert.equal(mayCall(every, 'Europe/Kyiv', new Date('2026-03-28T06:30:00Z')), false);
  assert.equal(mayCall(every, 'Europe/Kyiv', new Date('2026-03-29T06:30:00Z')), true);
  // The end of the window is exclusive: 21:00 local is closed.
  assert.equal(mayCall(every, 'Europe/Moscow', new Date('2026-12-03T18:00:00Z')), false);
  assert.equal(mayCall(every, 'Europe/Moscow', new Date('2026-12-03T17:59:00Z')), true);
});

test('a window past midnight belongs to the evening’s day', () => {
  const night = { from: '20:00', to: '02:00', days: [5] }; // Friday evening
  assert.equal(mayCall(night, 'UTC', new Date('2026-12-04T21:00:00Z')), true, 'Friday 21:00');
  assert.equal(mayCall(night, 'UTC', new Date('2026-12-05T01:00:00Z')), true, 'Saturday 01:00 is Friday night');
  assert.equal(mayCall(night, 'UTC', new Date('2026-12-05T21:00:00Z')), false, 'Saturday evening');
});

test('a client without a time zone is called in their number’s country’s', () => {
  assert.equal(clientZone(null, '+79161234567', 'UTC'), 'Europe/Moscow');
  assert.equal(clientZone(null, '+380671234567', 'UTC'), 'Europe/Kyiv');
  assert.equal(clientZone('Asia/Novosibirsk', '+79161234567', 'UTC'), 'Asia/Novosibirsk');
  assert.equal(clientZone(null, null, 'Europe/Moscow'), 'Europe/Moscow');
});
