import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.close());

test('a manager creates an operator with an extension and a team; the change is audited', async () => {
  const mgr = await app.user('manager');
  const team = await app.api('POST', '/api/teams', { token: mgr.token, body: { name: 'Продажи' } });
  assert.equal(team.status, 201);
  const res = await app.api('POST', '/api/users', { token: mgr.token, body: { login: 'olena.k', password: 'a long password', name: 'Олена Коваль', role: 'operator', extension: '101', teamId: team.body.id } });
  assert.equal(res.status, 201);
  assert.equal(res.body.extension, '101');
  assert.equal(res.body.state, 'offline');
  assert.equal(res.body.passwordHash, undefined);
  const audit = await app.api('GET', `/api/audit?entity=user&entityId=${res.body.id}`, { token: mgr.token });
  assert.equal(audit.body.items[0].action, 'create');
  assert.equal(audit.body.items[0].actorId, mgr.id);
  assert.equal(JSON.stringify(audit.body.items[0]).includes('a long password'), false);

  const login = await app.api('POST', '/api/auth/login', { body: { login: 'olena.k', password: 'a long password' } });
  assert.equal(login.status, 200);
});

test('logins and extensions are unique (409), bad fields are 400 and change nothing', async () => {
  const admin = await app.user('admin');
  await app.user('operator', { login: 'taken_login', extension: '555' });
  const dupLogin = await app.api('POST', '/api/users', { token: admin.token, body: { login: 'taken_login', password: 'a long password', name: 'X', role: 'operator' } });
  assert.equal(dupLogin.status, 409);
  const dupExt = await app.api('POST', '/api/users', { token: admin.token, body: { login: 'other_login', password: 'a long password', name: 'X', role: 'operator', extension: '555' } });
  assert.equal(dupExt.status, 409);
  const before = (await app.api('GET', '/api/users', { token: admin.token })).body.total;
  const bad: unknown[] = [
    { login: 'ok_login', password: 'short', name: 'X', role: 'operator' },
    { login: 'ok_login', password: 'a long password', name: 'X', role: 'god' },
    { login: 'bad login!', password: 'a long password', name: 'X', role: 'operator' },
    { login: 'ok_login', password: 'a long password', name: 'X', role: 'operator', isAdmin: true },
    { login: 'ok_login', password: 'a long password', name: 'X'.repeat(201), role: 'operator' },
    { login: 'ok_login', password: 'a long password', name: 'X', role: 'operator', extension: '101\r\nAction: Originate' },
  ];
  for (const body of bad) {
    const res = await app.api('POST', '/api/users', { token: admin.token, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
  }
  assert.equal((await app.api('GET', '/api/users', { token: admin.token })).body.total, before);
});

test('a user changes their own password and locale but not their role', async () => {
  const op = await app.user('operator');
  assert.equal((await app.api('PATCH', `/api/users/${op.id}`, { token: op.token, body: { locale: 'uk' } })).body.locale, 'uk');
  assert.equal((await app.api('PATCH', `/api/users/${op.id}`, { token: op.token, body: { role: 'admin' } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/users/${op.id}`, { token: op.token, body: { extension: '999' } })).status, 403);
  const noProof = await app.api('PATCH', `/api/users/${op.id}`, { token: op.token, body: { password: 'a brand new password' } });
  assert.equal(noProof.status, 403);
  const changed = await app.api('PATCH', `/api/users/${op.id}`, { token: op.token, body: { password: 'a brand new password', currentPassword: op.password } });
  assert.equal(changed.status, 200);
  // A password change ends the sessions that used the old one.
  assert.equal((await app.api('GET', '/api/auth/me', { token: op.token })).status, 401);
  assert.equal((await app.api('POST', '/api/auth/login', { body: { login: op.login, password: 'a brand new password' } })).status, 200);
});

test('the first admin comes from the environment only when there are no users', async () => {
  assert.equal(await app.services.users.ensureFirstAdmin({ login: 'root_admin', password: 'from the environment' }), 'exists');
});

test('everyone can read the directory of names, without logins or states', async () => {
  const op = await app.user('operator');
  const res = await app.api('GET', '/api/users/directory', { token: op.token });
  assert.equal(res.status, 200);
  const me = res.body.items.find((u: { id: number }) => u.id === op.id);
  assert.deepEqual(Object.keys(me).sort(), ['active', 'extension', 'id', 'name', 'role', 'teamId']);
});
