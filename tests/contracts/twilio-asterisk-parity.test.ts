/**
 * The same call stories on Asterisk and on Twilio give the same rows, legs and pops. One app runs both
 * PBXes at once (as an install with a desk-phone Asterisk and a Twilio number would): each story is played
 * by the AMI simulator (real Asterisk traffic's shape) and told to the Twilio connector as signed webhooks
 * with the same timings (from the simulator's own truth of the call), and the two rows are compared.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { MultiPbx } from '../../telephony/multi-pbx';
import { AmiServer, inboundCall, outboundCall, type CallScript } from '../../telephony/simulator';
import { TwilioConnector } from '../../telephony/twilio/twilio-connector';
import { CallEntity, CallLegEntity, UserEntity, type CallRow } from '../../server/db/entities';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { ACCOUNT_SID, AUTH_TOKEN, FakeTwilioApi, HOTLINE, PUBLIC_URL, TwilioStory, TwilioWebhooks, callSid } from '../helpers/twilio-harness';

let sim: AmiServer;
let fake: FakeTwilioApi;
let app: TestApp;
let hooks: TwilioWebhooks;
let ops: { id: number; token: string }[];

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'parity', speed: 20 });
  const port = await sim.listen(0);
  fake = new FakeTwilioApi();
  const apiUrl = await fake.start();
  const asterisk = new AsteriskConnector({ url: `ami://crm:parity@127.0.0.1:${port}`, name: 'asterisk', reconnect: { minDelayMs: 100, maxDelayMs: 500 } });
  const twilio: TwilioConnector = new TwilioConnector({
    accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL, apiUrl, callerId: HOTLINE, dialMode: 'sequential', ringSeconds: 20,
    greeting: undefined, language: 'ru-RU', record: false, nobody: 'message', nobodyMessage: 'Все операторы заняты.', sipDomain: undefined,
    available: () => app.services.availableOperators.current(), endGraceMs: 100,
  });
  app = await startTestApp({ pbx: new MultiPbx([asterisk, twilio], asterisk), twilioPbx: twilio, wrapUpMs: 200 });
  hooks = new TwilioWebhooks(app.baseUrl);
  ops = [await app.user('operator', { extension: '101' }), await app.user('operator', { extension: '102' })];
  const users = app.ds.getRepository(UserEntity);
  for (const [i, op] of ops.entries()) await users.update({ id: op.id }, { state: 'available', stateSince: new Date(Date.now() - (2 - i) * 60_000) });
  await app.services.availableOperators.refresh();
  const mgr = await app.user('manager');
  await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Олена Коваль', phones: ['+380671112233'] } });
  await new Promise((r) => setTimeout(r, 300));
});
after(async () => {
  await app.close();
  await sim.close();
  await fake.stop();
});

async function finished(pbx: string, id: string): Promise<CallRow> {
  const end = Date.now() + 20_000;
  for (;;) {
    const row = await app.ds.getRepository(CallEntity).findOneBy({ pbx, pbxCallId: id });
    if (row?.endedAt) return row;
    if (Date.now() > end) throw new Error(`no finished ${pbx} row ${id}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What must be equal between the PBXes: who, which way, how long (to the second), how it ended, and the legs. */
async function shape(row: CallRow) {
  const legs = await app.ds.getRepository(CallLegEntity).find({ where: { pbx: row.pbx, pbxCallId: row.pbxCallId }, order: { legNo: 'ASC' } });
  return {
    direction: row.direction, externalNumber: row.externalE164, clientId: row.clientId, operatorId: row.operatorId, outcome: row.outcome,
    talk: row.talkSeconds, wait: row.waitSeconds, legs: legs.map((l) => `${l.operatorId}:${l.outcome}`),
  };
}

const close = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Math.abs(a - b) <= 1);

function assertSame(asterisk: Awaited<ReturnType<typeof shape>>, twilio: Awaited<ReturnType<typeof shape>>) {
  const { talk: ta, wait: wa, ...restA } = asterisk;
  const { talk: tt, wait: wt, ...restT } = twilio;
  assert.deepEqual(restT, restA);
  assert.ok(close(ta, tt), `talk: asterisk ${ta}, twilio ${tt}`);
  assert.ok(close(wa, wt), `wait: asterisk ${wa}, twilio ${wt}`);
}

const post = async (path: string, form: Record<string, string>) => {
  const res = await hooks.post(path, form);
  assert.ok(res.status < 300, `${path}: ${res.status} ${res.text}`);
};

