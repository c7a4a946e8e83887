import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallEntity, ClientEntity, UserEntity, type CallDirection, type CallOutcome } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The contacts report from its daily rollup (contacts_daily) agrees with the same report from the raw calls,
// and a rolled-up day changed later (a late wrap-up, a call written late) is read raw again. Europe/Moscow:
// local midnight is 21:00 UTC the day before. Runs on MariaDB and on SQLite (TEST_DB=sqlite).
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let op3: { id: number; token: string };
let sup: { token: string };
let mgr: { token: string };
let team1: number;
let seq = 0;
const ids: Record<string, number> = {};

async function client(name: string, organization: string | null): Promise<number> {
  const at = new Date('2026-01-01T00:00:00Z');
  const { identifiers } = await app.ds.getRepository(ClientEntity).insert({ kind: 'person', name, nameSearch: name.toLowerCase(), organization, source: null, stage: 'lead', revenue: 0, createdAt: at, updatedAt: at, deletedAt: null });
  return identifiers[0]!.id as number;
}

async function call(operatorId: number, startedAt: Date | string, direction: CallDirection, outcome: CallOutcome, extra: { disposition?: string | null; talk?: number | null; clientId?: number | null } = {}): Promise<number> {
  const at = new Date(startedAt);
  const { identifiers } = await app.ds.getRepository(CallEntity).insert({
    pbx: 'test', pbxCallId: `cr${++seq}`, direction, externalNumber: null, externalE164: null, clientId: extra.clientId ?? null, operatorId, queue: null,
    startedAt: at, answeredAt: outcome === 'answered' ? at : null, endedAt: new Date(at.getTime() + 1000), ringSeconds: 1, waitSeconds: 1, talkSeconds: extra.talk === undefined ? 60 : extra.talk,
    outcome, disposition: extra.disposition ?? null, note: null, recordingUrl: null, createdAt: at, updatedAt: at,
  });
  return identifiers[0]!.id as number;
}

const report = async (query: string) => {
  const res = await app.api('GET', `/api/reports/contacts?${query}`, { token: sup.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const rolledDays = async () => Number((await app.ds.query("SELECT COUNT(*) AS n FROM contacts_daily WHERE operator_id = 0 AND disposition = ''"))[0].n);
/** The report until it satisfies `ok` (the invalidation after a write runs in the background), at most ~3 s. */
async function reportUntil(query: string, ok: (body: any) => boolean): Promise<any> {
  let body = await report(query);
  for (let i = 0; i < 60 && !ok(body); i++) {
    await new Promise((r) => setTimeout(r, 50));
    body = await report(query);
  }
  return body;
}

const PERIOD = 'from=2026-11-09&to=2026-11-12';
const QUERIES = [PERIOD, `${PERIOD}&clients=1`, 'from=2026-11-10&to=2026-11-10', 'from=2026-11-11&to=2026-11-12'];

before(async () => {
  app = await startTestApp();
  op1 = await app.user('operator');
  op2 = await app.user('operator', { extension: '7702' });
  op3 = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  team1 = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name: 'Rollup team' } })).body.id;
  await app.ds.getRepository(UserEntity).update({ id: op1.id }, { teamId: team1 });
  await app.ds.getRepository(UserEntity).update({ id: op2.id }, { teamId: team1 });
  const a = await client('Anna', 'Acme');
  const b = await client('Boris', 'Acme');
  const c = await client('Clara', null);

  await call(op1.id, '2026-11-09T21:00:00Z', 'inbound', 'answered', { disposition: 'sale', talk: 61, clientId: a }); // 00:00 local on the 10th
  await call(op1.id, '2026-11-09T20:59:59Z', 'outbound', 'answered', { disposition: 'sale', talk: 500, clientId: a }); // 23:59:59 on the 9th
  ids.unwrapped = await call(op1.id, '2026-11-10T10:00:00Z', 'inbound', 'answered', { disposition: null, talk: 30, clientId: b }); // never wrapped up
  await call(op1.id, '2026-11-10T11:00:00Z', 'internal', 'answered', { disposition: 'sale', talk: 300 }); // not a contact
  await call(op1.id, '2026-11-10T12:00:00Z', 'inbound', 'missed', { clientId: a }); // not answered
  await call(op1.id, '2026-11-10T13:00:00Z', 'outbound', 'answered', { disposition: 'not_interested', talk: null, clientId: c }); // no talk time
  await call(op2.id, '2026-11-10T09:00:00Z', 'outbound', 'answered', { disposition: 'info_given', talk: 90, clientId: c });
  await call(op2.id, '2026-11-11T09:00:00Z', 'outbound', 'answered', { disposition: 'callback_promised', talk: 47, clientId: b });
  await call(op3.id, '2026-11-11T20:59:59Z', 'inbound', 'answered', { disposition: 'sale', talk: 45, clientId: a }); // 23:59:59 on the 11th
  await call(op3.id, '2026-11-12T05:00:00Z', 'inbound', 'answered', { disposition: null, talk: 12, clientId: null }); // no client
});
after(async () => {
  await app?.close();
});

