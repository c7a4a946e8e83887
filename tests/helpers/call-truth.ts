import assert from 'node:assert/strict';
import type { CallFigures } from '../../server/modules/calls/call-record';
import { normalizePhone } from '../../server/phone/phone-number';
import type { Story } from './fixture-stories';

/**
 * What each recorded call really was, from the fixtures' READMEs (Asterisk's own Cdr and queue figures).
 * Seconds may differ by one: Asterisk truncates, we round from millisecond timestamps.
 */
export type Truth = Partial<Pick<CallFigures, 'direction' | 'outcome' | 'operatorExtension' | 'ringSeconds' | 'waitSeconds' | 'talkSeconds' | 'queue'>> & {
  number: string | null;
  legs?: { ext: string; outcome: string; talk?: number; ring?: number }[];
};

export const TRUTH: Record<string, Truth[]> = {
  'inbound-answered': [{ number: '+79161234567', direction: 'inbound', outcome: 'answered', operatorExtension: '101', ringSeconds: 3, talkSeconds: 5, queue: 'hotline' }],
  'inbound-abandoned': [{ number: '+380441234567', direction: 'inbound', outcome: 'abandoned', operatorExtension: null, waitSeconds: 4 }],
  'inbound-ringnoanswer': [
    { number: '+74951234567', direction: 'inbound', outcome: 'answered', operatorExtension: '102', waitSeconds: 11, ringSeconds: 2, talkSeconds: 6, legs: [{ ext: '101', outcome: 'missed', ring: 8 }, { ext: '102', outcome: 'answered', talk: 6 }] },
  ],
  'inbound-ringnoanswer-abandoned': [{ number: '+74951234567', direction: 'inbound', outcome: 'abandoned', operatorExtension: null, waitSeconds: 17, legs: [{ ext: '101', outcome: 'missed' }, { ext: '101', outcome: 'missed' }] }],
  'outbound-answered': [{ number: '+79161112233', direction: 'outbound', outcome: 'answered', operatorExtension: '101', ringSeconds: 4, talkSeconds: 6 }],
  'outbound-busy': [{ number: '+380671234567', direction: 'outbound', outcome: 'busy', operatorExtension: '102' }],
  'outbound-noanswer': [{ number: '+79035556677', direction: 'outbound', outcome: 'no_answer', operatorExtension: '103', ringSeconds: 12 }],
  'click-to-call': [{ number: '+79161112233', direction: 'outbound', outcome: 'answered', operatorExtension: '101', ringSeconds: 3, talkSeconds: 6 }],
  'blind-transfer': [
    { number: '+79260001122', direction: 'inbound', outcome: 'answered', operatorExtension: '101', legs: [{ ext: '101', outcome: 'answered', talk: 4 }, { ext: '102', outcome: 'transferred_in', talk: 10 }] },
  ],
  'resync-mid-call': [{ number: '+79169998877', direction: 'inbound', outcome: 'answered', operatorExtension: '101', talkSeconds: 11 }],
  'internal-call': [{ number: null, direction: 'internal', outcome: 'answered', operatorExtension: '101', legs: [{ ext: '102', outcome: 'answered', talk: 4 }] }],
  // The README lists the callers as …001–…012 "in mixed formats": some came in as UA numbers, as recorded.
  burst: [
    ...(
      [
        ['+79161000001', '101', 7],
        ['+79161000002', '102', 4],
        ['+380441000003', '103', 12],
        ['+79161000004', '102', 1],
        ['+74951000005', '102', 2],
        ['+79161000007', '101', 1],
        ['+380501000009', '101', 3],
      ] as const
    ).map(([number, op, talk]) => ({ number, outcome: 'answered' as const, operatorExtension: op, talkSeconds: talk })),
    ...['+380671000006', '+79161000008', '+79161000010', '+79161000011', '+79161000012'].map((number) => ({ number, outcome: 'abandoned' as const, operatorExtension: null })),
  ],
  'asterisk-23.4.1/inbound-answered': [{ number: '+79161234567', outcome: 'answered', operatorExtension: '101', ringSeconds: 2, talkSeconds: 6, waitSeconds: 2 }],
  'asterisk-23.4.1/inbound-abandoned': [{ number: '+380441234567', outcome: 'abandoned', operatorExtension: null, waitSeconds: 8 }],
  'asterisk-23.4.1/inbound-abandoned-ringing': [{ number: '+79261112233', outcome: 'abandoned', operatorExtension: null, waitSeconds: 9, legs: [{ ext: '101', outcome: 'missed', ring: 5 }, { ext: '102', outcome: 'missed' }] }],
  'asterisk-23.4.1/inbound-ringnoanswer': [{ number: '+74951234567', outcome: 'answered', operatorExtension: '102', waitSeconds: 8, ringSeconds: 2, talkSeconds: 6, legs: [{ ext: '101', outcome: 'missed', ring: 5 }, { ext: '102', outcome: 'answered' }] }],
  'asterisk-23.4.1/inbound-anonymous': [{ number: null, outcome: 'answered', operatorExtension: '101', ringSeconds: 1, talkSeconds: 4 }],
  'asterisk-23.4.1/inbound-blind-transfer': [{ number: '+79031112233', outcome: 'answered', operatorExtension: '101', legs: [{ ext: '101', outcome: 'answered', talk: 4 }, { ext: '103', outcome: 'transferred_in' }] }],
  'asterisk-23.4.1/inbound-attended-transfer': [{ number: '+79037778899', outcome: 'answered', operatorExtension: '101', legs: [{ ext: '101', outcome: 'answered' }, { ext: '102', outcome: 'transferred_in' }] }],
  'asterisk-23.4.1/outbound-answered': [{ number: '+79161234567', direction: 'outbound', outcome: 'answered', operatorExtension: '101', ringSeconds: 4, talkSeconds: 6 }],
  'asterisk-23.4.1/outbound-busy': [{ number: '+79169999999', direction: 'outbound', outcome: 'busy', operatorExtension: '102' }],
  'asterisk-23.4.1/outbound-noanswer': [{ number: '+79168888888', direction: 'outbound', outcome: 'no_answer', operatorExtension: '103', ringSeconds: 20 }],
  'asterisk-23.4.1/outbound-click2call': [{ number: '+79161234567', direction: 'outbound', outcome: 'answered', operatorExtension: '104', ringSeconds: 4, talkSeconds: 6 }],
  'asterisk-23.4.1/burst-8-full': (
    [
      ['+79038379774', '101', 2, 2, 13],
      [null, '102', 1, 1, 13],
      ['+74958199969', '103', 4, 4, 13],
      ['+380508611531', '104', 3, 3, 4],
      ['+79169349321', '104', 9, 2, 7],
      ['+79168821858', '101', 12, 1, 6],
      ['+74954128612', '103', 17, 3, 11],
      ['+380508945358', '102', 10, 1, 5],
    ] as const
  ).map(([number, op, wait, ring, talk]) => ({ number, outcome: 'answered' as const, operatorExtension: op, waitSeconds: wait, ringSeconds: ring, talkSeconds: talk })),
  'asterisk-23.4.1/resync-snapshot': [
    { number: '+79161234567', outcome: 'answered', operatorExtension: '101', talkSeconds: 14 },
    { number: '+74957654321', outcome: 'answered', operatorExtension: '102', talkSeconds: 16 },
    { number: '+380501234567', outcome: 'abandoned', operatorExtension: null, waitSeconds: 12 },
    { number: '+79031234567', direction: 'outbound', outcome: 'answered', operatorExtension: '103', ringSeconds: 10, talkSeconds: 5 },
  ],
  'asterisk-23.4.1/pbx-restart': [],
  'asterisk-23.4.1/queue-member-ops': [],
  'asterisk-23.4.1/ami-auth-ok': [],
};

