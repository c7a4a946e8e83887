import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TwilioConnector } from '../../telephony/twilio/twilio-connector';
import { CallEntity, CallLegEntity, CallbackEntity, UserEntity, type CallRow } from '../../server/db/entities';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { ACCOUNT_SID, AUTH_TOKEN, FakeTwilioApi, HOTLINE, PUBLIC_URL, TwilioStory, TwilioWebhooks, callSid } from '../helpers/twilio-harness';

// Twilio Voice as the PBX, end to end: signed webhooks as Twilio sends them → TwiML and CallEvents → the
// call log's rows, legs, pops and callbacks; click-to-call through the REST API (played on loopback).
let fake: FakeTwilioApi;
let app: TestApp;
let hooks: TwilioWebhooks;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let clientId: number;
const CLIENT_PHONE = '+79161112233';

before(async () => {
  fake = new FakeTwilioApi();
  const apiUrl = await fake.start();
  const connector: TwilioConnector = new TwilioConnector({
    accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL, apiUrl, callerId: HOTLINE, dialMode: 'simultaneous', ringSeconds: 20,
    greeting: 'Здравствуйте! Соединяем с оператором.', language: 'ru-RU', record: true, nobody: 'message', nobodyMessage: 'Все операторы заняты.', sipDomain: undefined,
    available: () => app.services.availableOperators.current(), endGraceMs: 150,
  });
  app = await startTestApp({ pbx: connector, wrapUpMs: 300 });
  hooks = new TwilioWebhooks(app.baseUrl);
  op1 = await app.user('operator', { extension: '201' });
  op2 = await app.user('operator', { extension: '202' });
  const mgr = await app.user('manager');
  clientId = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Ирина Соколова', phones: [CLIENT_PHONE] } })).body.id;
});
after(async () => {
  await app.close();
  await fake.stop();
});

/** Who is available now, longest first (as the agents' states would have it). */
async function available(...ids: number[]) {
  const users = app.ds.getRepository(UserEntity);
  await users.createQueryBuilder().update().set({ state: 'offline' }).where('extension IS NOT NULL').execute();
  for (const [i, id] of ids.entries()) await users.update({ id }, { state: 'available', stateSince: new Date(Date.now() - (ids.length - i) * 60_000) });
  await app.services.availableOperators.refresh();
}