/** The simulator's truth of an inbound call, told to Twilio: the queue rings the operators one after another. */
async function tellTwilioInbound(script: CallScript, number: string) {
  const t = script.truth;
  const s = new TwilioStory(callSid(), number, Date.now() - 600_000);
  await post('/telephony/twilio/voice', s.voice());
  // The simulator's queue: the first ring starts with the wait, each attempt after the previous one.
  let at = 0;
  let attempt = 0;
  for (const ring of t.rang) {
    const leg = callSid();
    const to = `client:ext-${ring.ext}`;
    const path = `/telephony/twilio/status?leg=operator&ext=${ring.ext}`;
    await post(path, s.leg(leg, to, 'ringing', at));
    at += ring.ringMs / 1000;
    if (ring.answered) {
      await post(path, s.leg(leg, to, 'in-progress', at));
      const talk = (t.talkMs ?? 0) / 1000;
      await post(path, s.leg(leg, to, 'completed', at + talk, talk));
      at += talk;
      await post('/telephony/twilio/dial-action?attempt=' + attempt, s.dialAction('completed', at, leg, talk));
    } else if (t.outcome === 'abandoned' && ring === t.rang.at(-1)) {
      await post('/telephony/twilio/status', s.call('completed', at, at));
      await post(path, s.leg(leg, to, 'canceled', at));
      return s.sid;
    } else {
      await post(path, s.leg(leg, to, 'no-answer', at));
      await post('/telephony/twilio/dial-action?attempt=' + attempt++, s.dialAction('no-answer', at));
    }
  }
  await post('/telephony/twilio/status', s.call('completed', at, at));
  return s.sid;
}

const stories: { name: string; plan: Parameters<typeof inboundCall>[1] }[] = [
  { name: 'answered on the first ring', plan: { caller: { number: '+380671112233', name: '' }, attempts: [{ ext: '101', ringMs: 7000, answered: true }], talkMs: 60_000 } },
  { name: 'rings out at one operator, answered by the next', plan: { caller: { number: '+380671112234', name: '' }, attempts: [{ ext: '101', ringMs: 15_000 }, { ext: '102', ringMs: 4000, answered: true }], talkMs: 42_000 } },
  { name: 'abandoned while ringing', plan: { caller: { number: '+380671112235', name: '' }, attempts: [{ ext: '101', ringMs: 9000 }], abandonAfterMs: 9000 } },
];

for (const { name, plan } of stories) {
  test(`inbound, ${name}: the same row and legs from Asterisk and from Twilio`, async () => {
    const script = inboundCall(sim.pbx, plan, sim.clock.now());
    await sim.play(script);
    const asterisk = await shape(await finished('asterisk', script.linkedid));
    const twilio = await shape(await finished('twilio', await tellTwilioInbound(script, plan.caller.number)));
    assertSame(asterisk, twilio);
  });
}

test('outbound click-to-call answered: the same row from Asterisk and from Twilio', async () => {
  const script = outboundCall(sim.pbx, { ext: '101', number: '+380671112233', outcome: 'answered', ringMs: 5000, talkMs: 30_000 }, sim.clock.now());
  await sim.play(script);
  const asterisk = await shape(await finished('asterisk', script.linkedid));

  await app.services.twilio!.originate({ extension: '101', number: '+380671112233' });
  const sid = fake.created.at(-1)!.sid;
  const story = new TwilioStory(sid, 'client:ext-101', Date.now() - 600_000);
  const leg = callSid();
  const customer = (status: string, at: number, duration?: number) => post('/telephony/twilio/status?leg=customer&ext=101', { ...story.leg(leg, '+380671112233', status, at, duration), From: HOTLINE });
  await post('/telephony/twilio/status', { ...story.call('in-progress', 0), To: 'client:ext-101' });
  await customer('initiated', 1);
  await customer('ringing', 1);
  await customer('in-progress', 6);
  await customer('completed', 36, 30);
  await post('/telephony/twilio/dial-action?kind=outbound', story.dialAction('completed', 36, leg, 30));
  await post('/telephony/twilio/status', { ...story.call('completed', 36, 36), To: 'client:ext-101' });
  assertSame(asterisk, await shape(await finished('twilio', sid)));
});

test('the pop is the same: a Twilio call pops the ringing operator with the caller’s card and history', async () => {
  const socket = await connectSocket(app.baseUrl, ops[0]!.token);
  try {
    const s = new TwilioStory(callSid(), '+380671112233', Date.now());
    await post('/telephony/twilio/voice', s.voice());
    await post('/telephony/twilio/status?leg=operator&ext=101', s.leg(callSid(), 'client:ext-101', 'ringing', 1));
    const end = Date.now() + 5000;
    while (socket.of('screenpop').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const pop = socket.of('screenpop')[0]!.payload;
    assert.equal(pop.client.name, 'Олена Коваль');
    assert.equal(pop.direction, 'inbound');
    assert.equal(pop.extension, '101');
    // Its history holds the calls above, from either PBX.
    const pbxes = new Set(pop.recentCalls.map((c: { pbx: string }) => c.pbx));
    assert.ok(pbxes.has('asterisk') && pbxes.has('twilio'), `history from both PBXes: ${[...pbxes].join(', ')}`);
    await post('/telephony/twilio/status', s.call('completed', 3, 3));
  } finally {
    socket.socket.close();
  }
});
