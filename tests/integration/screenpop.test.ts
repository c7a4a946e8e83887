import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { CallEntity } from '../../server/db/entities';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The screen-pop path end to end: simulator → AMI connector → call log → pop → Socket.IO → operator.
let server: AmiServer;
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let sup: { id: number; token: string };
let clientId: number;

before(async () => {
  server = new AmiServer({ username: 'crm', secret: 'pop', speed: 5 });
  const port = await server.listen(0);
  const pbx = new AsteriskConnector({ url: `ami://crm:pop@127.0.0.1:${port}`, name: 'pop', reconnect: { minDelayMs: 100, maxDelayMs: 500 } });
  app = await startTestApp({ pbx, wrapUpMs: 300 });
  op1 = await app.user('operator', { extension: '101' });
  op2 = await app.user('operator', { extension: '102' });
  sup = await app.user('supervisor');
  const mgr = await app.user('manager');
  const client = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Иван Петров', phones: ['8 (916) 123-45-67'], tier: 'gold', tags: ['vip'] } });
  clientId = client.body.id;
  const now = Date.now();
  await app.ds.getRepository(CallEntity).insert(
    [1, 2, 3].map((i) => ({ pbx: 'history', pbxCallId: `h-${i}`, direction: 'inbound' as const, externalNumber: '+79161234567', externalE164: '+79161234567', clientId, operatorId: op2.id, queue: 'hotline', startedAt: new Date(now - i * 86400_000), answeredAt: new Date(now - i * 86400_000 + 5000), endedAt: new Date(now - i * 86400_000 + 65000), ringSeconds: 5, waitSeconds: 5, talkSeconds: 60, outcome: 'answered' as const, disposition: i === 1 ? 'callback_promised' : null, note: i === 1 ? 'Просил перезвонить' : null, recordingUrl: null, createdAt: new Date(), updatedAt: new Date() })),
  );
  await new Promise((r) => setTimeout(r, 300));
});
after(async () => {
  await app.close();
  await server.close();
});

const waitFor = async (what: string, check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('sockets without a valid session are refused; the cookie works like the token', async () => {
  await assert.rejects(connectSocket(app.baseUrl, undefined), /unauthorized/);
  await assert.rejects(connectSocket(app.baseUrl, 'x'.repeat(43)), /unauthorized/);
  const viaCookie = await connectSocket(app.baseUrl, undefined, { headers: { cookie: `hotline_session=${op1.token}` } });
  assert.ok(viaCookie.socket.connected);
  viaCookie.socket.close();
});

test('the ringing operator gets the caller’s card and history before answering; nobody else does', async () => {
  const a = await connectSocket(app.baseUrl, op1.token);
  const b = await connectSocket(app.baseUrl, op2.token);
  const s = await connectSocket(app.baseUrl, sup.token);
  try {
    assert.deepEqual(await a.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    const script = inboundCall(server.pbx, { caller: { number: '+79161234567', name: 'Иван Петров' }, attempts: [{ ext: '101', ringMs: 4000, answered: true }], talkMs: 10_000 }, server.clock.now());
    await server.play(script);
    await waitFor('ended update', () => a.of('call:update').some((u) => u.payload.state === 'ended'));
    const [pop] = a.of('screenpop');
    assert.ok(pop, 'a pop');
    assert.equal(pop.payload.client.id, clientId);
    assert.equal(pop.payload.client.name, 'Иван Петров');
    assert.equal(pop.payload.client.tier, 'gold');
    assert.equal(pop.payload.extension, '101');
    assert.equal(pop.payload.direction, 'inbound');
    assert.equal(pop.payload.recentCalls.length, 3);
    assert.equal(pop.payload.recentCalls[0].disposition, 'callback_promised');
    const answered = a.of('call:update').find((u) => u.payload.state === 'answered')!;
    assert.ok(pop.at <= answered.at, 'the pop came before the answer');
    assert.equal(b.of('screenpop').length, 0, 'another operator sees nothing');
    assert.equal(b.of('call:update').length, 0);
    assert.ok(s.of('call:update').some((u) => u.payload.state === 'ended' && u.payload.outcome === 'answered'));
    const statesOf = () => s.of('agent:state').filter((u) => u.payload.userId === op1.id).map((u) => u.payload.state);
    await waitFor('wrap-up', () => statesOf().includes('wrap_up'));
    assert.deepEqual(statesOf().slice(0, 4), ['available', 'ringing', 'on_call', 'wrap_up']);
    await waitFor('back to available after wrap-up', () => s.of('agent:state').some((u) => u.payload.userId === op1.id && u.payload.state === 'available' && u.at > answered.at));

    // The wrap-up is saved on the call row the pop was about.
    let row: CallEntityRow | null = null;
    await waitFor('row', () => false || row !== null, 10).catch(() => undefined);
    for (let i = 0; i < 100 && !row; i++) {
      row = await app.ds.getRepository(CallEntity).findOneBy({ pbx: 'pop', pbxCallId: pop.payload.callId });
      if (!row?.endedAt) row = null;
      if (!row) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(row);
    const wrap = await app.api('PATCH', `/api/calls/${row.id}`, { token: op1.token, body: { disposition: 'sale', note: 'Оформил заказ' } });
    assert.equal(wrap.status, 200);
    assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).disposition, 'sale');
    assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: op2.token, body: { disposition: 'sale' } })).status, 403);
  } finally {
    for (const c of [a, b, s]) c.socket.close();
  }
});
type CallEntityRow = NonNullable<Awaited<ReturnType<ReturnType<TestApp['ds']['getRepository']>['findOneBy']>>> & { id: number; endedAt: Date | null };