async function rowOf(sid: string): Promise<CallRow> {
  const end = Date.now() + 10_000;
  for (;;) {
    const row = await app.ds.getRepository(CallEntity).findOneBy({ pbx: 'twilio', pbxCallId: sid });
    if (row?.endedAt) return row;
    if (Date.now() > end) throw new Error(`no finished row for ${sid}: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const legsOf = async (row: CallRow) => (await app.ds.getRepository(CallLegEntity).find({ where: { pbx: row.pbx, pbxCallId: row.pbxCallId }, order: { legNo: 'ASC' } })).map((l) => ({ operatorId: l.operatorId, outcome: l.outcome }));

const ok = async (path: string, form: Record<string, string>) => {
  const res = await hooks.post(path, form);
  assert.ok(res.status === 200 || res.status === 204, `${path}: ${res.status} ${res.text}`);
  return res.text;
};

/** An inbound call answered by operator 201 after 7 s while 202 also rang; 60 s of talk. */
function answeredStory(from = CLIENT_PHONE) {
  const s = new TwilioStory(callSid(), from, Date.now() - 120_000);
  const a = callSid();
  const b = callSid();
  return {
    story: s,
    steps: [
      ['/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'initiated', 1)],
      ['/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'ringing', 2)],
      ['/telephony/twilio/status?leg=operator&ext=202', s.leg(b, 'client:ext-202', 'ringing', 2)],
      ['/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'in-progress', 7)],
      ['/telephony/twilio/status?leg=operator&ext=202', s.leg(b, 'client:ext-202', 'canceled', 7)],
      ['/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'completed', 67, 60)],
      ['/telephony/twilio/dial-action', s.dialAction('completed', 67, a, 60)],
      ['/telephony/twilio/status', s.call('completed', 67, 67)],
    ] as [string, Record<string, string>][],
  };
}

test('webhooks not signed by Twilio for this address are refused and change nothing; malformed forms are a 400', async () => {
  const s = new TwilioStory(callSid(), CLIENT_PHONE, Date.now());
  assert.equal((await hooks.post('/telephony/twilio/voice', s.voice(), { signature: 'AAAA' })).status, 403, 'forged');
  assert.equal((await hooks.post('/telephony/twilio/voice', s.voice(), { authToken: 'another-token-0123456789' })).status, 403, 'signed with another token');
  const res = await fetch(`${app.baseUrl}/telephony/twilio/voice`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(s.voice()).toString() });
  assert.equal(res.status, 403, 'unsigned');
  assert.equal((await hooks.post('/telephony/twilio/status', { ...s.call('completed', 5, 5), CallSid: 'CA-not-a-sid' })).status, 400);
  assert.equal((await hooks.post('/telephony/twilio/status?leg=boss', s.call('completed', 5, 5))).status, 400);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await app.ds.getRepository(CallEntity).countBy({ pbx: 'twilio', pbxCallId: s.sid }), 0);
});

test('the voice webhook rings the available operators, longest available first, with a greeting, recording and leg callbacks', async () => {
  await available(op2.id, op1.id);
  const s = new TwilioStory(callSid(), '+79160000001', Date.now());
  const xml = await ok('/telephony/twilio/voice', s.voice());
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say language="ru-RU">Здравствуйте! Соединяем с оператором.<\/Say><Dial /);
  assert.match(xml, new RegExp(`action="${PUBLIC_URL}/telephony/twilio/dial-action"`));
  assert.match(xml, /timeout="20"/);
  assert.match(xml, /record="record-from-answer-dual"/);
  assert.ok(xml.indexOf('ext-202') < xml.indexOf('ext-201'), '202 has been available longer');
  assert.match(xml, new RegExp(`<Client statusCallback="${PUBLIC_URL}/telephony/twilio/status\\?leg=operator&amp;ext=202" statusCallbackEvent="initiated ringing answered completed">ext-202</Client>`));
  await ok('/telephony/twilio/status', s.call('completed', 3, 3));
});

test('an answered inbound call: one row with its operator, wait and talk, legs for who rang, and the pop before the answer', async () => {
  await available(op1.id, op2.id);
  const socket = await connectSocket(app.baseUrl, op1.token);
  try {
    const { story, steps } = answeredStory();
    await ok('/telephony/twilio/voice', story.voice());
    for (const [path, form] of steps) await ok(path, form);
    const row = await rowOf(story.sid);
    assert.deepEqual(
      { direction: row.direction, externalNumber: row.externalNumber, clientId: row.clientId, operatorId: row.operatorId, queue: row.queue, wait: row.waitSeconds, talk: row.talkSeconds, outcome: row.outcome },
      { direction: 'inbound', externalNumber: CLIENT_PHONE, clientId, operatorId: op1.id, queue: HOTLINE, wait: 7, talk: 60, outcome: 'answered' },
    );
    assert.deepEqual(await legsOf(row), [{ operatorId: op1.id, outcome: 'answered' }, { operatorId: op2.id, outcome: 'missed' }]);
    const end = Date.now() + 5000;
    while (socket.of('screenpop').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const [pop] = socket.of('screenpop');
    assert.ok(pop, 'the ringing operator got a pop');
    assert.equal(pop.payload.client.id, clientId);
    assert.equal(pop.payload.pbx, 'twilio');
    assert.equal(pop.payload.callId, story.sid);
    assert.equal(pop.payload.extension, '201');
  } finally {
    socket.socket.close();
  }
});

test('the same callbacks twice and out of order give the same single row', async () => {
  await available(op1.id, op2.id);
  const { story, steps } = answeredStory('+79160000002');
  await ok('/telephony/twilio/voice', story.voice());
  await ok('/telephony/twilio/voice', story.voice()); // Twilio retried the voice URL
  // The call's end and the talking leg's end first, its answer last; every one of them twice.
  const reordered = [steps[7]!, steps[5]!, steps[1]!, steps[2]!, steps[0]!, steps[4]!, steps[3]!, steps[6]!];
  for (const step of [...reordered, ...reordered]) await ok(step[0], step[1]);
  const row = await rowOf(story.sid);
  assert.deepEqual({ operatorId: row.operatorId, wait: row.waitSeconds, talk: row.talkSeconds, outcome: row.outcome }, { operatorId: op1.id, wait: 7, talk: 60, outcome: 'answered' });
  assert.equal(await app.ds.getRepository(CallEntity).countBy({ pbx: 'twilio', pbxCallId: story.sid }), 1);
  assert.deepEqual(await legsOf(row), [{ operatorId: op1.id, outcome: 'answered' }, { operatorId: op2.id, outcome: 'missed' }]);
});

test('missed: the operator lets it ring out, the caller hears the message, the row is missed and a callback opens', async () => {
  await available(op1.id);
  const s = new TwilioStory(callSid(), CLIENT_PHONE, Date.now() - 60_000);
  const a = callSid();
  await ok('/telephony/twilio/voice', s.voice());
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'ringing', 1));
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'no-answer', 21));
  const xml = await ok('/telephony/twilio/dial-action', s.dialAction('no-answer', 21));
  assert.match(xml, /<Say language="ru-RU">Все операторы заняты.<\/Say><Hangup\/>/);
  await ok('/telephony/twilio/status', s.call('completed', 24, 24));
  const row = await rowOf(s.sid);
  assert.deepEqual({ outcome: row.outcome, operatorId: row.operatorId, talk: row.talkSeconds }, { outcome: 'missed', operatorId: null, talk: null });
  assert.deepEqual(await legsOf(row), [{ operatorId: op1.id, outcome: 'missed' }]);
  const end = Date.now() + 5000;
  while ((await app.ds.getRepository(CallbackEntity).countBy({ originCallId: row.id })) === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await app.ds.getRepository(CallbackEntity).countBy({ originCallId: row.id, clientId }), 1, 'a callback for the missed client');
});

test('abandoned: the caller hangs up while the phone rings', async () => {
  await available(op1.id);
  const s = new TwilioStory(callSid(), '+79160000003', Date.now() - 60_000);
  const a = callSid();
  await ok('/telephony/twilio/voice', s.voice());
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'ringing', 1));
  await ok('/telephony/twilio/status', s.call('completed', 9, 9));
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'canceled', 9));
  await ok('/telephony/twilio/dial-action', { ...s.dialAction('canceled', 9), CallStatus: 'completed' });
  const row = await rowOf(s.sid);
  assert.deepEqual({ outcome: row.outcome, wait: row.waitSeconds }, { outcome: 'abandoned', wait: 9 });
});

test('nobody available: no dial, the message, a missed call', async () => {
  await available();
  const s = new TwilioStory(callSid(), '+79160000004', Date.now() - 60_000);
  const xml = await ok('/telephony/twilio/voice', s.voice());
  assert.doesNotMatch(xml, /<Dial/);
  assert.match(xml, /Все операторы заняты.<\/Say><Hangup\/>/);
  await ok('/telephony/twilio/status', s.call('completed', 6, 6));
  assert.equal((await rowOf(s.sid)).outcome, 'missed');
});

test('a transfer: the second operator takes over the call', async () => {
  await available(op1.id);
  const s = new TwilioStory(callSid(), '+79160000005', Date.now() - 200_000);
  const a = callSid();
  const b = callSid();
  await ok('/telephony/twilio/voice', s.voice());
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'ringing', 2));
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'in-progress', 5));
  await ok('/telephony/twilio/status?leg=operator&ext=202', s.leg(b, 'client:ext-202', 'ringing', 40));
  await ok('/telephony/twilio/status?leg=operator&ext=202', s.leg(b, 'client:ext-202', 'in-progress', 45));
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(a, 'client:ext-201', 'completed', 45, 40));
  await ok('/telephony/twilio/status?leg=operator&ext=202', s.leg(b, 'client:ext-202', 'completed', 100, 55));
  await ok('/telephony/twilio/status', s.call('completed', 100, 100));
  const row = await rowOf(s.sid);
  assert.equal(row.outcome, 'answered');
  assert.equal(row.talkSeconds, 95);
  assert.deepEqual(await legsOf(row), [{ operatorId: op1.id, outcome: 'answered' }, { operatorId: op2.id, outcome: 'transferred_in' }], 'two talking legs');
});

test('a callback for a call that is not ours is accepted and ignored', async () => {
  const s = new TwilioStory(callSid(), '+79160000006', Date.now());
  await ok('/telephony/twilio/status', s.call('completed', 5, 5));
  await ok('/telephony/twilio/status?leg=operator&ext=201', s.leg(callSid(), 'client:ext-201', 'in-progress', 5));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await app.ds.getRepository(CallEntity).countBy({ pbxCallId: s.sid }), 0);
});

/** Twilio's side of a click-to-call once the operator's softphone answered: the client's leg, then the end. */
async function dialled(s: TwilioStory, number: string, customer: [string, number, number?][], dialStatus: string, end: number): Promise<CallRow> {
  await ok('/telephony/twilio/status', { ...s.call('ringing', 0), To: 'client:ext-201', From: HOTLINE, Direction: 'outbound-api' });
  await ok('/telephony/twilio/status', { ...s.call('in-progress', 2), To: 'client:ext-201', From: HOTLINE, Direction: 'outbound-api' });
  const xml = await ok(`/telephony/twilio/outbound?ext=201&number=${encodeURIComponent(number)}`, { ...s.call('in-progress', 2), To: 'client:ext-201', From: HOTLINE, Direction: 'outbound-api' });
  assert.match(xml, new RegExp(`<Dial callerId="\\${HOTLINE}"`));
  assert.match(xml, new RegExp(`<Number statusCallback="${PUBLIC_URL}/telephony/twilio/status\\?leg=customer&amp;ext=201"[^>]*>\\${number}</Number>`));
  const leg = callSid();
  for (const [status, at, duration] of customer) await ok('/telephony/twilio/status?leg=customer&ext=201', { ...s.leg(leg, number, status, at, duration), From: HOTLINE, Direction: 'outbound-dial' });
  await ok('/telephony/twilio/dial-action?kind=outbound', s.dialAction(dialStatus, end, leg));
  await ok('/telephony/twilio/status', { ...s.call('completed', end, end), To: 'client:ext-201' });
  return rowOf(s.sid);
}

test('click-to-call through the REST API: the operator’s softphone rings, then the client; answered, busy and unanswered', async () => {
  const place = async (number: string) => {
    const res = await app.api('POST', '/api/calls/originate', { token: op1.token, body: { number, clientId } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const created = fake.created.at(-1)!;
    assert.equal(res.body.actionId, created.sid);
    assert.equal(created.params.To, 'client:ext-201');
    assert.equal(created.params.From, HOTLINE);
    assert.equal(created.params.Url, `${PUBLIC_URL}/telephony/twilio/outbound?ext=201&number=${encodeURIComponent(number)}`);
    return new TwilioStory(created.sid, 'client:ext-201', Date.now() - 100_000);
  };
  const answered = await dialled(await place(CLIENT_PHONE), CLIENT_PHONE, [['initiated', 3], ['ringing', 4], ['in-progress', 10], ['completed', 70, 60]], 'completed', 70);
  assert.deepEqual(
    { direction: answered.direction, operatorId: answered.operatorId, clientId: answered.clientId, externalNumber: answered.externalNumber, talk: answered.talkSeconds, outcome: answered.outcome },
    { direction: 'outbound', operatorId: op1.id, clientId, externalNumber: CLIENT_PHONE, talk: 60, outcome: 'answered' },
  );
  const busy = await dialled(await place('+79160000007'), '+79160000007', [['initiated', 3], ['busy', 4]], 'busy', 5);
  assert.deepEqual({ outcome: busy.outcome, talk: busy.talkSeconds, operatorId: busy.operatorId }, { outcome: 'busy', talk: null, operatorId: op1.id });
  const unanswered = await dialled(await place('+79160000008'), '+79160000008', [['initiated', 3], ['ringing', 4], ['no-answer', 44]], 'no-answer', 44);
  assert.equal(unanswered.outcome, 'no_answer');

  // The operator never picked up their own phone: no call with the client at all.
  const s = await place('+79160000009');
  await ok('/telephony/twilio/status', { ...s.call('no-answer', 20), To: 'client:ext-201' });
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await app.ds.getRepository(CallEntity).countBy({ pbxCallId: s.sid }), 0);
});

test('Twilio’s refusal of a click-to-call is a clear API error', async () => {
  fake.failNext(400, 21211, "The 'To' number client:ext-201 is not a valid phone number.");
  const res = await app.api('POST', '/api/calls/originate', { token: op1.token, body: { number: '+79160000010' } });
  assert.equal(res.status, 502);
  assert.equal(res.body.error.code, 'pbx_rejected');
  assert.match(res.body.error.message, /Twilio refused: The 'To' number .* \(code 21211\)/);
});

test('a recording’s callback puts its link on the call', async () => {
  await available(op1.id);
  const { story, steps } = answeredStory('+79160000011');
  await ok('/telephony/twilio/voice', story.voice());
  for (const [path, form] of steps) await ok(path, form);
  const row = await rowOf(story.sid);
  const url = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE${'0'.repeat(32)}`;
  await ok('/telephony/twilio/recording', { ...story.call('completed', 70), RecordingSid: `RE${'0'.repeat(32)}`, RecordingUrl: url, RecordingStatus: 'completed', RecordingDuration: '60', RecordingChannels: '2', RecordingSource: 'DialVerb' });
  const end = Date.now() + 5000;
  while ((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).recordingUrl !== url && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).recordingUrl, url);
});

