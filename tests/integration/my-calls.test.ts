import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallEntity, CallLegEntity, type CallRow } from '../../server/db/entities';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The console's rebuild after a reload (the operator's calls in progress and wrap-ups owed), "My calls
// today", click-to-call phases on the operator's socket, the pool's "Take it" and callbacks from the card.
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let sup: { id: number; token: string };
let mgr: { id: number; token: string };
let clientId: number;
let otherClientId: number;

const HOUR = 3_600_000;
let seq = 0;

async function insertCall(values: Partial<CallRow>): Promise<number> {
  const now = new Date();
  const started = values.startedAt ?? new Date(Date.now() - HOUR);
  const res = await app.ds.getRepository(CallEntity).insert({
    pbx: 'mine',
    pbxCallId: `c-${process.pid}-${++seq}`,
    direction: 'inbound',
    externalNumber: '+79161112233',
    externalE164: '+79161112233',
    clientId,
    operatorId: op1.id,
    queue: 'hotline',
    startedAt: started,
    answeredAt: new Date(started.getTime() + 5_000),
    endedAt: new Date(started.getTime() + 65_000),
    ringSeconds: 5,
    waitSeconds: 5,
    talkSeconds: 60,
    outcome: 'answered',
    disposition: null,
    note: null,
    recordingUrl: null,
    createdAt: now,
    updatedAt: now,
    ...values,
  });
  return res.identifiers[0]!.id as number;
}