test('an unknown caller pops as a fresh lead; a pop missed while offline is re-sent on reconnect until acknowledged', async () => {
  const script = inboundCall(server.pbx, { caller: { number: '+380671112233', name: 'Новий Абонент' }, attempts: [{ ext: '102', ringMs: 3000, answered: true }], talkMs: 60_000 }, server.clock.now());
  const playing = server.play(script);
  await waitFor('the call to ring', () => server.activeCalls === 1);
  await new Promise((r) => setTimeout(r, 500));
  // Operator 102's browser was away when it rang: it connects now, without acknowledging.
  const late = await connectSocket(app.baseUrl, op2.token, { autoAck: false });
  await waitFor('re-sent pop', () => late.of('screenpop').length > 0, 5000);
  const pop = late.of('screenpop')[0]!.payload;
  // The call log makes an unknown caller a lead as the call starts: if that was written before the phone
  // rang, the card is that lead; if not, a new-caller card with the number (the console offers to create it).
  if (pop.client) {
    assert.equal(pop.client.stage, 'lead');
    assert.equal(pop.client.source, 'inbound_call');
    assert.equal(pop.client.name, 'Новий Абонент');
    assert.deepEqual(pop.client.phones.map((p: { e164: string }) => p.e164), ['+380671112233']);
  }
  assert.deepEqual(pop.recentCalls, []);
  assert.equal(pop.externalNumber, '+380671112233');
  late.socket.close();
  const again = await connectSocket(app.baseUrl, op2.token, { autoAck: true });
  await waitFor('re-sent again', () => again.of('screenpop').length > 0, 5000);
  await new Promise((r) => setTimeout(r, 200));
  again.socket.close();
  // While the phone rings an acknowledged pop is sent again (a reload shows the ringing call); once answered, not.
  for (let i = 0; i < 200; i++) {
    const row = await app.ds.getRepository(CallEntity).findOneBy({ pbx: 'pop', pbxCallId: pop.callId });
    if (row?.answeredAt) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const third = await connectSocket(app.baseUrl, op2.token);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(third.of('screenpop').length, 0, 'an acknowledged pop is not sent again once the call is answered');
  third.socket.close();
  await playing;
});

test('operators switch their own state over the socket; bad payloads get a clear refusal', async () => {
  const a = await connectSocket(app.baseUrl, op1.token);
  try {
    assert.deepEqual(await a.socket.emitWithAck('agent:set-state', { state: 'break' }), { ok: true });
    await waitFor('state broadcast', () => a.of('agent:state').some((u) => u.payload.state === 'break'));
    const bad = await a.socket.emitWithAck('agent:set-state', { state: 'on_call' } as never);
    assert.equal(bad.ok, false);
    const me = await app.api('GET', '/api/auth/me', { token: op1.token });
    assert.equal(me.body.user.state, 'break');
    assert.deepEqual(await a.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
  } finally {
    a.socket.close();
  }
});