test('a campaign’s Call places the call through Twilio; its result marks that call with the campaign and the result', async () => {
  const mgr = await app.user('manager');
  const number = '+79160000031';
  const client = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Олег Кравец', phones: [number], tags: ['twilio-campaign'] } });
  const made = await app.api('POST', '/api/campaigns', { token: mgr.token, body: { name: 'Twilio-обзвон', filter: { tag: 'twilio-campaign' }, callingHours: { from: '00:00', to: '24:00' } } });
  const campaignId = made.body.id;
  assert.equal((await app.api('POST', `/api/campaigns/${campaignId}/start`, { token: mgr.token })).status, 200);
  const next = await app.api('POST', `/api/campaigns/${campaignId}/next`, { token: op1.token });
  assert.equal(next.body.client.id, client.body.id);
  assert.equal((await app.api('POST', `/api/campaigns/${campaignId}/entries/${next.body.entryId}/call`, { token: op2.token })).status, 409, 'not handed to op2');

  const res = await app.api('POST', `/api/campaigns/${campaignId}/entries/${next.body.entryId}/call`, { token: op1.token });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const created = fake.created.at(-1)!;
  assert.equal(res.body.actionId, created.sid);
  assert.equal(created.params.To, 'client:ext-201');
  assert.equal(next.body.dialed, false);
  const reloaded = await app.api('POST', `/api/campaigns/${campaignId}/next`, { token: op1.token });
  assert.deepEqual({ entryId: reloaded.body.entryId, dialed: reloaded.body.dialed }, { entryId: next.body.entryId, dialed: true }, 'a reload says the call was placed (no second automatic call)');
  const row = await dialled(new TwilioStory(created.sid, 'client:ext-201', Date.now() - 50_000), number, [['initiated', 3], ['ringing', 4], ['in-progress', 10], ['completed', 40, 30]], 'completed', 40);
  assert.deepEqual({ clientId: row.clientId, campaignId: row.campaignId, disposition: row.disposition }, { clientId: client.body.id, campaignId: null, disposition: null });

  const result = await app.api('POST', `/api/campaigns/${campaignId}/entries/${next.body.entryId}/result`, { token: op1.token, body: { disposition: 'info_given' } });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  assert.equal(result.body.callId, row.id);
  const after = await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id });
  assert.deepEqual({ campaignId: after.campaignId, disposition: after.disposition }, { campaignId, disposition: 'info_given' });
  const listed = await app.api('GET', `/api/calls?campaignId=${campaignId}`, { token: mgr.token });
  assert.deepEqual(listed.body.items.map((c: { id: number; campaignId: number }) => [c.id, c.campaignId]), [[row.id, campaignId]]);
  const stats = await app.api('GET', `/api/campaigns/${campaignId}/stats`, { token: mgr.token });
  assert.deepEqual(stats.body.operators.map((o: { operatorId: number; attempts: number; reached: number; effective: number }) => [o.operatorId, o.attempts, o.reached, o.effective]), [[op1.id, 1, 1, 1]]);
});
