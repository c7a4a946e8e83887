import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UserEntity } from '../../server/db/entities';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.close());

test('login returns a token and an httpOnly SameSite cookie; both authenticate', async () => {
  const u = await app.user('operator');
  const res = await app.api('POST', '/api/auth/login', { body: { login: u.login, password: TEST_PASSWORD } });
  assert.equal(res.status, 200);
  assert.match(res.body.token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(res.body.user.login, u.login);
  assert.equal(res.body.user.passwordHash, undefined);
  const cookie = res.headers.get('set-cookie') ?? '';
  assert.match(cookie, /hotline_session=/);
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Lax/i);

  const viaBearer = await app.api('GET', '/api/auth/me', { token: res.body.token });
  assert.equal(viaBearer.status, 200);
  const viaCookie = await app.api('GET', '/api/auth/me', { headers: { cookie: cookie.split(';')[0]! } });
  assert.equal(viaCookie.status, 200);
  assert.equal(viaCookie.body.user.id, u.id);
});

test('passwords are stored under scrypt, never as given', async () => {
  const u = await app.user('operator');
  const row = await app.ds.getRepository(UserEntity).findOneByOrFail({ id: u.id });
  assert.match(row.passwordHash, /^scrypt\$32768\$8\$1\$/);
  assert.ok(!row.passwordHash.includes(TEST_PASSWORD));
});

test('wrong password and unknown login get the same 401', async () => {
  const u = await app.user('operator');
  const wrong = await app.api('POST', '/api/auth/login', { body: { login: u.login, password: 'not the password' } });
  const unknown = await app.api('POST', '/api/auth/login', { body: { login: 'nobody_here', password: 'whatever123' } });
  assert.equal(wrong.status, 401);
  assert.deepEqual(wrong.body, unknown.body);
  assert.equal(wrong.body.error.code, 'unauthorized');
});

test('brute force on one account is cut off with 429 and Retry-After, even for the right password', async () => {
  const u = await app.user('operator');
  for (let i = 0; i < 5; i++) {
    const res = await app.api('POST', '/api/auth/login', { body: { login: u.login, password: `guess-${i}-wrong` } });
    assert.equal(res.status, 401);
  }
  const blocked = await app.api('POST', '/api/auth/login', { body: { login: u.login, password: TEST_PASSWORD } });
  assert.equal(blocked.status, 429);
  assert.equal(blocked.body.error.code, 'too_many_attempts');
  assert.ok(Number(blocked.headers.get('retry-after')) > 0);
});

test('logout revokes the token at once', async () => {
  const u = await app.user('manager');
  assert.equal((await app.api('GET', '/api/clients', { token: u.token })).status, 200);
  assert.equal((await app.api('POST', '/api/auth/logout', { token: u.token })).status, 204);
  const after = await app.api('GET', '/api/clients', { token: u.token });
  assert.equal(after.status, 401);
});

test('every API route needs a session', async () => {
  const routes: [string, string][] = [
    ['GET', '/api/clients'],
    ['POST', '/api/clients'],
    ['GET', '/api/clients/1'],
    ['PATCH', '/api/clients/1'],
    ['DELETE', '/api/clients/1'],
    ['GET', '/api/users'],
    ['POST', '/api/users'],
    ['PATCH', '/api/users/1'],
    ['GET', '/api/teams'],
    ['GET', '/api/calls'],
    ['PATCH', '/api/calls/1'],
    ['GET', '/api/audit'],
    ['GET', '/api/auth/me'],
    ['POST', '/api/auth/logout'],
    ['GET', '/api/does-not-exist'],
  ];
  for (const [method, path] of routes) {
    for (const token of [undefined, 'garbage', 'x'.repeat(43)]) {
      const res = await app.api(method, path, { token, body: method === 'GET' ? undefined : {} });
      assert.equal(res.status, 401, `${method} ${path} with ${token ?? 'no token'}`);
      assert.equal(res.body.error.code, 'unauthorized');
    }
  }
});

test('roles are checked on each route: operator < supervisor < manager < admin', async () => {
  const op = await app.user('operator');
  const sup = await app.user('supervisor');
  const mgr = await app.user('manager');
  const client = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Role Check' } });
  const forbidden: [string, string, string, unknown?][] = [
    [op.token, 'GET', '/api/users'],
    [op.token, 'POST', '/api/users', { login: 'x_user', password: 'long enough pw', name: 'X', role: 'operator' }],
    [op.token, 'GET', '/api/audit'],
    [op.token, 'DELETE', `/api/clients/${client.body.id}`],
    [op.token, 'POST', '/api/teams', { name: 'Nope' }],
    [op.token, 'POST', '/api/clients/abc/recompute'],
    [op.token, 'PATCH', `/api/clients/${client.body.id}`, { tier: 'gold' }],
    [sup.token, 'GET', '/api/audit'],
    [sup.token, 'POST', '/api/users', { login: 'y_user', password: 'long enough pw', name: 'Y', role: 'operator' }],
    [mgr.token, 'POST', '/api/users', { login: 'z_user', password: 'long enough pw', name: 'Z', role: 'admin' }],
    [mgr.token, 'POST', '/api/users', { login: 'w_user', password: 'long enough pw', name: 'W', role: 'manager' }],
  ];
  for (const [token, method, path, body] of forbidden) {
    const res = await app.api(method, path, { token, body });
    assert.equal(res.status, 403, `${method} ${path}`);
    assert.equal(res.body.error.code, 'forbidden');
  }
  assert.equal((await app.api('GET', '/api/users', { token: sup.token })).status, 200);
  assert.equal((await app.api('GET', '/api/audit', { token: mgr.token })).status, 200);
  assert.equal((await app.api('DELETE', `/api/clients/${client.body.id}`, { token: mgr.token })).status, 204);
});

test('deactivating a user ends their sessions', async () => {
  const admin = await app.user('admin');
  const op = await app.user('operator');
  const res = await app.api('PATCH', `/api/users/${op.id}`, { token: admin.token, body: { active: false } });
  assert.equal(res.status, 200);
  assert.equal((await app.api('GET', '/api/auth/me', { token: op.token })).status, 401);
  const relogin = await app.api('POST', '/api/auth/login', { body: { login: op.login, password: TEST_PASSWORD } });
  assert.equal(relogin.status, 401);
});
