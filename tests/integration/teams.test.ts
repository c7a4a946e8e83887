import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TeamEntity } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.close());

let seq = 0;
const uniq = (prefix: string) => `${prefix} ${process.pid}-${++seq}`;

test('a manager renames a team and gives it another supervisor; the change is audited before and after', async () => {
  const mgr = await app.user('manager');
  const sup1 = await app.user('supervisor');
  const sup2 = await app.user('supervisor');
  const name = uniq('Смена');
  const team = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name, supervisorId: sup1.id } })).body;

  const renamed = await app.api('PATCH', `/api/teams/${team.id}`, { token: mgr.token, body: { name: `${name} (вечер)` } });
  assert.equal(renamed.status, 200);
  assert.deepEqual(renamed.body, { id: team.id, name: `${name} (вечер)`, supervisorId: sup1.id });

  const moved = await app.api('PATCH', `/api/teams/${team.id}`, { token: mgr.token, body: { supervisorId: sup2.id } });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.supervisorId, sup2.id);
  assert.equal(moved.body.name, `${name} (вечер)`);
  const listed = (await app.api('GET', '/api/teams', { token: mgr.token })).body.items.find((t: { id: number }) => t.id === team.id);
  assert.deepEqual(listed, moved.body);

  const cleared = await app.api('PATCH', `/api/teams/${team.id}`, { token: mgr.token, body: { supervisorId: null } });
  assert.equal(cleared.body.supervisorId, null);

  const audit = (await app.api('GET', `/api/audit?entity=team&entityId=${team.id}`, { token: mgr.token })).body.items;
  const updates = audit.filter((e: { action: string }) => e.action === 'update');
  assert.equal(updates.length, 3);
  assert.ok(updates.every((e: { actorId: number }) => e.actorId === mgr.id));
  const supervisorChange = updates.find((e: { before: { supervisorId: number | null } }) => e.before.supervisorId === sup1.id);
  assert.equal(supervisorChange.after.supervisorId, sup2.id);
});

test('only managers and admins change teams; operators and supervisors get 403 and change nothing', async () => {
  const admin = await app.user('admin');
  const name = uniq('Team');
  const team = (await app.api('POST', '/api/teams', { token: admin.token, body: { name } })).body;
  for (const role of ['operator', 'supervisor'] as const) {
    const who = await app.user(role);
    const res = await app.api('PATCH', `/api/teams/${team.id}`, { token: who.token, body: { name: 'Taken over' } });
    assert.equal(res.status, 403, role);
  }
  assert.equal((await app.ds.getRepository(TeamEntity).findOneByOrFail({ id: team.id })).name, name);
  assert.equal((await app.api('PATCH', `/api/teams/${team.id}`, { token: admin.token, body: { name: `${name}!` } })).status, 200);
  assert.equal((await app.api('PATCH', `/api/teams/${team.id}`, { body: { name: 'anonymous' } })).status, 401);
});

test('bad team changes are refused: validation, a taken name, an unknown team, a supervisor who cannot supervise', async () => {
  const mgr = await app.user('manager');
  const op = await app.user('operator');
  const sup = await app.user('supervisor');
  const a = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name: uniq('A') } })).body;
  const b = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name: uniq('B') } })).body;
  const patch = (id: number, body: unknown) => app.api('PATCH', `/api/teams/${id}`, { token: mgr.token, body });

  for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'two\nlines' }, { supervisorId: 'me' }, { supervisorId: -1 }, { name: 'ok', color: 'red' }]) {
    const res = await patch(a.id, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed', JSON.stringify(body));
  }
  assert.equal((await patch(a.id, { name: b.name })).status, 409);
  assert.equal((await patch(a.id, { name: a.name })).status, 200, 'keeping its own name is not a conflict');
  assert.equal((await patch(999_999, { name: 'Ghost' })).status, 404);
  assert.equal((await app.api('PATCH', '/api/teams/abc', { token: mgr.token, body: { name: 'X' } })).status, 400);
  assert.equal((await patch(a.id, { supervisorId: 999_999 })).status, 400);
  assert.equal((await patch(a.id, { supervisorId: op.id })).status, 400, 'an operator does not supervise');
  await app.api('PATCH', `/api/users/${sup.id}`, { token: mgr.token, body: { active: false } });
  assert.equal((await patch(a.id, { supervisorId: sup.id })).status, 400, 'a deactivated supervisor does not either');
  assert.equal((await app.api('POST', '/api/teams', { token: mgr.token, body: { name: uniq('C'), supervisorId: op.id } })).status, 400);

  const row = await app.ds.getRepository(TeamEntity).findOneByOrFail({ id: a.id });
  assert.equal(row.name, a.name);
  assert.equal(row.supervisorId, null);
});