const waitFor = async (what: string, check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

before(async () => {
  app = await startTestApp();
  op1 = await app.user('operator', { extension: '301' });
  op2 = await app.user('operator', { extension: '302' });
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  const c = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Анна Смирнова', phones: ['+7 916 111-22-33'] } });
  assert.equal(c.status, 201);
  clientId = c.body.id;
  const o = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Пётр Иванов', phones: ['+7 916 444-55-66'] } });
  otherClientId = o.body.id;
});
after(async () => {
  await app?.close();
});

test('a reloaded console gets back the call in progress (with the card) and the wrap-ups still owed', async () => {
  const history = await insertCall({ startedAt: new Date(Date.now() - 5 * 86_400_000), disposition: 'sale', note: 'Старый звонок' });
  const owed = await insertCall({ startedAt: new Date(Date.now() - 2 * HOUR) });
  const done = await insertCall({ startedAt: new Date(Date.now() - 90 * 60_000), disposition: 'info_given' });
  const missedOutbound = await insertCall({ direction: 'outbound', startedAt: new Date(Date.now() - 80 * 60_000), answeredAt: null, talkSeconds: null, outcome: 'no_answer' });
  const colleagues = await insertCall({ operatorId: op2.id, startedAt: new Date(Date.now() - 70 * 60_000) });
  // Transferred to operator 1: the row's operator is the colleague who answered; operator 1's leg says they talked.
  const transferred = await insertCall({ operatorId: op2.id, startedAt: new Date(Date.now() - 60 * 60_000), clientId: otherClientId, externalNumber: '+79164445566', externalE164: '+79164445566' });
  const tRow = await app.ds.getRepository(CallEntity).findOneByOrFail({ id: transferred });
  await app.ds.getRepository(CallLegEntity).insert([
    { pbx: tRow.pbx, pbxCallId: tRow.pbxCallId, legNo: 1, extension: '302', operatorId: op2.id, ringStartedAt: tRow.startedAt, answeredAt: tRow.answeredAt, endedAt: tRow.endedAt, ringSeconds: 5, talkSeconds: 20, outcome: 'answered' },
    { pbx: tRow.pbx, pbxCallId: tRow.pbxCallId, legNo: 2, extension: '301', operatorId: op1.id, ringStartedAt: tRow.startedAt, answeredAt: tRow.answeredAt, endedAt: tRow.endedAt, ringSeconds: 0, talkSeconds: 40, outcome: 'transferred_in' },
  ]);
  const active = await insertCall({ startedAt: new Date(Date.now() - 60_000), answeredAt: new Date(Date.now() - 50_000), endedAt: null, talkSeconds: null, outcome: null });

  const open = await app.api('GET', '/api/calls/mine/open', { token: op1.token });
  assert.equal(open.status, 200, JSON.stringify(open.body));
  assert.deepEqual(open.body.active.map((c: { call: { id: number } }) => c.call.id), [active]);
  const current = open.body.active[0];
  // The same shape as the pop the ring gave: who, the card and the history (the call itself left out).
  assert.equal(current.extension, '301');
  assert.equal(current.direction, 'inbound');
  assert.equal(current.externalNumber, '+79161112233');
  assert.equal(current.client.id, clientId);
  assert.equal(current.client.name, 'Анна Смирнова');
  assert.ok(current.recentCalls.some((c: { id: number }) => c.id === history), 'the client’s history');
  assert.ok(!current.recentCalls.some((c: { id: number }) => c.id === active), 'not the call itself');
  assert.ok(Array.isArray(current.openCallbacks));
  assert.equal(current.call.answeredAt !== null, true);
  assert.equal(current.call.endedAt, null);

  const owedIds = open.body.wrapUps.map((c: { call: { id: number } }) => c.call.id);
  assert.deepEqual(owedIds, [owed, transferred], 'answered, over, no result yet: oldest first, the transferred-in one included');
  assert.equal(open.body.wrapUps[1].client.id, otherClientId);
  for (const id of [done, missedOutbound, colleagues, history]) assert.ok(!owedIds.includes(id), `call ${id} owes nothing`);

  // Operator 2 gets their own: the colleague's call, and the transferred one they answered first.
  const open2 = await app.api('GET', '/api/calls/mine/open', { token: op2.token });
  assert.deepEqual(open2.body.active, []);
  assert.deepEqual(open2.body.wrapUps.map((c: { call: { id: number } }) => c.call.id).sort(), [colleagues, transferred].sort());

  // A result saved: it is owed no more.
  assert.equal((await app.api('PATCH', `/api/calls/${owed}`, { token: op1.token, body: { disposition: 'sale', note: 'Купила' } })).status, 200);
  const again = await app.api('GET', '/api/calls/mine/open', { token: op1.token });
  assert.deepEqual(again.body.wrapUps.map((c: { call: { id: number } }) => c.call.id), [transferred]);
  // Wrap it up now so later tests start clean.
  assert.equal((await app.api('PATCH', `/api/calls/${transferred}`, { token: op1.token, body: { disposition: 'info_given' } })).status, 200);
  await app.ds.getRepository(CallEntity).update({ id: active }, { endedAt: new Date(), outcome: 'answered', disposition: 'sale' });
});

test('"My calls today": in progress and without a result first, then newest first; only the operator’s own', async () => {
  const since = new Date(Date.now() - 6 * HOUR);
  const older = await insertCall({ startedAt: new Date(Date.now() - 5 * HOUR), disposition: 'sale' });
  const unresolvedOld = await insertCall({ startedAt: new Date(Date.now() - 4 * HOUR) });
  const newer = await insertCall({ startedAt: new Date(Date.now() - 30 * 60_000), disposition: 'not_interested', note: 'Не интересно' });
  const unresolvedNew = await insertCall({ startedAt: new Date(Date.now() - 20 * 60_000) });
  const live = await insertCall({ startedAt: new Date(Date.now() - 60_000), endedAt: null, talkSeconds: null, outcome: null });
  const yesterday = await insertCall({ startedAt: new Date(Date.now() - 8 * HOUR) });

  const res = await app.api('GET', `/api/calls/mine?from=${encodeURIComponent(since.toISOString())}`, { token: op1.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const ids = res.body.items.map((c: { id: number }) => c.id);
  const mine = [live, unresolvedNew, unresolvedOld];
  assert.deepEqual(ids.slice(0, 3), mine, 'in progress, then the ones owing a result, newest first');
  assert.ok(ids.indexOf(newer) < ids.indexOf(older), 'the rest newest first');
  assert.ok(!ids.includes(yesterday), 'before `from`: not today’s');
  const first = res.body.items[0];
  assert.equal(first.inProgress, true);
  assert.equal(first.clientName, 'Анна Смирнова');
  assert.equal(res.body.items[1].needsResult, true);
  assert.equal(res.body.items.find((c: { id: number }) => c.id === newer).needsResult, false);
  assert.equal(res.body.items.find((c: { id: number }) => c.id === newer).note, 'Не интересно');
  assert.equal(res.body.unresolved, 2);
  assert.equal(res.body.total, ids.length);

  const other = await app.api('GET', `/api/calls/mine?from=${encodeURIComponent(since.toISOString())}`, { token: op2.token });
  assert.ok(!other.body.items.some((c: { id: number }) => mine.includes(c.id)), 'a colleague does not see them');

  assert.equal((await app.api('GET', '/api/calls/mine?from=2020-01-01T00:00:00Z', { token: op1.token })).status, 400, 'a week at most');
  assert.equal((await app.api('GET', '/api/calls/mine?from=yesterday', { token: op1.token })).status, 400);
  assert.equal((await app.api('GET', '/api/calls/mine')).status, 401);

  // One row opens as a pop for its wrap-up; a colleague's call does not.
  const pop = await app.api('GET', `/api/calls/${unresolvedOld}/pop`, { token: op1.token });
  assert.equal(pop.status, 200);
  assert.equal(pop.body.call.id, unresolvedOld);
  assert.equal(pop.body.client.name, 'Анна Смирнова');
  assert.equal((await app.api('GET', `/api/calls/${unresolvedOld}/pop`, { token: op2.token })).status, 403);
  assert.equal((await app.api('GET', `/api/calls/${unresolvedOld}/pop`, { token: sup.token })).status, 200);
  assert.equal((await app.api('GET', '/api/calls/999999999/pop', { token: op1.token })).status, 404);
  await app.ds.getRepository(CallEntity).update({ id: live }, { endedAt: new Date(), outcome: 'answered', disposition: 'sale' });
  for (const id of [unresolvedOld, unresolvedNew, yesterday]) await app.ds.getRepository(CallEntity).update({ id }, { disposition: 'sale' });
});

test('click-to-call: the operator hears that the client is being rung, and of an answer that came before the pop', async () => {
  const sock = await connectSocket(app.baseUrl, op1.token);
  try {
    const at = Date.now();
    const callId = `c2c-${process.pid}`;
    const base = { pbx: 'mine', callId };
    // started and answered in one go: the answer comes while the pop is still being built.
    app.services.callLog.handle({ ...base, at: new Date(at), type: 'started', direction: 'outbound', externalNumber: '+79164445566', externalName: null, extension: '301' });
    app.services.callLog.handle({ ...base, at: new Date(at + 10), type: 'answered', extension: null });
    await waitFor('the pop', () => sock.of('screenpop').some((p) => p.payload.callId === callId));
    await waitFor('the answer after the pop', () => sock.of('call:update').some((u) => u.payload.callId === callId && u.payload.state === 'answered'));
    const answered = sock.of('call:update').find((u) => u.payload.callId === callId && u.payload.state === 'answered')!;
    assert.equal(answered.payload.extension, null, 'the far end answered');

    // A second click-to-call: the pop first, then the client's phone rings (the operator is on the line).
    const callId2 = `c2c-${process.pid}-2`;
    app.services.callLog.handle({ pbx: 'mine', callId: callId2, at: new Date(), type: 'started', direction: 'outbound', externalNumber: '+79164445566', externalName: null, extension: '301' });
    await waitFor('the second pop', () => sock.of('screenpop').some((p) => p.payload.callId === callId2));
    app.services.callLog.handle({ pbx: 'mine', callId: callId2, at: new Date(), type: 'ringing', extension: null });
    app.services.callLog.handle({ pbx: 'mine', callId: callId2, at: new Date(), type: 'ring_stopped', extension: null });
    app.services.callLog.handle({ pbx: 'mine', callId: callId2, at: new Date(), type: 'ended', cause: 'busy' });
    await waitFor('the end', () => sock.of('call:update').some((u) => u.payload.callId === callId2 && u.payload.state === 'ended'));
    const states = sock.of('call:update').filter((u) => u.payload.callId === callId2).map((u) => `${u.payload.state}:${u.payload.extension ?? u.payload.outcome}`);
    assert.deepEqual(states, ['ringing:null', 'ended:busy']);
    app.services.callLog.handle({ ...base, at: new Date(), type: 'ended', cause: 'answered' });
    await app.services.callLog.flush();
    await app.ds.getRepository(CallEntity).update({ pbx: 'mine', pbxCallId: callId }, { disposition: 'sale' });
  } finally {
    sock.socket.close();
  }
});

test('pool callbacks: the team sees them before they are due, one operator takes each; a second gets 409', async () => {
  const due = new Date(Date.now() + 2 * HOUR).toISOString();
  const created = await app.api('POST', '/api/callbacks', { token: mgr.token, body: { clientId, assigneeId: null, dueAt: due, note: 'Пропущенный с неизвестного' } });
  assert.equal(created.status, 201);
  const id = created.body.id;

  for (const who of [op1, op2, sup]) {
    const pool = await app.api('GET', '/api/callbacks?pool=true&status=pending', { token: who.token });
    assert.equal(pool.status, 200);
    assert.ok(pool.body.items.some((c: { id: number }) => c.id === id), 'the pool lists it before it is overdue');
  }
  // An operator may not edit a pool callback without taking it, nor give it to a colleague.
  assert.equal((await app.api('PATCH', `/api/callbacks/${id}`, { token: op1.token, body: { note: 'x' } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/callbacks/${id}`, { token: op1.token, body: { assigneeId: op2.id } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/callbacks/${id}`, { token: op1.token, body: { assigneeId: op1.id, note: 'x' } })).status, 403);

  // Both press "Take it" at once: one wins, the other is told clearly.
  const [a, b] = await Promise.all([op1, op2].map((who) => app.api('PATCH', `/api/callbacks/${id}`, { token: who.token, body: { assigneeId: who.id } })));
  const results = [a!, b!];
  const won = results.filter((r) => r.status === 200);
  const lost = results.filter((r) => r.status === 409);
  assert.equal(won.length, 1, JSON.stringify(results.map((r) => [r.status, r.body])));
  assert.equal(lost.length, 1);
  assert.equal(lost[0]!.body.error.code, 'already_taken');
  assert.match(lost[0]!.body.error.message, /took this callback first/);
  const winner = won[0]!.body;
  assert.ok([op1.id, op2.id].includes(winner.assigneeId));
  assert.equal(winner.dueAt, due, 'the promised time stands');
  assert.equal(winner.history.at(-1).fromId, null);
  assert.equal(winner.history.at(-1).toId, winner.assigneeId);
  const loser = winner.assigneeId === op1.id ? op2 : op1;
  // Taken: it left the pool; the loser cannot take it from the winner either.
  const pool = await app.api('GET', '/api/callbacks?pool=true&status=pending', { token: loser.token });
  assert.ok(!pool.body.items.some((c: { id: number }) => c.id === id));
  const again = await app.api('PATCH', `/api/callbacks/${id}`, { token: loser.token, body: { assigneeId: loser.id } });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'already_taken');
  assert.equal(again.body.error.details.assigneeId, winner.assigneeId);
  assert.equal((await app.api('PATCH', `/api/callbacks/${id}`, { token: loser.token, body: { note: 'x' } })).status, 403, 'nor edit it');
  // A colleague's own callback (never in the pool) cannot be grabbed: 403, not a race.
  const own = await app.api('POST', '/api/callbacks', { token: op2.token, body: { clientId, assigneeId: op2.id, dueAt: due } });
  assert.equal((await app.api('PATCH', `/api/callbacks/${own.body.id}`, { token: op1.token, body: { assigneeId: op1.id } })).status, 403);

  // A closed pool callback cannot be taken.
  const closed = await app.api('POST', '/api/callbacks', { token: mgr.token, body: { clientId, assigneeId: null, dueAt: due } });
  assert.equal((await app.api('PATCH', `/api/callbacks/${closed.body.id}`, { token: sup.token, body: { status: 'cancelled' } })).status, 200);
  const late = await app.api('PATCH', `/api/callbacks/${closed.body.id}`, { token: op1.token, body: { assigneeId: op1.id } });
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'not_pending');
});

test('callbacks from the client card: an operator lists a client’s callbacks, schedules and reschedules their own', async () => {
  const due = new Date(Date.now() + 3 * HOUR);
  const mine = await app.api('POST', '/api/callbacks', { token: op1.token, body: { clientId: otherClientId, assigneeId: op1.id, dueAt: due.toISOString(), note: 'Обсудить договор' } });
  assert.equal(mine.status, 201);
  const theirs = await app.api('POST', '/api/callbacks', { token: op2.token, body: { clientId: otherClientId, assigneeId: op2.id, dueAt: due.toISOString(), note: 'Личная заметка коллеги' } });
  assert.equal(theirs.status, 201);

  const list = await app.api('GET', `/api/callbacks?clientId=${otherClientId}&status=pending`, { token: op1.token });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.deepEqual(list.body.items.map((c: { id: number }) => c.id).sort(), [mine.body.id, theirs.body.id].sort());
  const byId = new Map(list.body.items.map((c: { id: number; note: string | null; assigneeId: number }) => [c.id, c]));
  assert.equal((byId.get(mine.body.id) as { note: string }).note, 'Обсудить договор');
  assert.equal((byId.get(theirs.body.id) as { assigneeId: number }).assigneeId, op2.id, 'who calls back is shown');
  assert.equal((byId.get(theirs.body.id) as { note: string | null }).note, null, 'a colleague’s note is not');
  const sees = await app.api('GET', `/api/callbacks?clientId=${otherClientId}&status=pending`, { token: sup.token });
  assert.ok(sees.body.items.some((c: { note: string | null }) => c.note === 'Личная заметка коллеги'), 'a supervisor reads it');

  const later = new Date(due.getTime() + 24 * HOUR).toISOString();
  const moved = await app.api('PATCH', `/api/callbacks/${mine.body.id}`, { token: op1.token, body: { dueAt: later } });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.dueAt, later);
  assert.equal(moved.body.assigneeId, op1.id);
  assert.equal((await app.api('PATCH', `/api/callbacks/${theirs.body.id}`, { token: op1.token, body: { dueAt: later } })).status, 403, 'a colleague’s stays theirs');
  // Operators still cannot list a colleague's callbacks wholesale.
  assert.equal((await app.api('GET', `/api/callbacks?assigneeId=${op2.id}`, { token: op1.token })).status, 403);
});

test('a console opened while the phone still rings gets the pop again, acknowledged or not; not once it is answered', async () => {
  const first = await connectSocket(app.baseUrl, op1.token);
  const callId = `ring-${process.pid}`;
  const at = Date.now();
  try {
    app.services.callLog.handle({ pbx: 'mine', callId, at: new Date(at), type: 'started', direction: 'inbound', externalNumber: '+79161112233', externalName: null, extension: null });
    app.services.callLog.handle({ pbx: 'mine', callId, at: new Date(at + 10), type: 'ringing', extension: '301' });
    await waitFor('the pop', () => first.of('screenpop').some((p) => p.payload.callId === callId));
    await new Promise((r) => setTimeout(r, 200)); // the acknowledgement reaches the server
  } finally {
    first.socket.close();
  }
  // The page was reloaded while it rings: the new socket gets the ringing call's pop.
  const reloaded = await connectSocket(app.baseUrl, op1.token);
  try {
    await waitFor('the pop again', () => reloaded.of('screenpop').some((p) => p.payload.callId === callId));
    assert.equal(reloaded.of('screenpop').find((p) => p.payload.callId === callId)!.payload.client.id, clientId);
  } finally {
    reloaded.socket.close();
  }
  app.services.callLog.handle({ pbx: 'mine', callId, at: new Date(at + 2000), type: 'answered', extension: '301' });
  await app.services.callLog.flush();
  const later = await connectSocket(app.baseUrl, op1.token);
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(later.of('screenpop').filter((p) => p.payload.callId === callId).length, 0, 'answered: the console rebuilds it from the call log instead');
    const open = await app.api('GET', '/api/calls/mine/open', { token: op1.token });
    assert.ok(open.body.active.some((c: { callId: string }) => c.callId === callId));
  } finally {
    later.socket.close();
  }
  app.services.callLog.handle({ pbx: 'mine', callId, at: new Date(at + 5000), type: 'ended', cause: 'answered' });
  await app.services.callLog.flush();
  await app.ds.getRepository(CallEntity).update({ pbx: 'mine', pbxCallId: callId }, { disposition: 'sale' });
});
