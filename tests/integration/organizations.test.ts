import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { CallEntity, DealEntity } from '../../server/db/entities';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Organizations and their contact people: the card, the pop by switchboard and by direct line, history
// and A/B/C counted for the organization, and the manager's linking of typed company names.
let server: AmiServer;
let app: TestApp;
let mgr: { id: number; token: string };
let op: { id: number; token: string };

before(async () => {
  server = new AmiServer({ username: 'crm', secret: 'org', speed: 5 });
  const port = await server.listen(0);
  const pbx = new AsteriskConnector({ url: `ami://crm:org@127.0.0.1:${port}`, name: 'org', reconnect: { minDelayMs: 100, maxDelayMs: 500 } });
  app = await startTestApp({ pbx, wrapUpMs: 300 });
  mgr = await app.user('manager');
  op = await app.user('operator', { extension: '121' });
});
after(async () => {
  await app.close();
  await server.close();
});

const post = (path: string, body: unknown, token = mgr.token) => app.api('POST', path, { token, body });
const get = (path: string, token = mgr.token) => app.api('GET', path, { token });
const patch = (path: string, body: unknown, token = mgr.token) => app.api('PATCH', path, { token, body });

let seq = 0;
const phone = () => `+7 495 ${String(3_000_000 + ++seq * 7919).slice(-7)}`;

async function organizationWithPeople(name: string) {
  const org = await post('/api/clients', { kind: 'organization', name, phones: [phone()], emails: ['office@firm.ru'], tags: ['wholesale'] });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const ceo = await post('/api/clients', { name: 'Ирина Соколова', organizationId: org.body.id, position: 'Генеральный директор', phones: [phone()], birthday: '1980-04-12' });
  const buyer = await post('/api/clients', { name: 'Павел Новиков', organizationId: org.body.id, position: 'Менеджер по закупкам', phones: [phone()] });
  assert.equal(ceo.status, 201, JSON.stringify(ceo.body));
  return { org: org.body, ceo: ceo.body, buyer: buyer.body };
}

const call = (clientId: number, number: string, daysAgo: number, talk = 60) => {
  const at = Date.now() - daysAgo * 86400_000;
  return {
    pbx: 'history', pbxCallId: `org-${++seq}`, direction: 'inbound' as const, externalNumber: number, externalE164: number, clientId, operatorId: op.id, queue: 'hotline',
    startedAt: new Date(at), answeredAt: new Date(at + 5000), endedAt: new Date(at + 5000 + talk * 1000), ringSeconds: 5, waitSeconds: 5, talkSeconds: talk,
    outcome: 'answered' as const, disposition: null, note: null, recordingUrl: null, createdAt: new Date(), updatedAt: new Date(),
  };
};

test('a contact person belongs to an organization: its name mirrors, its people list, and a rename follows', async () => {
  const { org, ceo } = await organizationWithPeople('ООО Вектор');
  assert.equal(org.organization, 'ООО Вектор', 'an organization’s text is its own name');
  assert.equal(ceo.organizationId, org.id);
  assert.equal(ceo.organization, 'ООО Вектор');
  assert.equal(ceo.position, 'Генеральный директор');

  const people = await get(`/api/clients?organizationId=${org.id}&sort=name`);
  assert.deepEqual(people.body.items.map((p: { name: string }) => p.name), ['Ирина Соколова', 'Павел Новиков']);

  assert.equal((await patch(`/api/clients/${org.id}`, { name: 'АО Вектор' })).status, 200);
  assert.equal((await get(`/api/clients/${ceo.id}`)).body.organization, 'АО Вектор', 'the person’s text follows the rename');

  // Refusals change nothing.
  const person = await post('/api/clients', { name: 'Не организация' });
  assert.equal((await post('/api/clients', { name: 'X', organizationId: person.body.id })).status, 400, 'a person is not an organization');
  assert.equal((await post('/api/clients', { name: 'X', organizationId: 99_999_999 })).status, 400);
  assert.equal((await post('/api/clients', { kind: 'organization', name: 'Y', organizationId: org.id })).status, 400, 'organizations do not nest');
  assert.equal((await patch(`/api/clients/${org.id}`, { organizationId: org.id })).status, 400);
  assert.equal((await patch(`/api/clients/${org.id}`, { kind: 'person' })).status, 409, 'an organization with people stays one');
  assert.equal((await get(`/api/clients/${org.id}`)).body.kind, 'organization');

  // Unlinking keeps the name as typed text; the audit has the change.
  const unlinked = await patch(`/api/clients/${ceo.id}`, { organizationId: null });
  assert.equal(unlinked.body.organizationId, null);
  assert.equal(unlinked.body.organization, 'АО Вектор');
  const audit = await get(`/api/audit?entity=client&entityId=${ceo.id}`);
  assert.equal(audit.body.items[0].action, 'update');
  assert.equal(audit.body.items[0].before.organizationId, org.id);
});

