import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallEntity, CallbackEntity, ClientEntity, type CallRow } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The manager's result codes: the list and its edits (audited, validated), the wrap-up that accepts only
// active codes and does what each says, and the KPIs that count effective contacts by the list.
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let opK: { id: number; token: string };
let sup: { id: number; token: string };
let mgr: { id: number; token: string };
let clientId: number;
let seq = 0;

const MINUTE = 60_000;

async function insertCall(values: Partial<CallRow> = {}): Promise<number> {
  const now = new Date();
  const started = new Date(Date.now() - 10 * MINUTE);
  const res = await app.ds.getRepository(CallEntity).insert({
    pbx: 'disp',
    pbxCallId: `d-${process.pid}-${++seq}`,
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

const list = async (token: string, query = '') => (await app.api('GET', `/api/dispositions${query}`, { token })).body.items as { code: string; active: boolean; effective: boolean; marksSale: boolean; position: number; names: Record<string, string> }[];

async function waitFor(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

before(async () => {
  app = await startTestApp();
  op1 = await app.user('operator', { extension: '201' });
  op2 = await app.user('operator', { extension: '202' });
  opK = await app.user('operator', { extension: '203' });
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  clientId = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Ольга Смирнова', phones: ['+7 916 111-22-33'] } })).body.id;
  // Every operator is known to the live KPIs (no calls yet, so nothing is counted twice).
  await app.services.kpis.rebuild();
});
after(async () => {
  await app.close();
});

test('the seeded list keeps today’s codes, order and effective flags (busy and no answer after them, for campaigns); names per language; retired only for managers', async () => {
  const res = await app.api('GET', '/api/dispositions', { token: op1.token });
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.items.map((d: { code: string; effective: boolean }) => [d.code, d.effective]),
    [['sale', true], ['callback_promised', true], ['info_given', true], ['not_interested', false], ['wrong_number', false], ['no_decision_maker', false], ['busy', false], ['no_answer', false]],
  );
  const sale = res.body.items[0];
  assert.deepEqual(sale.names, { ru: 'Продажа', uk: 'Продаж', en: 'Sale' });
  assert.deepEqual({ position: sale.position, active: sale.active, closesCallback: sale.closesCallback, opensCallback: sale.opensCallback, marksLost: sale.marksLost, marksSale: sale.marksSale }, { position: 1, active: true, closesCallback: true, opensCallback: false, marksLost: false, marksSale: true });
  assert.equal(res.body.items[1].opensCallback, true);
  assert.equal((await app.api('GET', '/api/dispositions?all=1', { token: op1.token })).status, 403);
  assert.equal((await app.api('GET', '/api/dispositions?all=1', { token: mgr.token })).status, 200);
  assert.equal((await app.api('GET', '/api/dispositions?all=maybe', { token: mgr.token })).status, 400);
});

test('bad input is a 400 and changes nothing; operators cannot edit; a taken code is a 409', async () => {
  const before = await list(mgr.token, '?all=1');
  const names = { ru: 'Встреча', uk: 'Зустріч', en: 'Meeting' };
  const bad: [string, string, unknown][] = [
    ['POST', '/api/dispositions', { code: 'Bad-Code', names }],
    ['POST', '/api/dispositions', { code: 'meeting', names: { ru: 'Встреча' } }],
    ['POST', '/api/dispositions', { code: 'meeting', names: { ...names, ru: '' } }],
    ['POST', '/api/dispositions', { code: 'meeting', names, marksLost: true, marksSale: true }],
    ['POST', '/api/dispositions', { code: 'meeting', names, effective: 'yes' }],
    ['POST', '/api/dispositions', { code: 'meeting', names, colour: 'red' }],
    ['PATCH', '/api/dispositions/sale', {}],
    ['PATCH', '/api/dispositions/sale', { names: {} }],
    ['PATCH', '/api/dispositions/sale', { marksLost: true }],
    ['PATCH', '/api/dispositions/Sale!', { effective: false }],
    ['PUT', '/api/dispositions/order', { codes: ['sale', 'info_given'] }],
    ['PUT', '/api/dispositions/order', { codes: [...before.map((d) => d.code), 'nope'] }],
    ['PUT', '/api/dispositions/order', { codes: [...before.map((d) => d.code), 'sale'] }],
  ];
  for (const [method, path, body] of bad) {
    const res = await app.api(method, path, { token: mgr.token, body });
    assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
  }
  assert.equal((await app.api('PATCH', '/api/dispositions/nope', { token: mgr.token, body: { effective: true } })).status, 404);
  assert.equal((await app.api('POST', '/api/dispositions', { token: op1.token, body: { code: 'meeting', names } })).status, 403);
  assert.equal((await app.api('POST', '/api/dispositions', { token: sup.token, body: { code: 'meeting', names } })).status, 403);
  assert.equal((await app.api('PATCH', '/api/dispositions/sale', { token: op1.token, body: { effective: false } })).status, 403);
  assert.equal((await app.api('PUT', '/api/dispositions/order', { token: op1.token, body: { codes: before.map((d) => d.code).reverse() } })).status, 403);
  assert.equal((await app.api('POST', '/api/dispositions', { token: mgr.token, body: { code: 'sale', names } })).status, 409);
  assert.deepEqual(await list(mgr.token, '?all=1'), before, 'nothing changed');
  const audit = await app.api('GET', '/api/audit?entity=disposition', { token: mgr.token });
  assert.equal(audit.body.total, 0);
});

test('a manager adds, renames, reorders and retires codes; each change is audited', async () => {
  const created = await app.api('POST', '/api/dispositions', { token: mgr.token, body: { code: 'meeting_booked', names: { ru: 'Назначена встреча', uk: 'Призначено зустріч', en: 'Meeting booked' }, effective: true } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual({ code: created.body.code, position: created.body.position, active: created.body.active, effective: created.body.effective, opensCallback: created.body.opensCallback }, { code: 'meeting_booked', position: 9, active: true, effective: true, opensCallback: false });
  assert.equal((await list(op1.token)).at(-1)!.code, 'meeting_booked', 'offered at once (the cache was dropped)');

  const renamed = await app.api('PATCH', '/api/dispositions/meeting_booked', { token: mgr.token, body: { names: { en: 'Meeting set' } } });
  assert.equal(renamed.status, 200);
  assert.deepEqual(renamed.body.names, { ru: 'Назначена встреча', uk: 'Призначено зустріч', en: 'Meeting set' });

  const codes = (await list(mgr.token, '?all=1')).map((d) => d.code);
  const order = ['meeting_booked', ...codes.filter((c) => c !== 'meeting_booked')];
  const reordered = await app.api('PUT', '/api/dispositions/order', { token: mgr.token, body: { codes: order } });
  assert.equal(reordered.status, 200);
  assert.deepEqual((await list(op1.token)).map((d) => d.code), order);
  assert.deepEqual((await list(op1.token)).map((d) => d.position), order.map((_, i) => i + 1));

  const audit = await app.api('GET', '/api/audit?entity=disposition', { token: mgr.token });
  assert.deepEqual(audit.body.items.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`), ['update order', 'update meeting_booked', 'create meeting_booked']);
  assert.equal(audit.body.items[1].before.names.en, 'Meeting booked');
  assert.equal(audit.body.items[1].after.names.en, 'Meeting set');
  assert.equal(audit.body.items[0].actorId, mgr.id);
});

test('a retired code is not offered nor accepted at wrap-up, but old calls keep it and its name', async () => {
  const old = await insertCall({ disposition: 'wrong_number', note: 'Не туда' });
  const fresh = await insertCall();
  const retired = await app.api('PATCH', '/api/dispositions/wrong_number', { token: mgr.token, body: { active: false } });
  assert.equal(retired.status, 200);
  assert.equal(retired.body.active, false);
  assert.ok(!(await list(op1.token)).some((d) => d.code === 'wrong_number'), 'not offered');
  assert.equal((await list(mgr.token, '?all=1')).find((d) => d.code === 'wrong_number')?.active, false, 'managers still see it');

  const refused = await app.api('PATCH', `/api/calls/${fresh}`, { token: op1.token, body: { disposition: 'wrong_number' } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, 'unknown_disposition');
  assert.ok(refused.body.error.details.allowed.includes('sale') && !refused.body.error.details.allowed.includes('wrong_number'), 'the 400 lists the active codes');
  assert.equal((await app.api('PATCH', `/api/calls/${fresh}`, { token: op1.token, body: { disposition: 'made_up' } })).status, 400);
  assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: fresh })).disposition, null);

  // The old call keeps its code; its note can still be saved with it.
  assert.equal((await app.api('GET', `/api/calls/${old}`, { token: op1.token })).body.disposition, 'wrong_number');
  const kept = await app.api('PATCH', `/api/calls/${old}`, { token: op1.token, body: { disposition: 'wrong_number', note: 'Ошиблись номером' } });
  assert.equal(kept.status, 200);
  assert.equal(kept.body.disposition, 'wrong_number');
  const names = await app.api('GET', '/api/dispositions/names', { token: op1.token });
  assert.deepEqual(names.body.items.find((d: { code: string }) => d.code === 'wrong_number'), { code: 'wrong_number', names: { ru: 'Ошибка номера', uk: 'Помилковий номер', en: 'Wrong number' }, active: false });

  // Restored: offered and accepted again.
  assert.equal((await app.api('PATCH', '/api/dispositions/wrong_number', { token: mgr.token, body: { active: true } })).status, 200);
  assert.equal((await app.api('PATCH', `/api/calls/${fresh}`, { token: op1.token, body: { disposition: 'wrong_number' } })).status, 200);
});

test('changing a code’s effective flag moves the effective share in GET /api/kpis, the history and the contacts report', async () => {
  const a = await insertCall({ operatorId: opK.id, clientId: null });
  const b = await insertCall({ operatorId: opK.id, clientId: null });
  assert.equal((await app.api('PATCH', `/api/calls/${a}`, { token: opK.token, body: { disposition: 'info_given' } })).status, 200);
  assert.equal((await app.api('PATCH', `/api/calls/${b}`, { token: opK.token, body: { disposition: 'no_decision_maker' } })).status, 200);
  const share = async () => (await app.api('GET', '/api/kpis?window=today', { token: sup.token })).body.operators.find((o: { id: number }) => o.id === opK.id)?.effectiveShare;
  assert.equal(await share(), 0.5);
  const reported = async () => (await app.api('GET', `/api/reports/contacts?operatorId=${opK.id}`, { token: sup.token })).body.total.effective;
  assert.equal(await reported(), 1);

  assert.equal((await app.api('PATCH', '/api/dispositions/no_decision_maker', { token: mgr.token, body: { effective: true } })).status, 200);
  await waitFor('the live KPIs to count no_decision_maker as effective', async () => (await share()) === 1);
  assert.equal(await reported(), 2, 'the contacts report reads the list too');
  const dayStart = new Date(Date.now() - 3 * 3600_000);
  const history = await app.services.kpiHistory.report(dayStart, new Date());
  assert.equal(history.operators.find((o) => o.id === opK.id)?.effectiveShare, 1);

  assert.equal((await app.api('PATCH', '/api/dispositions/info_given', { token: mgr.token, body: { effective: false } })).status, 200);
  await waitFor('the live KPIs to stop counting info_given', async () => (await share()) === 0.5);
  // Back as seeded, for the tests after this one.
  await app.api('PATCH', '/api/dispositions/info_given', { token: mgr.token, body: { effective: true } });
  await app.api('PATCH', '/api/dispositions/no_decision_maker', { token: mgr.token, body: { effective: false } });
  await waitFor('the flags as seeded', async () => (await share()) === 0.5);
});

test('at wrap-up a code opens a callback (asks for the time), closes the client’s callbacks, marks the client lost', async () => {
  const pending = () => app.ds.getRepository(CallbackEntity).find({ where: { clientId, status: 'pending' }, order: { id: 'ASC' } });
  for (const cb of await pending()) await app.ds.getRepository(CallbackEntity).update({ id: cb.id }, { status: 'cancelled' });
  const colleagues = await app.api('POST', '/api/callbacks', { token: mgr.token, body: { clientId, assigneeId: op2.id, dueAt: new Date(Date.now() + 60 * MINUTE).toISOString() } });
  assert.equal(colleagues.status, 201);

  // callback_promised opens one: without a time it is refused and nothing is saved.
  const x = await insertCall();
  const noTime = await app.api('PATCH', `/api/calls/${x}`, { token: op1.token, body: { disposition: 'callback_promised' } });
  assert.equal(noTime.status, 400);
  assert.equal(noTime.body.error.code, 'callback_time_required');
  assert.equal((await app.api('PATCH', `/api/calls/${x}`, { token: op1.token, body: { disposition: 'callback_promised', callbackAt: new Date(Date.now() - MINUTE).toISOString() } })).status, 400);
  assert.equal((await app.api('PATCH', `/api/calls/${x}`, { token: op1.token, body: { disposition: 'callback_promised', callbackAt: 'tomorrow' } })).status, 400);
  assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: x })).disposition, null);
  const dueAt = new Date(Date.now() + 2 * 3600_000);
  const promised = await app.api('PATCH', `/api/calls/${x}`, { token: op1.token, body: { disposition: 'callback_promised', note: 'Перезвонить после обеда', callbackAt: dueAt.toISOString() } });
  assert.equal(promised.status, 200, JSON.stringify(promised.body));
  let open = await pending();
  assert.equal(open.length, 2, 'callback_promised does not close the colleague’s callback');
  const mine = open.find((c) => c.assigneeId === op1.id)!;
  assert.deepEqual({ originCallId: mine.originCallId, dueAt: mine.dueAt.getTime(), note: mine.note }, { originCallId: x, dueAt: dueAt.getTime(), note: 'Перезвонить после обеда' });

  // A code that does not open one takes a time too (optional); a call without a client cannot.
  const unknown = await insertCall({ clientId: null });
  assert.equal((await app.api('PATCH', `/api/calls/${unknown}`, { token: op1.token, body: { disposition: 'info_given', callbackAt: dueAt.toISOString() } })).status, 400);
  assert.equal((await app.api('PATCH', `/api/calls/${unknown}`, { token: op1.token, body: { disposition: 'callback_promised' } })).status, 200, 'no client, no callback to promise');

  // sale closes every pending callback of the client, the colleague's too.
  const y = await insertCall();
  assert.equal((await app.api('PATCH', `/api/calls/${y}`, { token: op1.token, body: { disposition: 'sale' } })).status, 200);
  open = await pending();
  assert.equal(open.length, 0);
  assert.equal((await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id: colleagues.body.id })).status, 'done');

  // A code set to mark the client lost does so, audited with who and which call.
  assert.equal((await app.api('PATCH', '/api/dispositions/not_interested', { token: mgr.token, body: { marksLost: true } })).status, 200);
  assert.notEqual((await app.ds.getRepository(ClientEntity).findOneByOrFail({ id: clientId })).stage, 'lost');
  const z = await insertCall();
  assert.equal((await app.api('PATCH', `/api/calls/${z}`, { token: op1.token, body: { disposition: 'not_interested' } })).status, 200);
  assert.equal((await app.ds.getRepository(ClientEntity).findOneByOrFail({ id: clientId })).stage, 'lost');
  const audit = await app.api('GET', `/api/audit?entity=client&entityId=${clientId}`, { token: mgr.token });
  const entry = audit.body.items.find((e: { after: { stage?: string } }) => e.after?.stage === 'lost');
  assert.ok(entry, 'the stage change is audited');
  assert.deepEqual({ actorId: entry.actorId, byCallId: entry.after.byCallId, disposition: entry.after.disposition }, { actorId: op1.id, byCallId: z, disposition: 'not_interested' });

  // marksSale is a flag the reports read.
  assert.equal((await list(op1.token)).find((d) => d.code === 'sale')?.marksSale, true);
});
