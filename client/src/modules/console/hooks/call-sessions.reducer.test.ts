import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallUpdate, ScreenPop } from '../../../app/realtime/realtime.types';
import { callSessionsReducer, initialCallSessions, needsWrapUp, type CallSessionsAction, type CallSessionsState } from './call-sessions.reducer';

const pop = (callId: string, extension = '101', popId = `${callId}:${extension}`): ScreenPop => ({
  popId,
  pbx: 'asterisk',
  callId,
  direction: 'inbound',
  externalNumber: '+79161234567',
  externalName: null,
  extension,
  queue: 'hotline',
  at: '2026-01-01T10:00:00.000Z',
  client: null,
  recentCalls: [],
  openCallbacks: [],
  recentDeals: [],
  lastNote: null,
  organization: null,
  people: [],
});

const update = (callId: string, state: CallUpdate['state'], extension: string | null, at = '2026-01-01T10:00:05.000Z'): CallSessionsAction => ({
  type: 'update',
  update: { pbx: 'asterisk', callId, state, extension, outcome: state === 'ended' ? 'answered' : null, at, direction: 'inbound', externalNumber: '+79161234567', queue: 'hotline' },
});

const run = (...actions: CallSessionsAction[]): CallSessionsState => actions.reduce(callSessionsReducer, initialCallSessions);

test('a pop re-sent after a reconnect is taken in once', () => {
  const state = run({ type: 'pop', pop: pop('c1') }, { type: 'pop', pop: pop('c1') });
  assert.equal(state.sessions.length, 1);
  assert.equal(state.focusedKey, state.sessions[0]!.key);
});

test('answered here, then ended: the timer runs from the answer and the wrap-up is due', () => {
  const state = run({ type: 'pop', pop: pop('c1') }, update('c1', 'answered', '101', '2026-01-01T10:00:04.000Z'), update('c1', 'ended', null, '2026-01-01T10:01:00.000Z'));
  const s = state.sessions[0]!;
  assert.equal(s.phase, 'ended');
  assert.equal(s.talkFrom, '2026-01-01T10:00:04.000Z');
  assert.equal(s.talkTo, '2026-01-01T10:01:00.000Z');
  assert.ok(needsWrapUp(s));
  assert.ok(!needsWrapUp(callSessionsReducer(state, { type: 'wrapped-up', key: s.key }).sessions[0]!));
});

test('answered by a colleague: no wrap-up here, and the next call clears it away', () => {
  let state = run({ type: 'pop', pop: pop('c1') }, update('c1', 'answered', '102'), update('c1', 'ended', null));
  const s = state.sessions[0]!;
  assert.equal(s.otherExtension, '102');
  assert.ok(!s.connected);
  assert.ok(!needsWrapUp(s));
  state = callSessionsReducer(state, { type: 'pop', pop: pop('c2') });
  assert.deepEqual(
    state.sessions.map((x) => x.pop.callId),
    ['c2'],
  );
});

test('transferred away: the wrap-up is due at once and stays when the next call rings', () => {
  let state = run({ type: 'pop', pop: pop('c1') }, update('c1', 'answered', '101'), update('c1', 'transferred', '102'));
  assert.equal(state.sessions[0]!.phase, 'transferred');
  assert.ok(needsWrapUp(state.sessions[0]!));
  state = callSessionsReducer(state, { type: 'pop', pop: pop('c2') });
  assert.equal(state.sessions.length, 2);
  assert.equal(state.focusedKey, state.sessions[1]!.key);
});

test('transferred to this operator: they are on the call from the transfer', () => {
  const state = run({ type: 'pop', pop: pop('c1', '102') }, update('c1', 'answered', '101'), update('c1', 'transferred', '102', '2026-01-01T10:00:30.000Z'));
  const s = state.sessions[0]!;
  assert.equal(s.phase, 'talking');
  assert.ok(s.connected);
  assert.equal(s.talkFrom, '2026-01-01T10:00:30.000Z');
});

test('updates of calls this console never popped (a supervisor sees them all) are ignored', () => {
  const state = run(update('other', 'answered', '105'));
  assert.equal(state, initialCallSessions);
});

