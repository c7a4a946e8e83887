import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { CallbackEntity, RoutingRuleEntity, UserEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { AgentStateService } from '../../server/modules/agents/agent-state.service';
import { LeadRouter } from '../../server/modules/routing/lead-router.service';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { silentNotifier } from '../../server/realtime/notifier';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, type AmiAction } from '../../telephony/simulator';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Presence end to end: sign-out and closed browsers make operators offline (after a grace for reloads), the
// router skips them, and Break/Offline/Available reach the PBX's queue over AMI — and a pause made on the
// phone comes back into the product. The PBX is the AMI simulator; its queue members are Local/1XX@queue-agents/n.
const GRACE_MS = 800;
const FIXTURE = new URL('../fixtures/asterisk-ami/asterisk-23.4.1/queue-member-ops.jsonl', import.meta.url);
/** The recorded QueueMemberPause events of Asterisk 23.4.1 (agent 102 paused "Lunch", then unpaused). */
const [recordedPause, recordedUnpause] = readFileSync(FIXTURE, 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { data: string }).data)
  .filter((data) => data.startsWith('Event: QueueMemberPause\r\n'));

let server: AmiServer;
let app: TestApp;
let sup: { id: number; token: string };
let mgr: { id: number; token: string };
const actions: AmiAction[] = [];
/** AMI sessions that are not the CRM's (a phone's panel): their actions are not the CRM's. */
const otherSessions = new Set<number>();

