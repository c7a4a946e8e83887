import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { Redis, type RedisOptions } from 'ioredis';
import type { DataSource } from 'typeorm';
import { NormalizeLogins1795500000060 } from '../../migrations/1795500000060-NormalizeLogins';
import { ConfigError, loadConfig } from '../../server/config/config';
import { openDatabase } from '../../server/db/data-source';
import { UserEntity } from '../../server/db/entities';
import { createHttpApp } from '../../server/http/app';
import { createLogger } from '../../server/logging/logger';
import { AuthService } from '../../server/modules/auth/auth.service';
import { LoginThrottle, type ThrottleLimits } from '../../server/modules/auth/login-throttle';
import { passwordProblem } from '../../server/modules/auth/password-policy';
import { createServices } from '../../server/services';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('silent');

let db: TestDatabase;
let app: TestApp;
let manager: { id: number; token: string };
const redises: Redis[] = [];
const prefixes: string[] = [];
const closers: (() => Promise<void>)[] = [];

before(async () => {
  db = await createTestDatabase();
  app = await startTestApp({ db });
  manager = await app.user('manager');
});

after(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  const cleaner = new Redis(REDIS_URL, { lazyConnect: true });
  await cleaner.connect();
  for (const prefix of prefixes) {
    const keys = await cleaner.keys(`${prefix}:*`);
    if (keys.length > 0) await cleaner.del(...keys);
  }
  cleaner.disconnect();
  for (const r of redises) r.disconnect();
  await app.close();
  await db.drop();
});

