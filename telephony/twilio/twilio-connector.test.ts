import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CallEvent } from '../call-event';
import { ACCOUNT_SID, AUTH_TOKEN, FakeTwilioApi, HOTLINE, PUBLIC_URL, callSid } from '../../tests/helpers/twilio-harness';
import { TwilioConnector } from './twilio-connector';

// After a restart: the calls the call log replayed are followed again, and the safety net asks Twilio's
// REST API about calls that stay silent (their end told while nobody listened).
let fake: FakeTwilioApi;
before(async () => void (await (fake = new FakeTwilioApi()).start()));
after(() => fake.stop());

function connector(): { c: TwilioConnector; events: CallEvent[] } {
  const events: CallEvent[] = [];
  const c = new TwilioConnector({
    accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL, apiUrl: fake.url, callerId: HOTLINE, dialMode: 'simultaneous', ringSeconds: 20,
    greeting: undefined, language: 'ru-RU', record: false, nobody: 'message', nobodyMessage: '…', sipDomain: undefined, available: () => [], endGraceMs: 10, reconcileMs: 0,
  });
  c.start((e) => events.push(e));
  return { c, events };
}
const settle = () => new Promise((r) => setTimeout(r, 50));

test('an adopted call’s end is followed after a restart: answered before, answered it ends', async () => {
  const { c, events } = connector();
  const sid = callSid();
  c.adopt([{ callId: sid, direction: 'inbound', externalNumber: '+79161234567', extension: '101', answered: true }]);
  c.statusCallback({ CallSid: sid, CallStatus: 'completed', CallDuration: '300', Timestamp: new Date().toUTCString() }, undefined, undefined);
  await settle();
  assert.deepEqual(events.map((e) => (e.type === 'ended' ? `${e.callId}:${e.cause}` : e.type)), [`${sid}:answered`]);
  await c.stop();
});

test('the safety net ends a silent call as Twilio tells it, at Twilio’s end time; a call still in progress is left alone', async () => {
  const { c, events } = connector();
  const over = callSid();
  const talking = callSid();
  const endTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 30_000);
  fake.calls.set(over, { status: 'completed', endTime, duration: 45 });
  fake.calls.set(talking, { status: 'in-progress' });
  c.adopt([
    { callId: over, direction: 'inbound', externalNumber: '+79161234567', extension: null, answered: false },
    { callId: talking, direction: 'outbound', externalNumber: '+79161234568', extension: '102', answered: true },
    { callId: callSid(), direction: 'inbound', externalNumber: null, extension: null, answered: false }, // unknown to Twilio: asked again later
  ]);
  assert.equal(await c.reconcile(0), 1);
  await settle();
  const ended = events.filter((e) => e.type === 'ended');
  assert.equal(ended.length, 1);
  assert.equal(ended[0]!.callId, over);
  assert.equal(ended[0]!.type === 'ended' && ended[0]!.cause, 'abandoned', 'nobody answered it');
  assert.equal(ended[0]!.at.getTime(), endTime.getTime());
  assert.equal(await c.reconcile(0), 0, 'told once');
  await c.stop();
});
