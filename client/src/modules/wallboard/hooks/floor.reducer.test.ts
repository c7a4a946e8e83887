import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallUpdate } from '../../../app/realtime/realtime.types';
import type { FloorAgent } from '../api/wallboard.types';
import { applyFloorEvent, callOf, toFloorState, waitingCalls, type FloorEvent, type FloorState } from './floor.reducer';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();

const agent = (id: number, extension: string, state: FloorAgent['state'] = 'available'): FloorAgent => ({ id, name: `Op ${id}`, role: 'operator', extension, teamId: 1, active: true, state, stateSince: iso(0) });

const call = (callId: string, state: CallUpdate['state'], extension: string | null, atS: number, extra: Partial<CallUpdate> = {}): FloorEvent => ({
  kind: 'call',
  update: { pbx: 'asterisk', callId, state, extension, outcome: state === 'ended' ? 'answered' : null, at: iso(atS), direction: 'inbound', externalNumber: '+79161234567', queue: 'hotline', ...extra },
  receivedAt: T0 + atS * 1000 + 50,
});

const start = (): FloorState => toFloorState({ agents: [agent(1, '101'), agent(2, '102')], calls: [] }, T0);
const run = (...events: FloorEvent[]) => events.reduce(applyFloorEvent, start());

test('an inbound call waits in the queue, rings, is answered and ends', () => {
  let floor = run(call('c1', 'started', null, 0), call('c1', 'queued', null, 1));
  assert.deepEqual(
    waitingCalls(floor).map((c) => c.callId),
    ['c1'],
  );
  assert.equal(waitingCalls(floor)[0]!.queuedAt, iso(1));
  floor = applyFloorEvent(floor, call('c1', 'ringing', '101', 2));
  assert.equal(callOf(floor, '101')?.callId, 'c1', 'the ringing operator sees the caller');
  floor = applyFloorEvent(floor, call('c1', 'answered', '101', 5));
  assert.equal(waitingCalls(floor).length, 0);
  assert.equal(callOf(floor, '101')?.answeredAt, iso(5));
  assert.equal(callOf(floor, '102'), null);
  floor = applyFloorEvent(floor, call('c1', 'ended', null, 60));
  assert.deepEqual(floor.calls, {});
});

test('an outbound call belongs to the operator who placed it, also after the client answers', () => {
  const floor = run(call('o1', 'started', '102', 0, { direction: 'outbound' }), call('o1', 'answered', null, 4, { direction: 'outbound' }));
  const c = callOf(floor, '102');
  assert.equal(c?.direction, 'outbound');
  assert.equal(c?.answeredAt, iso(4));
});

test('a PBX clock running ahead never puts a time after the moment the browser heard of it', () => {
  const told = call('c1', 'started', null, 0);
  assert.equal(told.kind, 'call');
  const ahead: FloorEvent = { kind: 'call', update: told.update, receivedAt: T0 - 30_000 };
  const floor = run(ahead);
  assert.equal(floor.calls['asterisk:c1']!.startedAt, new Date(T0 - 30_000).toISOString());
  const snapshot = toFloorState({ agents: [], calls: [{ pbx: 'asterisk', callId: 'x', direction: 'inbound', externalNumber: null, queue: 'q', startedAt: iso(100), queuedAt: iso(100), answeredAt: null, extension: null }] }, T0);
  assert.equal(snapshot.calls['asterisk:x']!.queuedAt, iso(0));
});

test('agent states: newer ones apply, older ones and unknown operators do not', () => {
  let floor = run({ kind: 'agent', update: { userId: 1, state: 'on_call', since: iso(10) } });
  assert.equal(floor.agents[0]!.state, 'on_call');
  floor = applyFloorEvent(floor, { kind: 'agent', update: { userId: 1, state: 'ringing', since: iso(5) } });
  assert.equal(floor.agents[0]!.state, 'on_call', 'a late, older update is ignored');
  const same = applyFloorEvent(floor, { kind: 'agent', update: { userId: 99, state: 'break', since: iso(20) } });
  assert.equal(same, floor);
});

test('an event told twice changes nothing more', () => {
  const once = run(call('c1', 'started', null, 0), call('c1', 'queued', null, 1), call('c1', 'answered', '101', 5));
  const twice = [call('c1', 'queued', null, 3), call('c1', 'answered', '101', 8)].reduce(applyFloorEvent, once);
  assert.deepEqual(twice, once);
});