/** A unique Redis key prefix for one test (cleaned up afterwards). */
function freshPrefix(): string {
  const prefix = `test_login_${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  return prefix;
}

function redisClient(url = REDIS_URL, options: RedisOptions = {}): Redis {
  // As main.ts connects: commands wait for Redis rather than fail (maxRetriesPerRequest null).
  const r = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...options });
  r.on('error', () => undefined);
  redises.push(r);
  return r;
}

/**
 * The real HTTP app on the test database with a login throttle of our choosing (memory or Redis, a
 * key prefix of its own) and a TRUST_PROXY setting; every other service as in production.
 */
async function authApp(opts: { redis?: Redis; prefix?: string; trustProxy?: number | string[]; limits?: Partial<ThrottleLimits> } = {}): Promise<{ url: string; ds: DataSource }> {
  const ds = await openDatabase(db.config);
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 3600_000 }, logger });
  services.auth = new AuthService(ds, new LoginThrottle(opts.redis, opts.prefix ?? freshPrefix(), { limits: opts.limits }), services.audit, 3600_000);
  const server: Server = createHttpServer(createHttpApp({ services, logger, cookieSecure: false, trustProxy: opts.trustProxy }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    services.abc.stop();
    services.agents.stop();
    services.kpis.stop();
    await services.jobs.close();
    services.callLog.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await ds.destroy();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ds };
}

type Answer = { status: number; body: any; headers: Headers };

async function login(url: string, loginName: string, password: string, forwardedFor?: string): Promise<Answer> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor && { 'x-forwarded-for': forwardedFor }) },
    body: JSON.stringify({ login: loginName, password }),
    // A login that hangs (Redis outage) fails the test instead of stalling it.
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

let counter = 0;
async function newUser(name = 'Test Person'): Promise<{ id: number; login: string }> {
  const loginName = `sec${++counter}_${process.pid}`;
  const u = await app.services.users.create(null, { login: loginName, password: TEST_PASSWORD, name, role: 'operator' });
  return { id: u.id, login: loginName };
}

async function authAudit(loginName: string): Promise<any[]> {
  const res = await app.api('GET', `/api/audit?entity=auth&entityId=${encodeURIComponent(loginName)}&limit=500`, { token: manager.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

/** 20 wrong guesses and the right password sent at once (the right one last on the wire). */
async function burst(url: string, loginName: string): Promise<{ wrong: Answer[]; right: Answer }> {
  const wrong = Array.from({ length: 20 }, (_, i) => login(url, loginName, `wrong guess number ${i}`));
  // One turn of the event loop so the guesses' connections are opened first; no answer can come back
  // this soon (each check is ~50 ms of scrypt), so all 21 are in flight together.
  await new Promise((resolve) => setImmediate(resolve));
  const right = login(url, loginName, TEST_PASSWORD);
  return { wrong: await Promise.all(wrong), right: await right };
}

async function assertBurstHeld(url: string, loginName: string) {
  const { wrong, right } = await burst(url, loginName);
  const all = [...wrong, right];
  const checked = all.filter((a) => a.status !== 429);
  assert.ok(checked.length <= 5, `at most 5 passwords checked, got ${checked.length}: ${all.map((a) => a.status).join(',')}`);
  assert.ok(checked.every((a) => a.status === 401), 'the guesses that were checked were wrong');
  assert.equal(right.status, 429, 'the right password, sent after the limit was spent, is refused');
  assert.equal(right.body.error.code, 'too_many_attempts');
  assert.ok(Number(right.headers.get('retry-after')) > 0);
  // The budget stays spent: the right password alone is still refused.
  assert.equal((await login(url, loginName, TEST_PASSWORD)).status, 429);
  // Audit: one entry per checked failure (no password in it), one lockout for all the refusals.
  const entries = await authAudit(loginName);
  const failures = entries.filter((e) => e.action === 'login_failed');
  assert.equal(failures.length, checked.length);
  assert.ok(failures.every((e) => e.after.reason === 'wrong_password' && e.ip === '127.0.0.1' && e.after.login === loginName));
  assert.ok(!JSON.stringify(entries).includes('wrong guess') && !JSON.stringify(entries).includes(TEST_PASSWORD));
  const lockouts = entries.filter((e) => e.action === 'lockout');
  assert.equal(lockouts.length, 1, 'a lockout is one entry, however many attempts it refused');
  assert.equal(lockouts[0].after.scope, 'account_address');
}

test('20 guesses and the right password at once: at most 5 checks, the right one refused (memory throttle)', async () => {
  const { url } = await authApp();
  const u = await newUser();
  await assertBurstHeld(url, u.login);
});

test('20 guesses and the right password at once: at most 5 checks, the right one refused (Redis throttle)', async () => {
  const { url } = await authApp({ redis: redisClient() });
  const u = await newUser();
  await assertBurstHeld(url, u.login);
});

test('Redis shared by two nodes: a burst split across them is still held to 5 checks', async () => {
  const prefix = freshPrefix();
  const a = await authApp({ redis: redisClient(), prefix });
  const b = await authApp({ redis: redisClient(), prefix });
  const u = await newUser();
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => login(i % 2 ? a.url : b.url, u.login, `wrong guess number ${i}`)));
  assert.ok(answers.filter((x) => x.status !== 429).length <= 5);
  assert.equal((await login(a.url, u.login, TEST_PASSWORD)).status, 429);
});

test('logins that differ by Unicode form, invisible characters or case are one account and one counter', async () => {
  const created = await app.api('POST', '/api/users', { token: manager.token, body: { login: '\u200BIvan.PETROV\u00AD', password: TEST_PASSWORD, name: 'Ivan Petrov', role: 'operator' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.login, 'ivan.petrov');
  for (const variant of ['ivan.petrov', 'ＩＶＡＮ.petrov', '\uFEFFivan.petrov', 'ivan.pe\u200Dtrov ']) {
    const dup = await app.api('POST', '/api/users', { token: manager.token, body: { login: variant, password: TEST_PASSWORD, name: 'Someone Else', role: 'operator' } });
    assert.equal(dup.status, 409, `${JSON.stringify(variant)} is the same login`);
  }
  // Created at once in several spellings: exactly one account.
  const spellings = ['Maria.K', 'MARIA.K', 'maria\u00AD.k', 'ｍａｒｉａ.k', 'maria.k\u2060'];
  const results = await Promise.all(spellings.map((l) => app.api('POST', '/api/users', { token: manager.token, body: { login: l, password: TEST_PASSWORD, name: 'Maria K', role: 'operator' } })));
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409, 409, 409, 409]);
  assert.equal(await app.ds.getRepository(UserEntity).countBy({ login: 'maria.k' }), 1);
  // The unique index itself still holds a second row of the stored login off.
  const row = await app.ds.getRepository(UserEntity).findOneByOrFail({ login: 'maria.k' });
  const { id: _id, ...copy } = row;
  await assert.rejects(app.ds.getRepository(UserEntity).insert({ ...copy, extension: null }));

  const { url } = await authApp();
  const variants = ['ivan.petrov', 'IVAN.PETROV', 'ＩＶＡＮ.ＰＥＴＲＯＶ', 'ivan\u200B.petrov', '\uFEFFivan.petrov', 'ivan.pet\u00ADrov', 'ivan.petrov\u200D', ' Ivan.Petrov '];
  for (const v of variants) {
    const ok = await login(url, v, TEST_PASSWORD);
    assert.equal(ok.status, 200, `${JSON.stringify(v)} signs in`);
    assert.equal(ok.body.user.id, created.body.id);
  }
  // Five wrong guesses in five spellings spend one budget: the right password in a sixth is refused.
  for (const v of variants.slice(1, 6)) assert.equal((await login(url, v, 'not the password at all')).status, 401);
  assert.equal((await login(url, variants[6]!, TEST_PASSWORD)).status, 429);
  assert.equal((await login(url, 'ivan.petrov', TEST_PASSWORD)).status, 429);
});

test('existing logins are normalized by the migration; a collision is left alone', async () => {
  const repo = app.ds.getRepository(UserEntity);
  const base = await repo.findOneByOrFail({ login: 'ivan.petrov' });
  const { id: _id, ...template } = base;
  const insert = async (loginName: string) => (await repo.insert({ ...template, login: loginName, extension: null })).identifiers[0]!.id as number;
  const mixed = await insert('Mixed.Case');
  const invisible = await insert('zero\u200Bwidth');
  // MariaDB's case-insensitive index cannot hold both spellings of one login; SQLite can.
  const collide = app.ds.options.type === 'better-sqlite3' ? [await insert('Dup.User'), await insert('dup.user')] : null;
  const runner = app.ds.createQueryRunner();
  try {
    await new NormalizeLogins1795500000060().up(runner);
  } finally {
    await runner.release();
  }
  assert.equal((await repo.findOneByOrFail({ id: mixed })).login, 'mixed.case');
  assert.equal((await repo.findOneByOrFail({ id: invisible })).login, 'zerowidth');
  if (collide) {
    assert.equal((await repo.findOneByOrFail({ id: collide[0]! })).login, 'Dup.User');
    assert.equal((await repo.findOneByOrFail({ id: collide[1]! })).login, 'dup.user');
  }
});

test('TRUST_PROXY: X-Forwarded-For counts only when the proxy is trusted', async () => {
  // Not trusted (the default): every "client" behind the header is the one socket address.
  const direct = await authApp();
  const u = await newUser();
  for (let i = 1; i <= 5; i++) assert.equal((await login(direct.url, u.login, `wrong guess ${i}`, `203.0.113.${i}`)).status, 401);
  assert.equal((await login(direct.url, u.login, TEST_PASSWORD, '203.0.113.99')).status, 429, 'a forged header buys no new budget');
  assert.ok((await authAudit(u.login)).filter((e) => e.action === 'login_failed').every((e) => e.ip === '127.0.0.1'));

  // Trusted proxy on loopback: the real client address counts, so one client locked out is not everyone.
  const proxied = await authApp({ trustProxy: ['loopback'] });
  const v = await newUser();
  for (let i = 1; i <= 5; i++) assert.equal((await login(proxied.url, v.login, `wrong guess ${i}`, '203.0.113.7')).status, 401);
  assert.equal((await login(proxied.url, v.login, TEST_PASSWORD, '203.0.113.7')).status, 429);
  assert.equal((await login(proxied.url, v.login, TEST_PASSWORD, '203.0.113.8')).status, 200, 'another client behind the proxy still signs in');
  const failures = (await authAudit(v.login)).filter((e) => e.action === 'login_failed');
  assert.equal(failures.length, 5);
  assert.ok(failures.every((e) => e.ip === '203.0.113.7'), 'the audit shows the client, not the proxy');

  // One hop trusted: the address the proxy appended counts, not what the client wrote before it.
  const hop = await authApp({ trustProxy: 1 });
  const w = await newUser();
  assert.equal((await login(hop.url, w.login, 'wrong guess', '198.51.100.1, 203.0.113.50')).status, 401);
  assert.equal((await authAudit(w.login))[0].ip, '203.0.113.50');

  // IPv6 clients count by their /64 (one subscriber's block): hopping inside it buys nothing.
  const x = await newUser();
  for (let i = 1; i <= 5; i++) assert.equal((await login(proxied.url, x.login, `wrong guess ${i}`, `2001:db8:1:2::${i}`)).status, 401);
  assert.equal((await login(proxied.url, x.login, TEST_PASSWORD, '2001:db8:1:2:ffff::9')).status, 429);
  assert.equal((await login(proxied.url, x.login, TEST_PASSWORD, '2001:db8:1:3::1')).status, 200);

  assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.10' }).trustProxy, ['loopback', '10.0.0.0/8', '192.168.1.10']);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.equal(loadConfig({}).trustProxy, 0);
  for (const bad of ['true', 'everyone', '10.0.0.0/33', '99']) {
    assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (err: Error) => err instanceof ConfigError && /^Invalid configuration: TRUST_PROXY /.test(err.message) && !err.message.includes('\n'));
  }
});

test('guesses from many addresses slow the account down but never lock its owner out of their usual address', async () => {
  const { url } = await authApp({ trustProxy: ['loopback'], limits: { account: { free: 10, seconds: 3600, firstDelaySeconds: 120, maxDelaySeconds: 900 } } });
  const u = await newUser();
  assert.equal((await login(url, u.login, TEST_PASSWORD, '192.0.2.10')).status, 200, 'the owner signs in at their desk');
  // A botnet: each address stays under the per-address budgets; together they pass the account's free ones.
  const statuses: number[] = [];
  for (let i = 1; i <= 14; i++) statuses.push((await login(url, u.login, `botnet guess ${i}`, `198.51.100.${i}`)).status);
  assert.deepEqual(statuses.slice(0, 11), Array(11).fill(401), 'ten free checks, then one more opens the backoff');
  assert.deepEqual(statuses.slice(11), [429, 429, 429], 'then one check per (doubling) delay');
  const stranger = await login(url, u.login, TEST_PASSWORD, '198.51.100.200');
  assert.equal(stranger.status, 429, 'an address the account never used waits out the backoff, even with the right password');
  assert.ok(Number(stranger.headers.get('retry-after')) > 0);
  assert.equal((await login(url, u.login, TEST_PASSWORD, '192.0.2.10')).status, 200, 'the owner at their usual address is not locked out');
  const lockouts = (await authAudit(u.login)).filter((e) => e.action === 'lockout');
  assert.deepEqual(lockouts.map((e) => e.after.scope), ['account']);
});

test('failed logins record the reason; unknown logins and deactivated accounts too', async () => {
  const { url } = await authApp();
  const u = await newUser();
  const ghost = `nobody_${process.pid}`;
  assert.equal((await login(url, ghost, 'some password here')).status, 401);
  assert.deepEqual((await authAudit(ghost)).map((e) => [e.action, e.after.reason, e.ip, e.actorId]), [['login_failed', 'unknown_login', '127.0.0.1', null]]);
  const admin = await app.user('admin');
  assert.equal((await app.api('PATCH', `/api/users/${u.id}`, { token: admin.token, body: { active: false } })).status, 200);
  assert.equal((await login(url, u.login, TEST_PASSWORD)).status, 401);
  const [entry] = await authAudit(u.login);
  assert.equal(entry.after.reason, 'inactive');
  assert.equal(entry.after.userId, u.id);
  // Successful sign-ins are audited as before, on the user.
  const ok = await login(url, (await newUser()).login, TEST_PASSWORD);
  assert.equal(ok.status, 200);
  const logins = await app.api('GET', `/api/audit?entity=user&entityId=${ok.body.user.id}`, { token: manager.token });
  assert.ok(logins.body.items.some((e: any) => e.action === 'login' && e.ip === '127.0.0.1'));
});

test('Redis that does not answer: login fails fast with 503, it does not hang', async () => {
  // A "Redis" that accepts connections and never says a word (a hung server, a black-holed network).
  const sockets = new Set<Socket>();
  const silent = createTcpServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
  const port = (silent.address() as AddressInfo).port;
  const u = await newUser();

  // The connection looks ready (no ready check), so commands are sent and wait forever for a reply.
  const hung = await authApp({ redis: redisClient(`redis://127.0.0.1:${port}`, { enableReadyCheck: false }) });
  const a = await login(hung.url, u.login, TEST_PASSWORD);
  assert.equal(a.status, 503);
  assert.equal(a.body.error.code, 'service_unavailable');

  // Not ready (the ready check never completes, as during a reconnect): refused at once, nothing queued.
  const notReady = await authApp({ redis: redisClient(`redis://127.0.0.1:${port}`) });
  const b = await login(notReady.url, u.login, TEST_PASSWORD);
  assert.equal(b.status, 503);
  assert.equal(b.body.error.code, 'service_unavailable');

  // Connection refused (Redis down): the same.
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createTcpServer();
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const down = await authApp({ redis: redisClient(`redis://127.0.0.1:${closedPort}`) });
  const c = await login(down.url, u.login, TEST_PASSWORD);
  assert.equal(c.status, 503);
  assert.equal(c.body.error.code, 'service_unavailable');
});