test('a rolled-up day and a raw day agree: whole periods, single days, with the team and operator filters', async () => {
  const queries = [...QUERIES, `${PERIOD}&teamId=${team1}`, `${PERIOD}&operatorId=${op1.id}`, `${PERIOD}&operatorId=${op3.id}`];
  const raw = await Promise.all(queries.map(report));
  assert.equal(await rolledDays(), 0, 'nothing rolled up yet');
  assert.equal(raw[0].total.contacts, 8);
  assert.equal(raw[0].total.withoutResult, 2);

  assert.ok((await app.services.contactsDaily.rollUp()) >= 4, 'the past days are rolled up');
  assert.equal(await app.services.contactsDaily.rollUp(), 0, 'and only once');
  assert.ok((await rolledDays()) >= 4);
  const rolled = await Promise.all(queries.map(report));
  for (let i = 0; i < queries.length; i++) assert.deepEqual(rolled[i], raw[i], queries[i]);

  // The report really reads the rollup: a call slipped into a rolled-up day without telling anyone is not
  // seen until that day is dropped (what the call log and the wrap-up do).
  const at = new Date('2026-11-11T10:00:00Z');
  await call(op2.id, at, 'inbound', 'answered', { disposition: 'sale', talk: 10 });
  assert.equal((await report(PERIOD)).total.contacts, 8);
  await app.services.contactsDaily.invalidate([at]);
  const seen = await report(PERIOD);
  assert.equal(seen.total.contacts, 9);
  assert.equal((await app.services.contactsDaily.rollUp()), 1, 'only the dropped day is rolled again');
  assert.deepEqual(await report(PERIOD), seen);
});

test('a period that ends today: the past days from the rollup, today from the calls', async () => {
  const now = new Date();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(now);
  await app.services.contactsDaily.rollUp();
  const query = `from=2026-11-09&to=${today}`;
  const before = await report(query);
  await call(op3.id, new Date(now.getTime() - 1000), 'inbound', 'answered', { disposition: 'sale', talk: 20 });
  const after = await report(query);
  assert.equal(after.total.contacts, before.total.contacts + 1);
  assert.equal(after.total.effective, before.total.effective + 1);
  assert.equal(await app.services.contactsDaily.rollUp(), 0, 'today is never rolled up');
});