test('deleting an organization unlinks its people (audited), who keep the name as text', async () => {
  const { org, ceo, buyer } = await organizationWithPeople('ТОВ Світанок');
  assert.equal((await app.api('DELETE', `/api/clients/${org.id}`, { token: mgr.token })).status, 204);
  for (const p of [ceo, buyer]) {
    const after = (await get(`/api/clients/${p.id}`)).body;
    assert.equal(after.organizationId, null);
    assert.equal(after.organization, 'ТОВ Світанок');
    assert.equal((await get(`/api/audit?entity=client&entityId=${p.id}`)).body.items[0].after.organizationId, null);
  }
});

test('an organization’s card reads its people’s calls, deals, notes and callbacks as its own', async () => {
  const { org, ceo, buyer } = await organizationWithPeople('ПАО Север');
  await app.ds.getRepository(CallEntity).insert([call(org.id, org.phones[0].e164, 3), call(ceo.id, ceo.phones[0].e164, 2), call(buyer.id, buyer.phones[0].e164, 1)]);
  assert.equal((await post(`/api/clients/${ceo.id}/deals`, { title: 'Поставка', amount: 50_000, closedAt: '2026-11-20' })).status, 201);
  assert.equal((await post(`/api/clients/${buyer.id}/notes`, { body: 'Закупки по вторникам' })).status, 201);
  const due = new Date(Date.now() + 3600_000).toISOString();
  assert.equal((await post('/api/callbacks', { clientId: buyer.id, assigneeId: op.id, dueAt: due })).status, 201);

  const calls = await get(`/api/calls?organizationId=${org.id}`);
  assert.equal(calls.body.total, 3);
  assert.deepEqual(calls.body.items.map((c: { clientId: number }) => c.clientId), [buyer.id, ceo.id, org.id], 'newest first, the switchboard’s and the people’s');
  assert.equal((await get(`/api/calls?organizationId=${ceo.id}`)).body.total, 1, 'a person’s “organization” is just the person');
  assert.equal((await get(`/api/clients/${org.id}/deals`)).body.items[0].clientId, ceo.id);
  assert.equal((await get(`/api/clients/${org.id}/notes`)).body.items[0].body, 'Закупки по вторникам');
  const callbacks = await get(`/api/callbacks?organizationId=${org.id}`, op.token);
  assert.equal(callbacks.status, 200, 'an operator may read an organization’s callbacks, like a client’s');
  assert.deepEqual(callbacks.body.items.map((c: { clientId: number }) => c.clientId), [buyer.id]);
  assert.equal((await get(`/api/calls?organizationId=abc`)).status, 400);
});