test('password policy: common passwords and ones built on the login or name are refused with a code', async () => {
  const create = (body: Record<string, unknown>) => app.api('POST', '/api/users', { token: manager.token, body: { role: 'operator', ...body } });
  const codeOf = (res: { status: number; body: any }) => {
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'validation_failed');
    const detail = res.body.error.details.find((d: any) => d.path === 'password');
    assert.ok(detail, JSON.stringify(res.body));
    return detail.code;
  };
  for (const common of ['qwertyuiop', '1234567890', 'Password123', 'password2024!', 'fktrcfylhf12']) {
    assert.equal(codeOf(await create({ login: `pw_${++counter}`, password: common, name: 'Anna Smirnova' })), 'password_too_common', common);
  }
  assert.equal(codeOf(await create({ login: 'olga.ivanova', password: 'Olga.Ivanova2024', name: 'O. I.' })), 'password_contains_login');
  assert.equal(codeOf(await create({ login: 'o.ivanova', password: 'olga ivanova', name: 'Olga Ivanova' })), 'password_contains_name');
  assert.equal(codeOf(await create({ login: 'o.ivanova', password: 'my-ivanova-24!', name: 'Olga Ivanova' })), 'password_contains_name');
  assert.equal((await app.ds.getRepository(UserEntity).countBy({ login: 'o.ivanova' })), 0, 'nothing was created');
  // A long passphrase that merely contains the name or the login is fine; so is the tests' own password.
  assert.equal((await create({ login: 'o.ivanova', password: 'olga likes long walks by the river', name: 'Olga Ivanova' })).status, 201);
  assert.equal(passwordProblem(TEST_PASSWORD, { login: 'operator1_123', name: 'Test operator 1' }), null);

  // A password change (self, with the current one) and a reset by an admin meet the same policy.
  const self = await app.user('operator');
  const change = await app.api('PATCH', `/api/users/${self.id}`, { token: self.token, body: { password: 'iloveyou12345', currentPassword: TEST_PASSWORD } });
  assert.equal(codeOf(change), 'password_too_common');
  const admin = await app.user('admin');
  const reset = await app.api('PATCH', `/api/users/${self.id}`, { token: admin.token, body: { password: `zz${self.login}!` } });
  assert.equal(codeOf(reset), 'password_contains_login');
  assert.equal((await app.api('PATCH', `/api/users/${self.id}`, { token: admin.token, body: { password: 'a sound new passphrase' } })).status, 200);

  // ADMIN_PASSWORD: a bad one stops the start with one line naming the variable.
  for (const [loginName, password] of [['admin', 'qwerty123456'], ['ivan.petrov', 'ivan.petrov!!']]) {
    assert.throws(
      () => loadConfig({ ADMIN_LOGIN: loginName, ADMIN_PASSWORD: password }),
      (err: Error) => err instanceof ConfigError && /^Invalid configuration: ADMIN_PASSWORD /.test(err.message) && !err.message.includes('\n'),
    );
  }
  assert.equal(loadConfig({ ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'restart-admin-pw' }).admin?.login, 'admin');
});