before(async () => {
  server = new AmiServer({ username: 'crm', secret: 'presence' });
  const port = await server.listen(0);
  server.on('action', (a) => actions.push(a));
  const pbx = new AsteriskConnector({
    url: `ami://crm:presence@127.0.0.1:${port}`,
    name: 'presence',
    reconnect: { minDelayMs: 100, maxDelayMs: 500 },
    queuePresence: { mode: 'pause', interface: 'Local/{extension}@queue-agents/n', queues: [] },
  });
  app = await startTestApp({ pbx, offlineGraceMs: GRACE_MS });
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  const deadline = Date.now() + 10_000;
  while (pbx.state().status !== 'connected' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
});
after(async () => {
  await app.close();
  await server.close();
});

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const floorState = async (userId: number) => {
  const floor = await app.api('GET', '/api/floor', { token: sup.token });
  assert.equal(floor.status, 200);
  return (floor.body.agents as { id: number; state: string }[]).find((a) => a.id === userId)?.state;
};
const dbState = async (userId: number) => (await app.ds.getRepository(UserEntity).findOneByOrFail({ id: userId })).state;
const pausesOf = (ext: string) =>
  actions.filter((a) => !otherSessions.has(a.sessionId) && a.name === 'QueuePause' && a.message.get('Interface') === `Local/${ext}@queue-agents/n`).map((a) => `${a.message.get('Paused')}${a.message.get('Reason') ? ` ${a.message.get('Reason')}` : ''}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('signing out makes the operator offline at once: the floor shows it, agent:state tells the supervisors, the queue pauses them', async () => {
  const op = await app.user('operator', { extension: '101' });
  const watcher = await connectSocket(app.baseUrl, sup.token);
  const console = await connectSocket(app.baseUrl, op.token);
  try {
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    assert.equal(await floorState(op.id), 'available');
    const logout = await app.api('POST', '/api/auth/logout', { token: op.token });
    assert.equal(logout.status, 204);
    assert.equal(await floorState(op.id), 'offline', 'offline as soon as the sign-out is answered');
    assert.equal(await dbState(op.id), 'offline');
    await waitFor('agent:state offline', () => watcher.of('agent:state').some((e) => e.payload.userId === op.id && e.payload.state === 'offline'));
    await waitFor('queue pause', () => pausesOf('101').at(-1) === 'true Offline');
    assert.ok(server.queueMembers.isAway('101'), 'the PBX no longer rings them');
  } finally {
    watcher.socket.close();
    console.socket.close();
  }
});

test('closing the last browser makes the operator offline after the grace; a reload within it keeps the state', async () => {
  const op = await app.user('operator', { extension: '102' });
  const watcher = await connectSocket(app.baseUrl, sup.token);
  const offlineSeen = () => watcher.of('agent:state').some((e) => e.payload.userId === op.id && e.payload.state === 'offline');
  try {
    // A reload: the tab's socket closes and a new one opens well within the grace.
    const first = await connectSocket(app.baseUrl, op.token);
    assert.deepEqual(await first.socket.emitWithAck('agent:set-state', { state: 'break' }), { ok: true });
    first.socket.close();
    const reloaded = await connectSocket(app.baseUrl, op.token);
    // Two tabs: closing one of them is not leaving either.
    const second = await connectSocket(app.baseUrl, op.token);
    second.socket.close();
    await sleep(GRACE_MS * 3);
    assert.equal(offlineSeen(), false, 'a reload or a second tab closing is not leaving');
    assert.equal(await floorState(op.id), 'break', 'their chosen state stands');

    // The last one closes: offline once the grace is over.
    reloaded.socket.close();
    await waitFor('offline after the grace', offlineSeen);
    await waitFor('the floor shows it', async () => (await floorState(op.id)) === 'offline');
    await waitFor('queue pause', () => pausesOf('102').at(-1) === 'true Offline');
  } finally {
    watcher.socket.close();
  }
});

test('at start, operators the database still has on shift get the grace to reconnect, then go offline', async () => {
  const [away, back] = [await app.user('operator', { extension: '121' }), await app.user('operator', { extension: '122' })];
  // As a stopped node left them: on shift in the database, no socket anywhere.
  for (const u of [away, back]) await app.ds.getRepository(UserEntity).update({ id: u.id }, { state: 'available' });
  app.services.presence.reviewOnShift();
  const returned = await connectSocket(app.baseUrl, back.token);
  try {
    await waitFor('offline after the grace', async () => (await dbState(away.id)) === 'offline');
    await sleep(GRACE_MS);
    assert.equal(await dbState(back.id), 'available', 'the one whose browser came back keeps their state');
  } finally {
    returned.socket.close();
  }
});

test('the lead router never hands a callback to an operator who signed out or whose browser is gone', async () => {
  const [gone, signedOut, here] = [await app.user('operator', { extension: '111' }), await app.user('operator', { extension: '112' }), await app.user('operator', { extension: '113' })];
  const owner = await app.user('operator');
  const teamId = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name: 'Presence team' } })).body.id as number;
  for (const u of [gone, signedOut, here, owner]) await app.ds.getRepository(UserEntity).update({ id: u.id }, { teamId });
  const sockets = await Promise.all([gone, signedOut, here].map((u) => connectSocket(app.baseUrl, u.token)));
  try {
    for (const s of sockets) assert.deepEqual(await s.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    sockets[0]!.socket.close();
    assert.equal((await app.api('POST', '/api/auth/logout', { token: signedOut.token })).status, 204);
    await waitFor('the closed browser counts as gone', async () => (await dbState(gone.id)) === 'offline');

    const client = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Клиент присутствия', phones: ['+79161230001'] } })).body.id as number;
    const rule = await app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: 'presence rr', graceMinutes: 10, action: { type: 'round_robin', teamId } } });
    assert.equal(rule.status, 201);
    const now = new Date();
    const late = new Date(Date.now() - 30 * 60_000);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { identifiers } = await app.ds.getRepository(CallbackEntity).insert({ clientId: client, assigneeId: owner.id, dueAt: late, originCallId: null, status: 'pending', priority: 0, note: null, reassignCount: 0, version: 1, createdById: null, createdAt: now, updatedAt: now, completedAt: null });
      ids.push(identifiers[0]!.id as number);
    }
    await new LeadRouter(app.ds, app.services.routingRules, silentNotifier, createLogger('silent'), () => new Date()).route(ids);
    const assignees = await Promise.all(ids.map(async (id) => (await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id })).assigneeId));
    assert.deepEqual(assignees, [here.id, here.id, here.id, here.id], 'only the operator who is really there gets them');
    await app.ds.getRepository(RoutingRuleEntity).delete({ id: rule.body.id });
  } finally {
    for (const s of sockets) s.socket.close();
  }
});

test('Break pauses the operator in the PBX queue and Available unpauses (QueuePause on the wire); the PBX’s echo changes nothing', async () => {
  const op = await app.user('operator', { extension: '103' });
  const console = await connectSocket(app.baseUrl, op.token);
  try {
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'break' }), { ok: true });
    await waitFor('paused on the PBX', () => pausesOf('103').at(-1) === 'true Break');
    assert.ok(server.queueMembers.isAway('103'));
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    await waitFor('unpaused on the PBX', () => pausesOf('103').at(-1) === 'false');
    assert.ok(!server.queueMembers.isAway('103'));
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'offline' }), { ok: true });
    await waitFor('paused as offline', () => pausesOf('103').at(-1) === 'true Offline');
    assert.deepEqual(pausesOf('103'), ['true Break', 'false', 'true Offline']);
    // The QueueMemberPause echoes of those actions do not turn Offline into Break.
    await sleep(300);
    assert.equal(await floorState(op.id), 'offline');
    assert.deepEqual(console.of('agent:state').map((e) => e.payload.state), ['break', 'available', 'offline']);
  } finally {
    console.socket.close();
  }
});

test('a pause made on the phone (QueueMemberPause from the PBX) shows as Break in the product; unpausing as Available', async () => {
  const op = await app.user('operator', { extension: '104' });
  const watcher = await connectSocket(app.baseUrl, sup.token);
  const console = await connectSocket(app.baseUrl, op.token);
  const states = () => console.of('agent:state').map((e) => e.payload.state);
  try {
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    // Another AMI client (a phone feature code, the PBX's own panel) pauses member 104.
    const { AmiTestClient } = await import('../../telephony/simulator');
    const phone = await AmiTestClient.connect(server.port);
    try {
      await phone.login('crm', 'presence');
      otherSessions.add(server.sessionList().at(-1)!.id);
      const res = await phone.action('QueuePause', { Interface: 'Local/104@queue-agents/n', Paused: 'true', Reason: 'Lunch' });
      assert.equal(res.get('Response'), 'Success');
      await waitFor('break from the phone', () => states().at(-1) === 'break');
      assert.ok(watcher.of('agent:state').some((e) => e.payload.userId === op.id && e.payload.state === 'break'), 'supervisors see it too');
      await waitFor('saved', async () => (await dbState(op.id)) === 'break');
      await phone.action('QueuePause', { Interface: 'Local/104@queue-agents/n', Paused: 'false' });
      await waitFor('available from the phone', () => states().at(-1) === 'available');
    } finally {
      phone.close();
    }
    assert.deepEqual(pausesOf('104'), ['false'], 'the CRM itself only made them available (before the phone paused them)');
  } finally {
    watcher.socket.close();
    console.socket.close();
  }
});

test('the recorded Asterisk 23 QueueMemberPause events (interface Local/102@queue-members/n, reason Lunch) drive the state', async () => {
  const op = await app.user('operator', { extension: '105' });
  // The recording is of agent 102; here it is agent 105's (same shape, other interface).
  const as105 = (frame: string) => frame.replaceAll('Local/102@queue-members/n', 'Local/105@queue-members/n').replaceAll('hint:102@', 'hint:105@');
  const console = await connectSocket(app.baseUrl, op.token);
  const states = () => console.of('agent:state').map((e) => e.payload.state);
  try {
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    server.broadcast(as105(recordedPause!), { eventsOnly: true });
    await waitFor('break', () => states().at(-1) === 'break');
    server.broadcast(as105(recordedUnpause!), { eventsOnly: true });
    await waitFor('available', () => states().at(-1) === 'available');
    // Signed out, a phone's unpause does not sign them back in.
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'offline' }), { ok: true });
    server.broadcast(as105(recordedPause!), { eventsOnly: true });
    server.broadcast(as105(recordedUnpause!), { eventsOnly: true });
    await sleep(300);
    assert.equal(states().at(-1), 'offline');
    assert.equal(await floorState(op.id), 'offline');
  } finally {
    console.socket.close();
  }
});

test('after a PBX restart (which forgets pauses) the operators’ choices are set in the queue again', async () => {
  const op = await app.user('operator', { extension: '106' });
  const console = await connectSocket(app.baseUrl, op.token);
  try {
    assert.deepEqual(await console.socket.emitWithAck('agent:set-state', { state: 'break' }), { ok: true });
    await waitFor('paused', () => pausesOf('106').at(-1) === 'true Break');
    const sent = pausesOf('106').length;
    const relogin = server.nextLogin();
    await server.restart(300);
    assert.ok(!server.queueMembers.isAway('106'), 'the restarted PBX forgot the pause');
    await relogin;
    await waitFor('paused again', () => pausesOf('106').length > sent && server.queueMembers.isAway('106'));
    assert.equal(pausesOf('106').at(-1), 'true Break');
    assert.equal(await floorState(op.id), 'break');
  } finally {
    console.socket.close();
  }
});

test('an event and a read that both load an operator share one load: the answered call is not lost', async () => {
  const op = await app.user('operator', { extension: '389' });
  const directory = new ExtensionDirectory(app.ds);
  await directory.userIdOf('389'); // warm: the event goes straight to loading the operator
  const agents = new AgentStateService(app.ds, directory, silentNotifier, createLogger('silent'), 60_000);
  try {
    // The answer starts loading the operator first; the reads start theirs after it and finish later. Each
    // load used to replace the map's entry, so the entry the answer had put on_call was thrown away.
    agents.handle({ pbx: 'race', callId: 'r1', at: new Date(), type: 'answered', extension: '389' });
    await new Promise((r) => setImmediate(r)); // the answer's load is on its way to the database
    await Promise.all([agents.stateOf(op.id), agents.stateOf(op.id)]);
    const end = Date.now() + 5_000;
    while ((await agents.stateOf(op.id)) !== 'on_call' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await agents.stateOf(op.id), 'on_call');
  } finally {
    agents.stop();
  }
});