test('A/B/C: a person’s deals count for the organization, and the people take its class', async () => {
  const { org, ceo, buyer } = await organizationWithPeople('ООО Ромашка');
  const today = new Date().toISOString().slice(0, 10);
  const solo = await post('/api/clients', { name: 'Одиночка', phones: [phone()] });
  // 60k through two people beats the 50k of a client alone: the organization is ranked first (A).
  await app.ds.getRepository(DealEntity).insert([
    { clientId: ceo.id, title: 'a', amount: 30_000, closedAt: today, createdById: mgr.id, createdAt: new Date(), status: 'confirmed' },
    { clientId: buyer.id, title: 'b', amount: 30_000, closedAt: today, createdById: mgr.id, createdAt: new Date(), status: 'confirmed' },
    { clientId: solo.body.id, title: 'c', amount: 50_000, closedAt: today, createdById: mgr.id, createdAt: new Date(), status: 'confirmed' },
  ]);
  assert.equal((await app.api('PUT', '/api/settings/abc', { token: mgr.token, body: { shares: [50, 35, 15], periodDays: 30 } })).status, 200);
  const cls = async (id: number) => (await get(`/api/clients/${id}`)).body.abcClass;
  assert.equal(await cls(org.id), 'A');
  assert.equal(await cls(ceo.id), 'A', 'the people take the organization’s class');
  assert.equal(await cls(buyer.id), 'A');
  assert.notEqual(await cls(solo.body.id), 'A');
  const report = await get('/api/reports/abc');
  const listedA = (await get('/api/clients?class=A&limit=200')).body;
  assert.equal(report.body.classes[0].clients, listedA.total, 'class A counts who carry it, as the client list’s class filter finds them');
  for (const id of [org.id, ceo.id, buyer.id]) assert.ok(listedA.items.some((c: { id: number }) => c.id === id));
  // Unlinked, the person ranks alone again.
  await patch(`/api/clients/${buyer.id}`, { organizationId: null });
  await app.api('POST', '/api/clients/abc/recompute', { token: mgr.token });
  assert.notEqual(await cls(buyer.id), null);
});

test('the switchboard pops the organization with its people and everyone’s history; a direct line pops the person with the organization', async () => {
  const { org, ceo } = await organizationWithPeople('ООО ТехноПлюс');
  await app.ds.getRepository(CallEntity).insert([call(ceo.id, ceo.phones[0].e164, 2, 95), call(org.id, org.phones[0].e164, 1, 40)]);
  const a = await connectSocket(app.baseUrl, op.token);
  try {
    assert.deepEqual(await a.socket.emitWithAck('agent:set-state', { state: 'available' }), { ok: true });
    const ring = async (number: string) => {
      const before = a.of('screenpop').length;
      await server.play(inboundCall(server.pbx, { caller: { number, name: '' }, attempts: [{ ext: '121', ringMs: 1500, answered: false }], talkMs: 0 }, server.clock.now()));
      const end = Date.now() + 10_000;
      while (a.of('screenpop').length === before) {
        if (Date.now() > end) throw new Error('no pop');
        await new Promise((r) => setTimeout(r, 20));
      }
      return a.of('screenpop')[before]!.payload;
    };
    const board = await ring(org.phones[0].e164);
    assert.equal(board.client.id, org.id);
    assert.equal(board.organization, null);
    assert.deepEqual(board.people.map((p: { name: string }) => p.name), ['Ирина Соколова', 'Павел Новиков']);
    assert.equal(board.people[0].position, 'Генеральный директор');
    assert.deepEqual(board.recentCalls.map((c: { clientId: number }) => c.clientId), [org.id, ceo.id], 'the people’s calls are in the organization’s history');

    const direct = await ring(ceo.phones[0].e164);
    assert.equal(direct.client.id, ceo.id);
    assert.deepEqual({ id: direct.organization.id, name: direct.organization.name }, { id: org.id, name: 'ООО ТехноПлюс' });
    assert.deepEqual(direct.people, []);
    assert.deepEqual(direct.recentCalls.map((c: { clientId: number }) => c.clientId), [ceo.id]);
  } finally {
    a.socket.close();
  }
});

