import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallbackEntity, ClientEntity } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The floor's working hours (rules without their own follow them) and phone regions (applied at once).
let app: TestApp;
let mgr: { id: number; token: string };
let sup: { token: string };
let op: { id: number; token: string };

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
  sup = await app.user('supervisor');
  op = await app.user('operator');
});
after(() => app.close());

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];
const isoWeekday = (d: Date) => ((d.getUTCDay() + 6) % 7) + 1;

test('defaults, roles and bad input: supervisors read, managers change, a bad body changes nothing', async () => {
  const first = await app.api('GET', '/api/settings/floor', { token: sup.token });
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, { workingHours: null, phoneRegions: ['RU'] });
  assert.equal((await app.api('GET', '/api/settings/floor', { token: op.token })).status, 403);
  const good = { workingHours: { timezone: 'Europe/Kyiv', days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }, phoneRegions: ['RU'] };
  assert.equal((await app.api('PUT', '/api/settings/floor', { token: sup.token, body: good })).status, 403);
  for (const body of [
    { ...good, phoneRegions: [] },
    { ...good, phoneRegions: ['XX'] },
    { ...good, phoneRegions: ['RU', 'ru'] },
    { ...good, workingHours: { ...good.workingHours, timezone: 'Mars/Olympus' } },
    { ...good, workingHours: { ...good.workingHours, from: '25:00' } },
    { ...good, workingHours: { ...good.workingHours, days: [0] } },
    { ...good, extra: 1 },
  ]) {
    const res = await app.api('PUT', '/api/settings/floor', { token: mgr.token, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
  }
  assert.deepEqual((await app.api('GET', '/api/settings/floor', { token: mgr.token })).body, first.body);
});

test('phone regions apply at once to new numbers, and the change is audited', async () => {
  const before = await app.api('GET', '/api/phones/parse?number=067%20123%2045%2067', { token: op.token });
  assert.equal(before.body.e164, null, 'a Ukrainian mobile written locally does not parse as Russian');
  const saved = await app.api('PUT', '/api/settings/floor', { token: mgr.token, body: { workingHours: null, phoneRegions: ['ua', 'RU'] } });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.phoneRegions, ['UA', 'RU']);
  const parsed = await app.api('GET', '/api/phones/parse?number=067%20123%2045%2067', { token: op.token });
  assert.equal(parsed.body.e164, '+380671234567');
  assert.deepEqual(parsed.body.regions, ['UA', 'RU']);
  const created = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Оксана', phones: ['067 123 45 67'] } });
  assert.equal(created.status, 201);
  assert.equal(created.body.phones[0].e164, '+380671234567');
  const audit = await app.api('GET', '/api/audit?entity=setting&entityId=floor', { token: mgr.token });
  assert.equal(audit.body.items[0].actorId, mgr.id);
  assert.deepEqual(audit.body.items[0].after.phoneRegions, ['UA', 'RU']);
  // Back to the configured region for the other tests.
  await app.api('PUT', '/api/settings/floor', { token: mgr.token, body: { workingHours: null, phoneRegions: ['RU'] } });
});

test('routing rules without working hours of their own follow the floor’s', async () => {
  const now = new Date();
  const { identifiers } = await app.ds.getRepository(ClientEntity).insert({ kind: 'person', name: 'Late', nameSearch: 'late', organization: null, source: null, stage: 'lead', revenue: 0, createdAt: now, updatedAt: now, deletedAt: null });
  const due = new Date(now.getTime() - 3600_000);
  await app.ds.getRepository(CallbackEntity).insert({ clientId: identifiers[0]!.id as number, assigneeId: op.id, dueAt: due, originCallId: null, status: 'pending', priority: 0, note: null, reassignCount: 0, version: 0, createdById: null, createdAt: due, updatedAt: due, completedAt: null });
  const rule = (await app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: 'Late → pool', graceMinutes: 10, action: { type: 'pool' } } })).body;
  const dry = async () => (await app.api('POST', '/api/routing-rules/dry-run', { token: mgr.token, body: {} })).body.total as number;
  assert.equal(await dry(), 1, 'no hours anywhere: the rule acts');
  // The floor works every day but today (in UTC): the rule waits.
  const closedToday = { timezone: 'UTC', days: ALL_DAYS.filter((d) => d !== isoWeekday(new Date())), from: '00:00', to: '23:59' };
  assert.equal((await app.api('PUT', '/api/settings/floor', { token: mgr.token, body: { workingHours: closedToday, phoneRegions: ['RU'] } })).status, 200);
  assert.equal(await dry(), 0, 'outside the floor’s hours');
  // A rule's own hours win over the floor's.
  const allDay = { timezone: 'UTC', days: ALL_DAYS, from: '00:00', to: '23:59' };
  assert.equal((await app.api('PATCH', `/api/routing-rules/${rule.id}`, { token: mgr.token, body: { workingHours: allDay } })).status, 200);
  // (23:59 is an end that leaves the day's last minute outside)
  const minuteOfDay = new Date().getUTCHours() * 60 + new Date().getUTCMinutes();
  assert.equal(await dry(), minuteOfDay < 23 * 60 + 59 ? 1 : 0);
});
