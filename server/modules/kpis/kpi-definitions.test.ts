import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCounters, attribute, emptyCounters, toKpis, type FinishedCall } from './kpi-definitions';
import { KpiState } from './kpi-state';
import { dayOf } from './local-days';

const call = (over: Partial<FinishedCall>): FinishedCall => ({ endedAt: new Date('2026-11-23T10:00:00Z'), direction: 'inbound', outcome: 'answered', talkSeconds: 60, waitSeconds: 10, placedBy: null, legs: [], ...over });

test('zero calls: counts are zero and averages and rates are unknown, not zero', () => {
  const k = toKpis(emptyCounters());
  assert.equal(k.calls, 0);
  assert.equal(k.avgTalkSeconds, null);
  assert.equal(k.serviceLevel, null);
  assert.equal(k.abandonRate, null);
});

test('a set of calls: ASA, service level, abandon rate, average and longest talk, handle time', () => {
  const floor = emptyCounters();
  for (const c of [
    call({ waitSeconds: 5, talkSeconds: 100, legs: [{ operatorId: 1, talkSeconds: 100, missed: false, firstAnswer: true }] }),
    call({ waitSeconds: 35, talkSeconds: 20, legs: [{ operatorId: 2, talkSeconds: 20, missed: false, firstAnswer: true }] }),
    call({ outcome: 'abandoned', talkSeconds: null, waitSeconds: 40, legs: [{ operatorId: 1, talkSeconds: null, missed: true, firstAnswer: false }] }),
    call({ direction: 'outbound', outcome: 'no_answer', talkSeconds: null, waitSeconds: null, placedBy: 2 }),
  ]) addCounters(floor, attribute(c, 20, 30).floor);
  const k = toKpis(floor);
  assert.deepEqual(
    { calls: k.calls, inbound: k.inbound, outbound: k.outbound, answered: k.answered, abandoned: k.abandoned },
    { calls: 4, inbound: 3, outbound: 1, answered: 2, abandoned: 1 },
  );
  assert.equal(k.avgSpeedOfAnswerSeconds, 20); // (5 + 35) / 2
  assert.equal(k.serviceLevel, 0.333); // 1 of 3 offered answered within 20 s
  assert.equal(k.abandonRate, 0.333);
  assert.equal(k.avgTalkSeconds, 60);
  assert.equal(k.avgHandleSeconds, 90); // talk + 30 s wrap-up
  assert.equal(k.longestTalkSeconds, 100);
});

test('a transferred call counts once on the floor and for each operator with their share', () => {
  const a = attribute(call({ talkSeconds: 14, legs: [{ operatorId: 1, talkSeconds: 4, missed: false, firstAnswer: true }, { operatorId: 2, talkSeconds: 10, missed: false, firstAnswer: false }] }), 20, 0);
  assert.equal(a.floor.calls, 1);
  assert.equal(a.floor.talkSeconds, 14);
  assert.equal(a.operators.get(1)!.talkSeconds, 4);
  assert.equal(a.operators.get(2)!.talkSeconds, 10);
  assert.equal(a.operators.get(1)!.answeredInbound, 1, 'speed of answer belongs to who answered');
  assert.equal(a.operators.get(2)!.answeredInbound, 0);
});

test('abandoned before ringing anyone counts for the floor only; a ring-no-answer is the operator’s miss', () => {
  const before = attribute(call({ outcome: 'abandoned', talkSeconds: null, legs: [] }), 20, 0);
  assert.equal(before.floor.abandoned, 1);
  assert.equal(before.operators.size, 0);
  const rang = attribute(call({ legs: [{ operatorId: 1, talkSeconds: null, missed: true, firstAnswer: false }, { operatorId: 2, talkSeconds: 30, missed: false, firstAnswer: true }] }), 20, 0);
  assert.equal(rang.operators.get(1)!.missed, 1);
  assert.equal(rang.operators.get(1)!.calls, 0);
  assert.equal(rang.operators.get(2)!.answered, 1);
});

test('a call across midnight counts on the day it ended; rolling windows drop old minutes', () => {
  const tz = 'Europe/Moscow';
  const state = new KpiState();
  const beforeMidnight = new Date('2026-11-23T20:59:00Z'); // 23:59 in Moscow
  const afterMidnight = new Date('2026-11-23T21:01:00Z'); // 00:01 the next day
  state.add(beforeMidnight, { ...emptyCounters(), calls: 1 }, dayOf(beforeMidnight, tz), beforeMidnight);
  state.add(afterMidnight, { ...emptyCounters(), calls: 1 }, dayOf(afterMidnight, tz), afterMidnight);
  assert.equal(state.read('today', afterMidnight, dayOf(afterMidnight, tz)).calls, 1, 'only the call that ended after midnight is today');
  assert.equal(state.read('15m', afterMidnight, dayOf(afterMidnight, tz)).calls, 2, 'the rolling window does not care about midnight');
  const later = new Date(afterMidnight.getTime() + 20 * 60_000);
  assert.equal(state.read('15m', later, dayOf(later, tz)).calls, 0);
  assert.equal(state.read('60m', later, dayOf(later, tz)).calls, 2);
});

test('missed is a ring nobody answered, everywhere: the floor counts every such leg; the call belongs to who answered first', () => {
  const a = attribute(
    call({ legs: [{ operatorId: 1, talkSeconds: null, missed: true, firstAnswer: false }, { operatorId: 2, talkSeconds: 30, missed: false, firstAnswer: true }], unknownMisses: 1 }),
    20,
    0,
  );
  assert.equal(a.floor.missed, 2, 'the operator’s miss and the miss on a phone that is nobody’s');
  assert.equal(a.call.missed, 0, 'misses go to the team of the phone that rang, not to the call’s team');
  assert.equal(a.call.calls, 1);
  assert.equal(a.homeOperatorId, 2);
  assert.equal(a.unknownMisses, 1);
  const abandoned = attribute(call({ outcome: 'abandoned', talkSeconds: null, legs: [] }), 20, 0);
  assert.equal(abandoned.homeOperatorId, null, 'abandoned in the queue: no team’s call');
  assert.equal(attribute(call({ direction: 'outbound', outcome: 'busy', placedBy: 7 }), 20, 0).homeOperatorId, 7);
});