test('people with only a typed company are offered for linking; the manager links them to a new or an existing organization', async () => {
  const typed = async (name: string, organization: string) => (await post('/api/clients', { name, organization, phones: [phone()] })).body;
  const a1 = await typed('Анна Кузнецова', 'ИП Лебедев');
  const a2 = await typed('Олег Лебедев', 'ИП Лебедев');
  const b1 = await typed('Юлия Попова', 'ООО СтройИнвест');
  const existing = (await post('/api/clients', { kind: 'organization', name: 'ООО СтройИнвест' })).body;

  assert.equal((await get('/api/organizations/unlinked', op.token)).status, 403);
  const offer = await get('/api/organizations/unlinked?limit=200');
  assert.equal(offer.status, 200);
  const lebedev = offer.body.items.find((i: { organization: string }) => i.organization === 'ИП Лебедев');
  assert.deepEqual(lebedev, { organization: 'ИП Лебедев', people: 2, match: null });
  const stroy = offer.body.items.find((i: { organization: string }) => i.organization === 'ООО СтройИнвест');
  assert.deepEqual(stroy.match, { id: existing.id, name: 'ООО СтройИнвест' });

  const made = await post('/api/organizations/link', { organization: 'ИП Лебедев' });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  assert.equal(made.body.created, true);
  assert.equal(made.body.linked, 2);
  const org = (await get(`/api/clients/${made.body.organizationId}`)).body;
  assert.equal(org.kind, 'organization');
  assert.equal(org.name, 'ИП Лебедев');
  for (const p of [a1, a2]) assert.equal((await get(`/api/clients/${p.id}`)).body.organizationId, org.id);
  assert.equal((await get(`/api/audit?entity=client&entityId=${a1.id}`)).body.items[0].after.organizationId, org.id);

  const linked = await post('/api/organizations/link', { organization: 'ООО СтройИнвест', organizationId: existing.id });
  assert.deepEqual(linked.body, { organizationId: existing.id, created: false, linked: 1 });
  assert.equal((await get(`/api/clients/${b1.id}`)).body.organizationId, existing.id);

  // Nothing left to link, a person as the target, bad bodies: clear errors, nothing changes.
  assert.equal((await post('/api/organizations/link', { organization: 'ИП Лебедев' })).status, 404);
  const other = await typed('Пётр Волков', 'ООО Нет Такой');
  assert.equal((await post('/api/organizations/link', { organization: 'ООО Нет Такой', organizationId: a1.id })).status, 400);
  assert.equal((await get(`/api/clients/${other.id}`)).body.organizationId, null);
  assert.equal((await post('/api/organizations/link', { organization: '' })).status, 400);
  assert.equal((await post('/api/organizations/link', { organization: 'x', extra: 1 })).status, 400);
});

test('an import links people to the organization card of their company; others keep the name as typed', async () => {
  const card = (await post('/api/clients', { kind: 'organization', name: 'ООО Медтехника' })).body;
  const existing = (await post('/api/clients', { name: 'Вера Орлова', phones: ['+7 495 777 00 03'] })).body;
  const csv = ['ФИО;Телефон;Компания;Должность', 'Олег Сидоров;+7 495 777 00 01;ооо медтехника;Закупщик', 'Марина Белова;+7 495 777 00 02;ООО Неизвестная;', 'Вера Орлова;+7 495 777 00 03;ООО Медтехника;Главный врач'].join('\r\n');
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode(csv)]), 'people.csv');
  const uploaded = await fetch(`${app.baseUrl}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${mgr.token}` } });
  assert.equal(uploaded.status, 201);
  const { id } = (await uploaded.json()) as { id: number };
  assert.equal((await post(`/api/imports/${id}/commit`, { duplicates: 'fill' })).status, 202);
  for (let i = 0; i < 400 && ['analyzed', 'running'].includes((await get(`/api/imports/${id}`)).body.status); i++) await new Promise((r) => setTimeout(r, 25));
  const result = (await get(`/api/imports/${id}`)).body;
  assert.deepEqual({ status: result.status, created: result.created, updated: result.updated }, { status: 'done', created: 2, updated: 1 });

  const byPhone = async (phone: string) => (await get(`/api/clients?phone=${encodeURIComponent(phone)}`)).body.items[0];
  const oleg = await byPhone('+74957770001');
  assert.deepEqual({ organizationId: oleg.organizationId, organization: oleg.organization, position: oleg.position }, { organizationId: card.id, organization: 'ООО Медтехника', position: 'Закупщик' });
  const marina = await byPhone('+74957770002');
  assert.deepEqual({ organizationId: marina.organizationId, organization: marina.organization }, { organizationId: null, organization: 'ООО Неизвестная' });
  const vera = (await get(`/api/clients/${existing.id}`)).body;
  assert.equal(vera.organizationId, card.id, 'an existing client whose company was empty is linked too');
  assert.equal(vera.position, 'Главный врач');
  assert.equal((await get(`/api/clients?organizationId=${card.id}`)).body.total, 2);
});
