import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, TrafficGenerator, inboundCall, type CallScript } from '../../telephony/simulator';
import { CallEntity } from '../../server/db/entities';
import { startAsteriskHarness, storiesOf } from '../helpers/asterisk-harness';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The connector against the AMI simulator's live calls: each generated call carries its own truth.
let app: TestApp;
const ops: Record<string, number> = {};
before(async () => {
  app = await startTestApp();
  for (let ext = 101; ext <= 108; ext++) ops[String(ext)] = (await app.user('operator', { extension: String(ext) })).id;
});
after(() => app.close());

const wait = async (what: string, check: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const near = (got: number | null, wantMs: number | null, label: string) => {
  if (wantMs === null) return;
  assert.ok(got !== null && Math.abs(got - wantMs / 1000) <= 1, `${label}: ${got} ≉ ${wantMs / 1000}`);
};

test('many concurrent calls interleaved on the wire: every call logged once, as it really went', async () => {
  const h = await startAsteriskHarness(app, { speed: 25 });
  const scripts: CallScript[] = [];
  h.server.on('call', (s) => scripts.push(s));
  const traffic = new TrafficGenerator(h.server, { callsPerSecond: 0.4, maxConcurrent: 12, seed: 42, durations: { talkMs: [20_000, 90_000] } });
  try {
    traffic.start();
    await wait('30 calls', () => scripts.length >= 30, 30_000);
    traffic.stop();
    await wait('calls to finish', () => h.server.activeCalls === 0, 30_000);
    await h.settle(15_000);
    const stories = await h.stories();
    assert.equal(stories.length, scripts.length, `${stories.length} rows for ${scripts.length} calls`);
    for (const script of scripts) {
      const t = script.truth;
      const row = stories.find((s) => s.figures.pbxCallId === script.linkedid);
      assert.ok(row, `no row for ${script.kind} ${script.linkedid}`);
      const label = `${script.kind} ${script.linkedid}`;
      const f = row.figures;
      assert.equal(f.direction, t.direction, label);
      assert.equal(f.outcome === 'missed' ? 'abandoned' : f.outcome, t.outcome, `${label} outcome`);
      if (t.direction === 'inbound') assert.equal(f.operatorExtension, t.answeredBy, `${label} operator`);
      else assert.equal(f.operatorExtension, t.placedBy, `${label} operator`);
      if (t.direction !== 'internal') assert.equal(f.externalNumber, t.externalNumber, `${label} number`);
      near(f.talkSeconds, t.talkMs, `${label} talk`);
      if (t.direction === 'inbound') near(f.waitSeconds, t.waitMs, `${label} wait`);
    }
  } finally {
    traffic.stop();
    await h.stop();
  }
});

test('the AMI link drops mid-call: reconnect, resync from CoreShowChannels, one complete row', async () => {
  const h = await startAsteriskHarness(app, { speed: 10 });
  try {
    const script = inboundCall(h.server.pbx, { caller: { number: '+79161112200', name: 'Обрыв Связи' }, attempts: [{ ext: '103', ringMs: 2000, answered: true }], talkMs: 40_000 }, h.server.clock.now());
    const played = h.server.play(script);
    await wait('answered', () => h.connector.tracker.activeCalls === 1 && h.server.activeCalls === 1);
    await new Promise((r) => setTimeout(r, 1000)); // 10 s into the call (simulated)
    h.server.dropConnections();
    await wait('reconnected', () => h.connector.state().status === 'connected' && h.server.loggedInSessions === 1, 3000);
    await played;
    await h.settle(10_000);
    const [row, ...rest] = await h.stories();
    assert.equal(rest.length, 0);
    assert.equal(row?.figures.outcome, 'answered');
    assert.equal(row?.figures.operatorExtension, '103');
    near(row!.figures.talkSeconds, script.truth.talkMs, 'talk');
  } finally {
    await h.stop();
  }
});

test('an Asterisk restart closes the calls it cut; calls after it never merge into old rows', async () => {
  const h = await startAsteriskHarness(app, { speed: 10 });
  try {
    const cut = inboundCall(h.server.pbx, { caller: { number: '+79161112201', name: 'До рестарта' }, attempts: [{ ext: '104', ringMs: 1000, answered: true }], talkMs: 3_600_000 }, h.server.clock.now());
    void h.server.play(cut);
    await wait('answered', async () => (await app.ds.getRepository(CallEntity).findOneBy({ pbx: h.pbx, pbxCallId: cut.linkedid }))?.answeredAt != null);
    await h.server.restart(500);
    await wait('reconnected', () => h.connector.state().status === 'connected' && h.server.loggedInSessions === 1, 5000);
    const after = inboundCall(h.server.pbx, { caller: { number: '+79161112202', name: 'После рестарта' }, attempts: [{ ext: '104', ringMs: 1000, answered: true }], talkMs: 10_000 }, h.server.clock.now());
    await h.server.play(after);
    await h.settle(10_000);
    const stories = await storiesOf(app, h.pbx);
    assert.equal(stories.length, 2);
    const [first, second] = [stories.find((s) => s.figures.pbxCallId === cut.linkedid)!, stories.find((s) => s.figures.pbxCallId === after.linkedid)!];
    assert.ok(first.figures.endedAt, 'the cut call is closed');
    assert.equal(first.figures.outcome, 'answered');
    assert.ok(first.figures.talkSeconds! < 3600, 'it ended at the restart, not at its planned end');
    assert.equal(second.figures.outcome, 'answered');
    assert.notEqual(cut.linkedid, after.linkedid);
  } finally {
    await h.stop();
  }
});

test('click-to-call through the API: rings the operator, then the client; the call is logged to them', async () => {
  const server = new AmiServer({ username: 'crm', secret: 'c2c', speed: 10 });
  const port = await server.listen(0);
  const pbx = new AsteriskConnector({ url: `ami://crm:c2c@127.0.0.1:${port}`, name: 'c2c', actionTimeoutMs: 500, reconnect: { minDelayMs: 100, maxDelayMs: 500 } });
  const c2c = await startTestApp({ pbx });
  try {
    const op = await c2c.user('operator', { extension: '105' });
    const nobody = await c2c.user('operator');
    const mgr = await c2c.user('manager');
    const client = await c2c.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Клиент Для Звонка', phones: ['8 916 555-44-33'] } });
    await wait('PBX link', () => pbx.state().status === 'connected');
    const originates: Record<string, string>[] = [];
    server.on('action', (a) => a.name.toLowerCase() === 'originate' && originates.push({ channel: a.message.get('Channel') ?? '', exten: a.message.get('Exten') ?? '', callerid: a.message.get('CallerID') ?? '' }));

    const socket = await connectSocket(c2c.baseUrl, op.token);
    const res = await c2c.api('POST', '/api/calls/originate', { token: op.token, body: { number: '8 (916) 555-44-33', clientId: client.body.id } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.body.message, /successfully queued/i);
    assert.deepEqual(originates[0], { channel: 'PJSIP/105', exten: '+79165554433', callerid: '"Клиент Для Звонка" <+79165554433>' });
    await wait('the call row', async () => (await c2c.ds.getRepository(CallEntity).findOneBy({ pbx: 'c2c', externalE164: '+79165554433' }))?.endedAt != null, 20_000);
    const row = await c2c.ds.getRepository(CallEntity).findOneByOrFail({ pbx: 'c2c', externalE164: '+79165554433' });
    // The placing operator got the client's card and the call's updates, as for an inbound call.
    const pop = socket.of('screenpop')[0]?.payload;
    assert.equal(pop?.direction, 'outbound');
    assert.equal(pop?.client?.id, client.body.id);
    assert.ok(socket.of('call:update').some((u) => u.payload.state === 'answered'));
    socket.socket.close();
    assert.equal(row.direction, 'outbound');
    assert.equal(row.operatorId, op.id);
    assert.equal(row.clientId, client.body.id);

    const noExtension = await c2c.api('POST', '/api/calls/originate', { token: nobody.token, body: { number: '89165554433' } });
    assert.deepEqual([noExtension.status, noExtension.body.error.code], [400, 'no_extension']);
    const badNumber = await c2c.api('POST', '/api/calls/originate', { token: op.token, body: { number: '123' } });
    assert.deepEqual([badNumber.status, badNumber.body.error.code], [400, 'invalid_number']);
    assert.equal((await c2c.api('POST', '/api/calls/originate', { token: op.token, body: { number: '8916\r\n5554433' } })).status, 400);
    server.replyDelayMs = (a) => (a.name.toLowerCase() === 'originate' ? Infinity : 0);
    const slow = await c2c.api('POST', '/api/calls/originate', { token: op.token, body: { number: '89165554433' } });
    assert.equal(slow.status, 504);
    server.replyDelayMs = 0;
    await pbx.stop();
    const down = await c2c.api('POST', '/api/calls/originate', { token: op.token, body: { number: '89165554433' } });
    assert.equal(down.status, 503);
    assert.equal(down.body.error.code, 'pbx_unavailable');
  } finally {
    await c2c.close();
    await server.close();
  }
});

test('the PBX refuses the first reconnects: one login after the outage, the new link stays up, calls after it are logged', async () => {
  // Refused attempts each used to leave a login deadline behind that cut the healthy link made after them.
  const h = await startAsteriskHarness(app, { speed: 10 });
  let logins = 0;
  let drops = 0;
  h.server.on('login', () => logins++);
  h.server.on('disconnect', (s) => s.loggedIn && drops++);
  try {
    await h.server.refuseConnections(1500, { dropOpen: true });
    assert.ok(h.server.refusedConnections >= 2, `only ${h.server.refusedConnections} attempts were refused`);
    await wait('reconnected', () => h.connector.state().status === 'connected' && h.server.loggedInSessions === 1, 5000);
    // A call right after the comeback, through the time a refused attempt's deadline (2 s here) could strike.
    const script = inboundCall(h.server.pbx, { caller: { number: '+79161112203', name: 'После Отказа' }, attempts: [{ ext: '107', ringMs: 2000, answered: true }], talkMs: 30_000 }, h.server.clock.now());
    await h.server.play(script);
    await new Promise((r) => setTimeout(r, 1500));
    await h.settle(10_000);
    assert.equal(logins, 1, `${logins} logins after one outage`);
    assert.equal(drops, 1, `the new link was dropped ${drops - 1} more time(s)`);
    const state = h.connector.state();
    assert.equal(state.status, 'connected');
    assert.equal(state.reconnects, 1);
    assert.ok(state.lastConnectedAt instanceof Date && state.lastEventAt instanceof Date);
    const [row, ...rest] = await h.stories();
    assert.equal(rest.length, 0);
    assert.equal(row?.figures.pbxCallId, script.linkedid);
    assert.equal(row?.figures.outcome, 'answered');
    assert.equal(row?.figures.operatorExtension, '107');
    near(row!.figures.talkSeconds, script.truth.talkMs, 'talk');
  } finally {
    await h.stop();
  }
});

test('a hangup that never comes: the periodic channel-list check closes the call as of when it was last seen, live calls stay open, the late hangup changes nothing', async () => {
  const h = await startAsteriskHarness(app, { speed: 1 }, { reconcileIntervalMs: 500 });
  const calls = app.ds.getRepository(CallEntity);
  try {
    const lostCall = inboundCall(h.server.pbx, { caller: { number: '+79161112204', name: 'Потерянный Отбой' }, attempts: [{ ext: '106', ringMs: 1000, answered: true }], talkMs: 4_000 }, h.server.clock.now());
    const longCall = inboundCall(h.server.pbx, { caller: { number: '+79161112205', name: 'Долгий Разговор' }, attempts: [{ ext: '108', ringMs: 1000, answered: true }], talkMs: 12_000 }, h.server.clock.now());
    const lost: string[] = [];
    h.server.loseEvent = (m) => m.startsWith('Event: Hangup\r\n') && m.includes(`Linkedid: ${lostCall.linkedid}\r\n`) && lost.push(m) > 0;
    const longPlayed = h.server.play(longCall);
    await h.server.play(lostCall);
    assert.ok(lost.length >= 2, 'its hangups were lost');
    // From now on the channel list comes late: closing the call "now" would add these seconds to its talk.
    h.server.replyDelayMs = (a) => (a.name.toLowerCase() === 'coreshowchannels' ? 3000 : 0);
    await wait('the lost call closed', async () => (await calls.findOneBy({ pbx: h.pbx, pbxCallId: lostCall.linkedid }))?.endedAt != null, 15_000);
    const closed = await calls.findOneByOrFail({ pbx: h.pbx, pbxCallId: lostCall.linkedid });
    assert.equal(closed.outcome, 'answered');
    assert.ok(closed.talkSeconds !== null && closed.talkSeconds <= lostCall.truth.talkMs! / 1000 + 1, `talk ${closed.talkSeconds} s counts time after it was last seen`);
    assert.ok(closed.talkSeconds >= lostCall.truth.talkMs! / 1000 - 2, `talk ${closed.talkSeconds} s: closed long before it was last seen`);
    // The other call is live on the PBX: checks come and go, its row stays open.
    assert.equal((await calls.findOneByOrFail({ pbx: h.pbx, pbxCallId: longCall.linkedid })).endedAt, null);

    // The lost hangups turn up after all: no second row, the closed one unchanged.
    h.server.replyDelayMs = 0;
    h.server.loseEvent = null;
    h.server.broadcast(lost.join(''), { eventsOnly: true });
    await longPlayed;
    await h.settle(10_000);
    const stories = await h.stories();
    assert.equal(stories.length, 2);
    const again = await calls.findOneByOrFail({ pbx: h.pbx, pbxCallId: lostCall.linkedid });
    assert.deepEqual([again.endedAt, again.talkSeconds, again.outcome, again.operatorId], [closed.endedAt, closed.talkSeconds, closed.outcome, ops['106']]);
    const long = stories.find((s) => s.figures.pbxCallId === longCall.linkedid)!;
    assert.equal(long.figures.outcome, 'answered');
    assert.equal(long.figures.operatorExtension, '108');
    near(long.figures.talkSeconds, longCall.truth.talkMs, 'the live call');
  } finally {
    await h.stop();
  }
});

test('the link dies exactly as a call hangs up: after the comeback the call is closed as of the link\'s last sign of life, not of the resync', async () => {
  const h = await startAsteriskHarness(app, { speed: 1 });
  const calls = app.ds.getRepository(CallEntity);
  try {
    const script = inboundCall(h.server.pbx, { caller: { number: '+79161112206', name: 'Обрыв На Отбое' }, attempts: [{ ext: '105', ringMs: 1000, answered: true }], talkMs: 5_000 }, h.server.clock.now());
    const played = h.server.play(script);
    await wait('answered', async () => (await calls.findOneBy({ pbx: h.pbx, pbxCallId: script.linkedid }))?.answeredAt != null);
    // From here on the PBX tells nothing more of this call; at its hangup the link dies for 2.5 s.
    let outage: Promise<void> | undefined;
    h.server.loseEvent = (m) => {
      if (!m.includes(`Linkedid: ${script.linkedid}\r\n`)) return false;
      if (m.startsWith('Event: Hangup\r\n')) outage ??= h.server.refuseConnections(2500, { dropOpen: true });
      return true;
    };
    await played;
    await outage;
    await wait('reconnected', () => h.connector.state().status === 'connected' && h.server.loggedInSessions === 1, 5000);
    h.server.loseEvent = null;
    await h.settle(10_000);
    const row = await calls.findOneByOrFail({ pbx: h.pbx, pbxCallId: script.linkedid });
    assert.equal(row.outcome, 'answered');
    assert.equal(row.operatorId, ops['105']);
    const talk = script.truth.talkMs! / 1000;
    assert.ok(row.talkSeconds !== null && row.talkSeconds <= talk + 1 && row.talkSeconds >= talk - 2, `talk ${row.talkSeconds} s, really ${talk} s`);
  } finally {
    await h.stop();
  }
});