test('the floor view’s started and queued updates leave a popped call as it is', () => {
  const before = run({ type: 'pop', pop: pop('c1') }, update('c1', 'answered', '101'));
  const after = run({ type: 'pop', pop: pop('c1') }, update('c1', 'answered', '101'), update('c1', 'queued', null), update('c1', 'started', null));
  assert.deepEqual(after.sessions, before.sessions);
});

test('the typed wrap-up stays with its call while another call is on screen', () => {
  let state = run({ type: 'pop', pop: pop('c1') }, update('c1', 'answered', '101'), update('c1', 'ended', null));
  const key = state.sessions[0]!.key;
  state = callSessionsReducer(state, { type: 'draft', key, draft: { disposition: 'sale' } });
  state = callSessionsReducer(state, { type: 'draft', key, draft: { note: 'Счёт на почту' } });
  state = callSessionsReducer(state, { type: 'pop', pop: pop('c2') });
  state = callSessionsReducer(state, { type: 'focus', key });
  assert.equal(state.focusedKey, key);
  assert.deepEqual(state.sessions.find((s) => s.key === key)!.draft, { disposition: 'sale', note: 'Счёт на почту', callbackAt: '' });
});

const rebuilt = (callId: string, row: { answeredAt: string | null; endedAt: string | null; disposition?: string | null; outcome?: string | null }) => ({
  ...pop(callId, '101', `restored:${callId}`),
  call: {
    id: 1,
    pbx: 'asterisk',
    pbxCallId: callId,
    direction: 'inbound' as const,
    externalNumber: '+79161234567',
    clientId: null,
    operatorId: 7,
    queue: 'hotline',
    startedAt: '2026-01-01T10:00:00.000Z',
    answeredAt: row.answeredAt,
    endedAt: row.endedAt,
    ringSeconds: 4,
    waitSeconds: 4,
    talkSeconds: row.endedAt ? 56 : null,
    outcome: (row.outcome ?? (row.endedAt ? 'answered' : null)) as 'answered' | null,
    disposition: row.disposition ?? null,
    note: null,
    campaignId: null,
    hasRecording: false,
  },
});

test('a reloaded console rebuilds the call in progress (talking, timer from the answer) and the wrap-up owed', () => {
  const state = run({
    type: 'restore',
    calls: [rebuilt('owed', { answeredAt: '2026-01-01T09:00:04.000Z', endedAt: '2026-01-01T09:01:00.000Z' }), rebuilt('live', { answeredAt: '2026-01-01T10:00:04.000Z', endedAt: null })],
  });
  const [owed, live] = state.sessions;
  assert.equal(live!.phase, 'talking');
  assert.equal(live!.talkFrom, '2026-01-01T10:00:04.000Z');
  assert.equal(needsWrapUp(live!), false);
  assert.equal(owed!.phase, 'ended');
  assert.equal(needsWrapUp(owed!), true);
  assert.equal(state.focusedKey, live!.key, 'the call in progress is on screen');
});

test('a rebuilt call already known from a pop is not added twice; one that ended meanwhile is over', () => {
  const state = run(
    { type: 'pop', pop: pop('c1') },
    {
      type: 'restore',
      calls: [rebuilt('c1', { answeredAt: '2026-01-01T10:00:04.000Z', endedAt: null }), rebuilt('c2', { answeredAt: '2026-01-01T10:00:04.000Z', endedAt: null })],
      updates: [(update('c2', 'ended', null, '2026-01-01T10:02:00.000Z') as { update: CallUpdate }).update],
    },
  );
  assert.equal(state.sessions.length, 2);
  assert.equal(state.sessions[0]!.phase, 'ringing', 'the pop’s own session stands');
  assert.equal(state.sessions[1]!.phase, 'ended', 'the end that came before the rebuild applies');
  assert.equal(needsWrapUp(state.sessions[1]!), true);
});

test('a call opened from "My calls today" is focused; with a result already it shows as saved', () => {
  const state = run({ type: 'pop', pop: pop('c1') }, { type: 'open-call', call: rebuilt('old', { answeredAt: '2026-01-01T08:00:04.000Z', endedAt: '2026-01-01T08:01:00.000Z', disposition: 'sale' }) });
  assert.equal(state.focusedKey, state.sessions.at(-1)!.key);
  assert.equal(state.sessions.at(-1)!.wrappedUp, true);
  assert.equal(state.sessions.at(-1)!.draft.disposition, 'sale');
});