export const e164 = (s: Story) => (s.figures.externalNumber ? normalizePhone(s.figures.externalNumber, 'RU').e164 : null);

/** Asserts one story against its truth; seconds within ±1. */
export function assertStory(story: Story, truth: Truth, label: string): void {
  assert.equal(e164(story), truth.number, `${label}: number`);
  assert.ok(story.figures.endedAt, `${label}: ended`);
  for (const key of ['direction', 'outcome', 'operatorExtension', 'queue'] as const) {
    if (truth[key] !== undefined) assert.equal(story.figures[key], truth[key], `${label}: ${key}`);
  }
  for (const key of ['ringSeconds', 'waitSeconds', 'talkSeconds'] as const) {
    const want = truth[key];
    if (want === undefined || want === null) continue;
    const got = story.figures[key];
    assert.ok(got !== null && Math.abs(got - want) <= 1, `${label}: ${key} ${got} ≉ ${want}`);
  }
  if (truth.legs) {
    assert.deepEqual(story.legs.map((l) => [l.extension, l.outcome]), truth.legs.map((l) => [l.ext, l.outcome]), `${label}: legs`);
    truth.legs.forEach((want, i) => {
      const got = story.legs[i]!;
      if (want.talk !== undefined) assert.ok(got.talkSeconds !== null && Math.abs(got.talkSeconds - want.talk) <= 1, `${label}: leg ${want.ext} talk ${got.talkSeconds} ≉ ${want.talk}`);
      if (want.ring !== undefined) assert.ok(got.ringSeconds !== null && Math.abs(got.ringSeconds - want.ring) <= 1, `${label}: leg ${want.ext} ring ${got.ringSeconds} ≉ ${want.ring}`);
    });
  }
}

