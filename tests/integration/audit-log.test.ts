import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The audit list names its objects and actors, links each entry to its client (never to /clients/NaN),
// and filters by user, object and time.
let app: TestApp;
let mgr: Awaited<ReturnType<TestApp['user']>>;

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
});
after(async () => {
  await app.close();
});

type Entry = { id: number; at: string; action: string; entity: string; entityId: string; actorId: number | null; actorName: string | null; entityLabel: string | null; clientId: number | null };
const list = async (query = '') => {
  const res = await app.api('GET', `/api/audit?limit=500${query}`, { token: mgr.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { items: Entry[]; total: number };
};

test('entries carry the names of their actor and object, and the client to open', async () => {
  const client = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Аудит Клиентов', phones: ['+79165550101'] } })).body;
  await app.api('PATCH', `/api/clients/${client.id}`, { token: mgr.token, body: { name: 'Аудит Клиентович' } });
  const deal = (await app.api('POST', `/api/clients/${client.id}/deals`, { token: mgr.token, body: { title: 'Годовая подписка', amount: 1000, closedAt: '2026-01-15' } })).body;
  const rule = (await app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: 'Опоздание 10 минут', graceMinutes: 10, action: { type: 'pool' } } })).body;
  const op = await app.user('operator');
  const callback = (await app.api('POST', '/api/callbacks', { token: op.token, body: { clientId: client.id, assigneeId: op.id, dueAt: new Date(Date.now() + 3600_000).toISOString() } })).body;
  const exported = await app.api('GET', '/api/clients/export', { token: mgr.token });
  assert.equal(exported.status, 200);

  const { items } = await list();
  const find = (entity: string, action: string, entityId?: string) => items.find((e) => e.entity === entity && e.action === action && (entityId === undefined || e.entityId === entityId));
  const update = find('client', 'update', String(client.id))!;
  assert.equal(update.entityLabel, 'Аудит Клиентович', 'the client by its current name');
  assert.equal(update.clientId, client.id);
  assert.equal(update.actorName, (await app.api('GET', `/api/users/${mgr.id}`, { token: mgr.token })).body.name);
  assert.equal(find('deal', 'create', String(deal.id))!.entityLabel, 'Годовая подписка — Аудит Клиентович');
  assert.equal(find('deal', 'create', String(deal.id))!.clientId, client.id);
  assert.equal(find('routing_rule', 'create', String(rule.id))!.entityLabel, 'Опоздание 10 минут');
  const cb = find('callback', 'create', String(callback.id))!;
  assert.deepEqual({ label: cb.entityLabel, clientId: cb.clientId }, { label: 'Аудит Клиентович', clientId: client.id });
  const user = find('user', 'create', String(op.id))!;
  assert.equal(user.entityLabel, (await app.api('GET', `/api/users/${op.id}`, { token: mgr.token })).body.name);
  // The export is about the whole base: no object id, so nothing to link to.
  const exp = items.find((e) => e.entity === 'client' && e.action.startsWith('export'))!;
  assert.ok(exp, 'the export is audited');
  assert.deepEqual({ clientId: exp.clientId, label: exp.entityLabel }, { clientId: null, label: null });
  assert.equal(items.find((e) => e.actorId === null)?.actorName ?? null, null);

  // After the client is deleted, its entries keep its name.
  await app.api('DELETE', `/api/clients/${client.id}`, { token: mgr.token });
  assert.equal((await list(`&entity=client&entityId=${client.id}`)).items.every((e) => e.entityLabel === 'Аудит Клиентович'), true);
});

test('filters: user, object, and a time range (validated)', async () => {
  const other = await app.user('manager');
  const c = (await app.api('POST', '/api/clients', { token: other.token, body: { name: 'Фильтр Тестов', phones: ['+79165550202'] } })).body;
  const byOther = await list(`&actorId=${other.id}`);
  assert.ok(byOther.total >= 1 && byOther.items.every((e) => e.actorId === other.id));
  const object = await list(`&entity=client&entityId=${c.id}`);
  assert.deepEqual(object.items.map((e) => [e.entity, e.entityId, e.action]), [['client', String(c.id), 'create']]);

  const all = await list();
  const newest = all.items[0]!;
  const at = Date.parse(newest.at);
  const inRange = await list(`&from=${new Date(at).toISOString()}&to=${new Date(at + 1).toISOString()}`);
  assert.ok(inRange.items.some((e) => e.id === newest.id), 'from is inclusive');
  assert.ok(inRange.items.every((e) => Date.parse(e.at) === at));
  assert.equal((await list(`&to=${new Date(at).toISOString()}`)).items.some((e) => e.id === newest.id), false, 'to is exclusive');
  assert.equal((await list(`&from=${new Date(Date.now() + 86400_000).toISOString()}`)).total, 0);
  const older = await list(`&to=${encodeURIComponent(new Date(at).toISOString())}&actorId=${other.id}`);
  assert.ok(older.items.every((e) => Date.parse(e.at) < at));

  for (const bad of ['from=yesterday', 'to=2026-13-01T00:00:00Z', `from=${new Date(at).toISOString()}&to=${new Date(at - 1000).toISOString()}`, 'from=2026-01-01']) {
    const res = await app.api('GET', `/api/audit?${bad}`, { token: mgr.token });
    assert.equal(res.status, 400, bad);
    assert.equal(res.body.error.code, 'validation_failed');
  }
});
