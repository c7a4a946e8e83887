import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { PbxConnector } from '../../telephony/call-event';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { AuditEntity, TeamEntity, UserEntity } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Live coaching end to end: the API, the real Asterisk connector and the AMI simulator over TCP.
let server: AmiServer;
let app: TestApp;
type Originate = { channel: string; application: string; data: string; exten: string };
const originates: Originate[] = [];

const wait = async (what: string, check: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

before(async () => {
  // The supervisors pick up quickly and leave soon (simulated time runs 20x).
  server = new AmiServer({ username: 'crm', secret: 'coach', speed: 20, chanSpy: () => ({ supervisorRingMs: 1_000, spyMs: 2_000 }) });
  const port = await server.listen(0);
  server.on('action', (a) => {
    if (a.name.toLowerCase() !== 'originate') return;
    originates.push({ channel: a.message.get('Channel') ?? '', application: a.message.get('Application') ?? '', data: a.message.get('Data') ?? '', exten: a.message.get('Exten') ?? '' });
  });
  const pbx = new AsteriskConnector({ url: `ami://crm:coach@127.0.0.1:${port}`, name: 'coach', reconnect: { minDelayMs: 100, maxDelayMs: 1000 }, pingIntervalMs: 1000, actionTimeoutMs: 2000 });
  app = await startTestApp({ pbx });
  await wait('PBX link', () => pbx.state().status === 'connected');
});
after(async () => {
  await app.close();
  await server.close();
});

async function team(name: string, supervisorId: number): Promise<number> {
  const { identifiers } = await app.ds.getRepository(TeamEntity).insert({ name, supervisorId, createdAt: new Date() });
  return identifiers[0]!.id as number;
}

test('supervisors coach the calls of their own teams only; every mode rings their phone into ChanSpy with its options; audited', async () => {
  const supervisor = await app.user('supervisor', { extension: '401' });
  const otherSupervisor = await app.user('supervisor', { extension: '402' });
  const manager = await app.user('manager', { extension: '501' });
  const managerNoPhone = await app.user('manager');
  const talking = await app.user('operator', { extension: '301' });
  const idle = await app.user('operator', { extension: '302' });
  const users = app.ds.getRepository(UserEntity);
  await users.update({ id: talking.id }, { teamId: await team(`Coached ${process.pid}`, supervisor.id) });
  await users.update({ id: idle.id }, { teamId: await team(`Other ${process.pid}`, otherSupervisor.id) });

  // The operator takes a long inbound call.
  const script = inboundCall(server.pbx, { caller: { number: '+79161230001', name: 'Клиент Коучинга' }, attempts: [{ ext: '301', ringMs: 1000, answered: true }], talkMs: 3_600_000 }, server.clock.now());
  void server.play(script);
  await wait('the operator on the call', async () => app.services.callLog.live().some((c) => c.extension === '301') && (await app.services.agents.stateOf(talking.id)) === 'on_call');

  const spy = (token: string, operatorId: number, mode: string) => app.api('POST', '/api/coaching/spy', { token, body: { operatorId, mode } });

  // Who may: not an operator, not the supervisor of another team.
  const asOperator = await spy(idle.token, talking.id, 'listen');
  assert.equal(asOperator.status, 403);
  const asOther = await spy(otherSupervisor.token, talking.id, 'listen');
  assert.deepEqual([asOther.status, asOther.body.error.code], [403, 'forbidden']);
  assert.equal(originates.length, 0, 'nothing reached the PBX for a refused request');

  // The team's supervisor listens; a manager whispers and barges.
  const listen = await spy(supervisor.token, talking.id, 'listen');
  assert.equal(listen.status, 202, JSON.stringify(listen.body));
  assert.match(listen.body.message, /successfully queued/i);
  assert.match(listen.body.actionId, /^spy-/);
  assert.equal(listen.body.callId, script.linkedid);
  const whisper = await spy(manager.token, talking.id, 'whisper');
  assert.equal(whisper.status, 202, JSON.stringify(whisper.body));
  const barge = await spy(manager.token, talking.id, 'barge');
  assert.equal(barge.status, 202, JSON.stringify(barge.body));
  assert.deepEqual(originates, [
    { channel: 'PJSIP/401', application: 'ChanSpy', data: 'PJSIP/301-,qES', exten: '' },
    { channel: 'PJSIP/501', application: 'ChanSpy', data: 'PJSIP/301-,qwES', exten: '' },
    { channel: 'PJSIP/501', application: 'ChanSpy', data: 'PJSIP/301-,qBES', exten: '' },
  ]);

  // What cannot be: no phone of one's own, an operator who is not talking, a bad mode.
  const noPhone = await spy(managerNoPhone.token, talking.id, 'listen');
  assert.deepEqual([noPhone.status, noPhone.body.error.code], [400, 'no_extension']);
  const notTalking = await spy(otherSupervisor.token, idle.id, 'listen');
  assert.deepEqual([notTalking.status, notTalking.body.error.code], [409, 'not_on_call']);
  assert.equal((await spy(manager.token, talking.id, 'record')).status, 400);
  assert.equal((await spy(manager.token, manager.id, 'listen')).status, 404);
  assert.equal(originates.length, 3);

  // Audited, with the mode and the call; the operator was told nothing.
  const entries = await app.ds.getRepository(AuditEntity).find({ where: { action: 'spy', entity: 'coaching' }, order: { id: 'ASC' } });
  assert.deepEqual(
    entries.map((e) => [e.actorId, e.entityId, JSON.parse(e.after ?? 'null')]),
    [
      [supervisor.id, String(talking.id), { mode: 'listen', operatorId: talking.id, callId: script.linkedid }],
      [manager.id, String(talking.id), { mode: 'whisper', operatorId: talking.id, callId: script.linkedid }],
      [manager.id, String(talking.id), { mode: 'barge', operatorId: talking.id, callId: script.linkedid }],
    ],
  );

  // The supervisors' legs ring, spy and hang up: none of them is a call in the CRM's log.
  await wait('the spy legs to end', () => server.activeCalls === 1);
  assert.deepEqual(app.services.callLog.live().map((c) => [c.callId, c.extension]), [[script.linkedid, '301']]);
});

test('the PBX refuses or does not answer: mapped like click-to-call', async () => {
  const supervisor = await app.user('supervisor', { extension: '403' });
  const talking = await app.user('operator', { extension: '303' });
  await app.ds.getRepository(UserEntity).update({ id: talking.id }, { teamId: await team(`Slow ${process.pid}`, supervisor.id) });
  void server.play(inboundCall(server.pbx, { caller: { number: '+79161230002', name: '' }, attempts: [{ ext: '303', ringMs: 1000, answered: true }], talkMs: 3_600_000 }, server.clock.now()));
  await wait('the operator on the call', () => app.services.callLog.live().some((c) => c.extension === '303'));
  server.replyDelayMs = (a) => (a.name.toLowerCase() === 'originate' ? Infinity : 0);
  try {
    const slow = await app.api('POST', '/api/coaching/spy', { token: supervisor.token, body: { operatorId: talking.id, mode: 'listen' } });
    assert.deepEqual([slow.status, slow.body.error.code], [504, 'pbx_timeout']);
  } finally {
    server.replyDelayMs = 0;
  }
  const audited = await app.ds.getRepository(AuditEntity).countBy({ action: 'spy', entity: 'coaching', entityId: String(talking.id) });
  assert.equal(audited, 0, 'a request the PBX did not take joined nobody: not audited');
});

test('a PBX that cannot spy (Twilio) answers 501 clearly', async () => {
  const noSpy: PbxConnector = { name: 'nospy', start: () => undefined, stop: async () => undefined, state: () => ({ status: 'connected' }), originate: async () => ({ actionId: 'x', message: 'queued' }) };
  const other = await startTestApp({ pbx: noSpy });
  try {
    const manager = await other.user('manager', { extension: '601' });
    const op = await other.user('operator', { extension: '602' });
    await other.ds.getRepository(UserEntity).update({ id: op.id }, { state: 'on_call' });
    const res = await other.api('POST', '/api/coaching/spy', { token: manager.token, body: { operatorId: op.id, mode: 'listen' } });
    assert.deepEqual([res.status, res.body.error.code], [501, 'spy_not_supported']);
    assert.match(res.body.error.message, /not supported on this PBX/);
  } finally {
    await other.close();
  }
});
