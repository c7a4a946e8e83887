import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Saved segments against the real app (MariaDB, or SQLite with TEST_DB=sqlite): named filters of the client
// list with live counts, and the campaigns and exports that take them.
let app: TestApp;
let op: { id: number; token: string };
let sup: { id: number; token: string };
let mgr: { id: number; token: string };
const run = `${process.pid}${Date.now() % 100000}`;
const tag = (name: string) => `${name}-${run}`;

const client = async (body: Record<string, unknown>) => {
  const res = await app.api('POST', '/api/clients', { token: mgr.token, body: { kind: 'person', phones: [], emails: [], ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number };
};
const segments = async (token = op.token) => {
  const res = await app.api('GET', '/api/segments', { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as { id: number; name: string; filter: Record<string, string>; count: number | null; createdBy: number | null; createdByName: string | null; createdAt: string; updatedAt: string }[];
};
const stored = async () => Number((await app.ds.query('SELECT COUNT(*) AS n FROM segments'))[0].n);
const auditOf = async (id: number) => {
  const res = await app.api('GET', `/api/audit?entity=segment&entityId=${id}`, { token: mgr.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as { action: string; actorId: number; before: any; after: any }[];
};

before(async () => {
  app = await startTestApp();
  op = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
});

after(async () => {
  await app.close();
});

test('a supervisor saves a filter by name; everyone reads it with its live count, which follows the clients', async () => {
  const vip = tag('vip');
  await client({ name: 'Ирина Ключевая', tags: [vip], stage: 'customer' });
  await client({ name: 'Пётр Ключевой', tags: [vip], stage: 'lead' });
  await client({ name: 'Не в сегменте', tags: [tag('other')], stage: 'customer' });

  const created = await app.api('POST', '/api/segments', { token: sup.token, body: { name: '  Ключевые клиенты ', filter: { tag: vip, stage: 'customer,lead', q: '' } } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const seg = created.body;
  assert.equal(seg.name, 'Ключевые клиенты', 'the name is trimmed');
  assert.deepEqual(seg.filter, { stage: 'customer,lead', tag: vip }, 'stored as the query string gives it; empty values dropped');
  assert.equal(seg.count, 2);
  assert.equal(seg.createdBy, sup.id);
  assert.match(seg.createdByName, /supervisor/);
  assert.ok(!Number.isNaN(Date.parse(seg.createdAt)) && !Number.isNaN(Date.parse(seg.updatedAt)));

  const listed = (await segments(op.token)).find((s) => s.id === seg.id);
  assert.deepEqual(listed, seg, 'an operator reads the same segment with the same count');
  const one = await app.api('GET', `/api/segments/${seg.id}`, { token: op.token });
  assert.deepEqual(one.body, seg);

  // The count is live: a new client, a changed one and a deleted one move it at once.
  const third = await client({ name: 'Новая Ключевая', tags: [vip] });
  assert.equal((await app.api('GET', `/api/segments/${seg.id}`, { token: op.token })).body.count, 3);
  assert.equal((await app.api('PATCH', `/api/clients/${third.id}`, { token: mgr.token, body: { stage: 'lost' } })).status, 200);
  assert.equal((await app.api('GET', `/api/segments/${seg.id}`, { token: op.token })).body.count, 2, 'a lost client leaves a customer-or-lead segment');
  assert.equal((await app.api('DELETE', `/api/clients/${third.id}`, { token: mgr.token })).status, 204);
  assert.equal((await app.api('PATCH', `/api/clients/${third.id}`, { token: mgr.token, body: { stage: 'lead' } })).status, 404);
  assert.equal((await app.api('GET', `/api/segments/${seg.id}`, { token: op.token })).body.count, 2);

  // The count is the client list's own total for the same filter.
  const page = await app.api('GET', `/api/clients?tag=${vip}&stage=customer,lead&limit=1`, { token: mgr.token });
  assert.equal(page.body.total, 2);

  // Names are unique whatever their case and spacing.
  const twin = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'КЛЮЧЕВЫЕ   клиенты', filter: {} } });
  assert.equal(twin.status, 409, JSON.stringify(twin.body));

  const audit = await auditOf(seg.id);
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.action, 'create');
  assert.equal(audit[0]!.actorId, sup.id);
  assert.deepEqual(audit[0]!.after, { name: 'Ключевые клиенты', filter: { stage: 'customer,lead', tag: vip } });
});

test('a filter the client list does not take is a 400 naming the field, and nothing is stored or changed', async () => {
  const before = await stored();
  const cases: Record<string, unknown>[] = [
    { name: 'Плохой класс', filter: { class: 'Z' } },
    { name: 'Неизвестное поле', filter: { color: 'red' } },
    { name: 'Сортировка', filter: { sort: 'name' } },
    { name: 'Страница', filter: { limit: '10' } },
    { name: 'Владелец', filter: { ownerId: 'abc' } },
    { name: 'Вложенный', filter: { tag: { $ne: 1 } } },
    { name: '', filter: {} },
    { name: 'Без фильтра' },
    { name: 'Лишнее', filter: {}, extra: 1 },
  ];
  for (const body of cases) {
    const res = await app.api('POST', '/api/segments', { token: mgr.token, body });
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
  }
  const bad = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'Плохой класс', filter: { class: 'Z' } } });
  assert.match(bad.body.error.message, /class/);
  assert.equal(await stored(), before);

  const seg = (await app.api('POST', '/api/segments', { token: mgr.token, body: { name: `Хороший ${run}`, filter: { class: 'A' } } })).body;
  const patched = await app.api('PATCH', `/api/segments/${seg.id}`, { token: mgr.token, body: { filter: { stage: 'nonsense' } } });
  assert.equal(patched.status, 400);
  assert.equal((await app.api('PATCH', `/api/segments/${seg.id}`, { token: mgr.token, body: {} })).status, 400);
  assert.deepEqual((await app.api('GET', `/api/segments/${seg.id}`, { token: mgr.token })).body.filter, { class: 'A' });
  assert.equal((await auditOf(seg.id)).length, 1, 'only the creation');
  assert.equal((await app.api('GET', '/api/segments/999999', { token: mgr.token })).status, 404);
  assert.equal((await app.api('GET', '/api/segments/abc', { token: mgr.token })).status, 400);
});

test('roles: every role reads; supervisors and managers write; operators change nothing', async () => {
  const seg = (await app.api('POST', '/api/segments', { token: mgr.token, body: { name: `Роли ${run}`, filter: { tier: 'gold' } } })).body;
  assert.equal((await app.api('POST', '/api/segments', { token: op.token, body: { name: `Оператор ${run}`, filter: {} } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/segments/${seg.id}`, { token: op.token, body: { name: 'Взлом' } })).status, 403);
  assert.equal((await app.api('DELETE', `/api/segments/${seg.id}`, { token: op.token })).status, 403);
  assert.equal((await app.api('GET', '/api/segments')).status, 401);
  assert.equal((await app.api('GET', `/api/segments/${seg.id}`, { token: op.token })).body.name, `Роли ${run}`);

  // A supervisor renames and refilters it; a manager deletes it. Each change is audited with before and after.
  const renamed = await app.api('PATCH', `/api/segments/${seg.id}`, { token: sup.token, body: { name: `Киев — платиновые ${run}`, filter: { tier: 'platinum', q: 'Киев' } } });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal(renamed.body.name, `Киев — платиновые ${run}`);
  assert.deepEqual(renamed.body.filter, { q: 'Киев', tier: 'platinum' });
  assert.ok(renamed.body.updatedAt >= seg.updatedAt);
  const same = await app.api('PATCH', `/api/segments/${seg.id}`, { token: sup.token, body: { name: `Киев — платиновые ${run}` } });
  assert.equal(same.status, 200);
  assert.equal((await app.api('DELETE', `/api/segments/${seg.id}`, { token: mgr.token })).status, 204);
  assert.equal((await app.api('GET', `/api/segments/${seg.id}`, { token: mgr.token })).status, 404);
  assert.equal((await app.api('DELETE', `/api/segments/${seg.id}`, { token: mgr.token })).status, 404);

  const audit = await auditOf(seg.id);
  assert.deepEqual(audit.map((a) => a.action), ['delete', 'update', 'create'], 'no entry for a change that changed nothing');
  assert.deepEqual(audit[1]!.before, { name: `Роли ${run}`, filter: { tier: 'gold' } });
  assert.deepEqual(audit[1]!.after, { name: `Киев — платиновые ${run}`, filter: { q: 'Киев', tier: 'platinum' } });
  assert.equal(audit[1]!.actorId, sup.id);
  assert.equal(audit[0]!.actorId, mgr.id);
  assert.deepEqual(audit[0]!.before, audit[1]!.after);
});

test('a campaign is made from a segment: its filter is copied then, the segment is remembered by id and name', async () => {
  const callList = tag('call');
  await client({ name: 'Анна Обзвон', phones: ['+7 916 555 10 01'], tags: [callList] });
  await client({ name: 'Борис Обзвон', phones: ['+7 916 555 10 02'], tags: [callList] });
  const seg = (await app.api('POST', '/api/segments', { token: mgr.token, body: { name: `Обзвон ${run}`, filter: { tag: callList } } })).body;
  assert.equal(seg.count, 2);

  const made = await app.api('POST', '/api/campaigns', { token: mgr.token, body: { name: 'Из сегмента', segmentId: seg.id } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.deepEqual(made.body.filter, { tag: callList });
  assert.deepEqual(made.body.segment, { id: seg.id, name: `Обзвон ${run}` });
  assert.equal(made.body.progress.total, 2);

  // Later changes to the segment do not change the campaign's clients.
  await app.api('PATCH', `/api/segments/${seg.id}`, { token: mgr.token, body: { name: `Обзвон (старый) ${run}`, filter: { tag: tag('none') } } });
  const again = await app.api('GET', `/api/campaigns/${made.body.id}`, { token: mgr.token });
  assert.deepEqual(again.body.filter, { tag: callList });
  assert.equal(again.body.progress.total, 2);

  const both = await app.api('POST', '/api/campaigns', { token: mgr.token, body: { name: 'Оба', segmentId: seg.id, filter: { tag: callList } } });
  assert.equal(both.status, 400, JSON.stringify(both.body));
  assert.equal((await app.api('POST', '/api/campaigns', { token: mgr.token, body: { name: 'Нет сегмента', segmentId: 999999 } })).status, 404);
  const plain = await app.api('POST', '/api/campaigns', { token: mgr.token, body: { name: 'Свой фильтр', filter: { tag: callList } } });
  assert.equal(plain.status, 201);
  assert.equal(plain.body.segment, null);
});

test('the client export takes a segment: its filters, the list’s sort; other filters with it are a 400', async () => {
  const exp = tag('exp');
  await client({ name: 'Яков Выгрузка', tags: [exp], source: 'сайт' });
  await client({ name: 'Алла Выгрузка', tags: [exp], source: 'сайт' });
  await client({ name: 'Вера Не выгружается', tags: [exp], source: 'выставка' });
  const seg = (await app.api('POST', '/api/segments', { token: mgr.token, body: { name: `Выгрузка ${run}`, filter: { tag: exp, source: 'сайт' } } })).body;
  const download = (query: string, token = mgr.token) => fetch(`${app.baseUrl}/api/clients/export?${query}`, { headers: { authorization: `Bearer ${token}` } });

  const res = await download(`segmentId=${seg.id}&sort=name&order=desc`);
  assert.equal(res.status, 200);
  const lines = (await res.text()).replace(/^\uFEFF/, '').trim().split('\n');
  assert.equal(lines.length, 3, lines.join('\n'));
  assert.ok(lines[1]!.includes('Яков Выгрузка') && lines[2]!.includes('Алла Выгрузка'), 'the segment’s clients in the asked order');

  const mixed = await download(`segmentId=${seg.id}&tag=${exp}`);
  assert.equal(mixed.status, 400);
  assert.match(((await mixed.json()) as { error: { message: string } }).error.message, /tag/);
  assert.equal((await download('segmentId=999999')).status, 404);
  assert.equal((await download(`segmentId=${seg.id}`, op.token)).status, 403);

  const audit = await app.api('GET', '/api/audit?entity=client&entityId=all', { token: mgr.token });
  const started = audit.body.items.find((a: { action: string; after: any }) => a.action === 'export' && a.after?.status === 'completed');
  assert.equal(started.after.filters.segmentId, seg.id, 'the audit names the segment');
  assert.equal(started.after.filters.tag, exp);
  assert.equal(started.after.rows, 2);
});