/** Runs `npm run reset-admin` as an operator would on the server, with the password on stdin. */
function resetAdmin(env: Record<string, string>, args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/modules/auth/reset-admin.cli.ts', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

test('the admin always has a way back in: reset-admin sets the password, reactivates, ends sessions and clears the throttle', async () => {
  const prefix = freshPrefix();
  const { url } = await authApp({ redis: redisClient(), prefix });
  const admin = await app.user('admin');
  // Locked out: five wrong guesses spent the throttle.
  for (let i = 0; i < 6; i++) await login(url, admin.login, `forgotten password ${i}`);
  assert.equal((await login(url, admin.login, TEST_PASSWORD)).status, 429);

  const databaseUrl = db.config.type === 'sqlite' ? `sqlite:${db.config.path}` : db.config.url;
  const env = { DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, DEMO_PBX: '0', LOG_LEVEL: 'silent' };
  const weak = await resetAdmin(env, ['--login', admin.login.toUpperCase()], 'qwertyuiop\n');
  assert.equal(weak.code, 1);
  assert.match(weak.stderr.trim(), /^The new password .*\(password_too_common\)$/);

  const done = await resetAdmin(env, ['--login', admin.login.toUpperCase()], 'back in business at last\n');
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /reset admin .*throttle cleared/);
  const back = await login(url, admin.login, 'back in business at last');
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal(back.body.user.role, 'admin');
  assert.equal(back.body.user.active, true);
  assert.equal((await app.api('GET', '/api/auth/me', { token: admin.token })).status, 401, 'old sessions ended');
  const audit = await app.api('GET', `/api/audit?entity=user&entityId=${admin.id}`, { token: manager.token });
  assert.ok(audit.body.items.some((e: any) => e.action === 'update' && e.after.passwordChanged === true && e.after.via === 'reset-admin'));

  // A deactivated (or demoted) account comes back as an active admin.
  const gone = await app.user('manager');
  assert.equal((await app.api('PATCH', `/api/users/${gone.id}`, { token: back.body.token, body: { active: false } })).status, 200);
  assert.equal((await resetAdmin(env, ['--login', gone.login], 'another long passphrase\n')).code, 0);
  const revived = await login(url, gone.login, 'another long passphrase');
  assert.equal(revived.status, 200);
  assert.equal(revived.body.user.role, 'admin');

  // A login with no account yet gets a new admin.
  const fresh = await resetAdmin(env, ['--login', `rescue_${process.pid}`], 'a rescue passphrase here\n');
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.equal((await login(url, `rescue_${process.pid}`, 'a rescue passphrase here')).body.user.role, 'admin');
});