test('a late wrap-up of a rolled-up day is seen at once; a changed effective code needs no rebuild', async () => {
  await app.services.contactsDaily.rollUp();
  const before = await report(PERIOD);
  const op1Before = before.items.find((i: { operatorId: number }) => i.operatorId === op1.id);
  const res = await app.api('PATCH', `/api/calls/${ids.unwrapped}`, { token: op1.token, body: { disposition: 'sale', note: 'late' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const after = await reportUntil(PERIOD, (b) => b.total.withoutResult === before.total.withoutResult - 1);
  assert.equal(after.total.withoutResult, before.total.withoutResult - 1);
  assert.equal(after.total.effective, before.total.effective + 1);
  const op1After = after.items.find((i: { operatorId: number }) => i.operatorId === op1.id);
  assert.equal(op1After.effective, op1Before.effective + 1);
  assert.equal(op1After.withoutResult, op1Before.withoutResult - 1);
  // Rolled again, the figures stay.
  assert.ok((await app.services.contactsDaily.rollUp()) >= 1);
  assert.deepEqual(await report(PERIOD), after);

  // The manager makes 'not_interested' effective: the rolled-up days count it at once (the code is a rollup key).
  const rolledBefore = await rolledDays();
  const patch = await app.api('PATCH', '/api/dispositions/not_interested', { token: mgr.token, body: { effective: true } });
  assert.equal(patch.status, 200, JSON.stringify(patch.body));
  const counted = await reportUntil(PERIOD, (b) => b.total.effective === after.total.effective + 1);
  assert.equal(counted.total.effective, after.total.effective + 1, 'the one not_interested contact is now effective');
  assert.equal(await rolledDays(), rolledBefore, 'no day was dropped');
  await app.api('PATCH', '/api/dispositions/not_interested', { token: mgr.token, body: { effective: false } });
});

test('a call of a rolled-up day written late by the call log drops that day', async () => {
  await app.services.contactsDaily.rollUp();
  const before = await report(PERIOD);
  const start = new Date('2026-11-11T15:00:00Z');
  const callId = `late-${Date.now()}`;
  const at = (s: number) => new Date(start.getTime() + s * 1000);
  app.services.callLog.handle({ pbx: 'test', callId, at: at(0), type: 'started', direction: 'inbound', externalNumber: '+74951234567', externalName: null, extension: null });
  app.services.callLog.handle({ pbx: 'test', callId, at: at(5), type: 'answered', extension: '7702' });
  app.services.callLog.handle({ pbx: 'test', callId, at: at(65), type: 'ended', cause: 'answered' });
  const after = await reportUntil(PERIOD, (b) => b.total.contacts === before.total.contacts + 1);
  assert.equal(after.total.contacts, before.total.contacts + 1, JSON.stringify(after.total));
});

test('clients=0 leaves out the top lists; /reports/contacts/top gives them, as the full report does', async () => {
  const full = await report(`${PERIOD}&clients=5`);
  const lean = await report(`${PERIOD}&clients=0`);
  assert.deepEqual(lean.clients, []);
  assert.deepEqual(lean.organizations, []);
  assert.deepEqual({ ...lean, clients: full.clients, organizations: full.organizations }, full);
  const top = await app.api('GET', `/api/reports/contacts/top?${PERIOD}&clients=5`, { token: sup.token });
  assert.equal(top.status, 200);
  assert.deepEqual(top.body, { from: full.from, to: full.to, range: full.range, clients: full.clients, organizations: full.organizations });
  assert.ok(full.clients.length >= 3);
  assert.deepEqual(full.organizations.map((o: { organization: string }) => o.organization), ['Acme']);
  const team = await app.api('GET', `/api/reports/contacts/top?${PERIOD}&teamId=${team1}`, { token: sup.token });
  assert.deepEqual(team.body.clients.map((c: { clientId: number; contacts: number }) => c.contacts).reduce((a: number, b: number) => a + b, 0), (await report(`${PERIOD}&teamId=${team1}`)).clients.reduce((a: number, c: { contacts: number }) => a + c.contacts, 0));
  const csv = await fetch(`${app.baseUrl}/api/reports/contacts/top?${PERIOD}&format=csv`, { headers: { authorization: `Bearer ${sup.token}` } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', /contacts-top-2026-11-09-2026-11-12\.csv/);
  assert.equal((await app.api('GET', `/api/reports/contacts/top?${PERIOD}`, { token: op1.token })).status, 403);
  assert.equal((await app.api('GET', `/api/reports/contacts/top?${PERIOD}&clients=101`, { token: sup.token })).status, 400);

  // Calls of a client id with no client row take no place in the list: it is still full.
  for (let i = 0; i < 5; i++) await call(op2.id, `2026-11-11T1${i}:30:00Z`, 'inbound', 'answered', { clientId: 999_999 });
  const one = await app.api('GET', `/api/reports/contacts/top?${PERIOD}&clients=1`, { token: sup.token });
  assert.deepEqual(one.body.clients, [full.clients[0]]);
});
