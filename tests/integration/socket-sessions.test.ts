import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { IsNull } from 'typeorm';
import { SessionEntity } from '../../server/db/entities';
import { DEFAULT_SOCKET_LIMITS } from '../../server/realtime/socket-limits';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app';

// Every socket belongs to a session: it ends with the session (logout, password change, deactivation,
// expiry), follows a role change, and is held to per-user and per-socket limits.
let app: TestApp;
let manager: { id: number; token: string };
before(async () => {
  app = await startTestApp();
  manager = await app.user('manager');
});
after(() => app.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = async (what: string, check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
};
type Sock = Awaited<ReturnType<typeof connectSocket>>;
/** Resolves with the reason the server gave for closing the socket; fails when it stays open for long. */
const closed = (s: Sock, ms = 15_000) =>
  new Promise<string>((resolve, reject) => {
    if (!s.socket.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`the socket is still open after ${ms} ms`)), ms);
    s.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
/** A supervisors' broadcast (what carries every caller's number), then one to the user: the latter marks "the former would have arrived by now". */
const broadcast = (marker: string, userId: number) => {
  app.services.notifier.toSupervisors('agent:state', { userId: 0, state: 'available', since: marker });
  app.services.notifier.toUser(userId, 'agent:state', { userId, state: 'break', since: marker });
};
const supervisorEvents = (s: Sock, marker: string) => s.of('agent:state').filter((e) => e.payload.since === marker && e.payload.userId === 0);
const ownEvents = (s: Sock, marker: string) => s.of('agent:state').filter((e) => e.payload.since === marker && e.payload.userId !== 0);
const login = async (loginName: string) => {
  const res = await app.api('POST', '/api/auth/login', { body: { login: loginName, password: TEST_PASSWORD } });
  assert.equal(res.status, 200);
  return res.body.token as string;
};

test('a live supervisor socket receives the supervisors\u2019 events (the baseline)', async () => {
  const sup = await app.user('supervisor');
  const s = await connectSocket(app.baseUrl, sup.token);
  try {
    broadcast('baseline', sup.id);
    await waitFor('own event', () => ownEvents(s, 'baseline').length === 1);
    await waitFor('supervisors event', () => supervisorEvents(s, 'baseline').length === 1);
  } finally {
    s.socket.close();
  }
});

test('logout cuts the sockets of that session at once, and only of that session', async () => {
  const sup = await app.user('supervisor');
  const other = await login(sup.login);
  const s = await connectSocket(app.baseUrl, sup.token);
  const sameUserOtherSession = await connectSocket(app.baseUrl, other);
  try {
    const cut = closed(s);
    assert.equal((await app.api('POST', '/api/auth/logout', { token: sup.token })).status, 204);
    assert.equal(await cut, 'io server disconnect');
    broadcast('after-logout', sup.id);
    await waitFor('the other session still gets events', () => ownEvents(sameUserOtherSession, 'after-logout').length === 1 && supervisorEvents(sameUserOtherSession, 'after-logout').length === 1);
    assert.equal(supervisorEvents(s, 'after-logout').length, 0);
    assert.ok(sameUserOtherSession.socket.connected);
    await assert.rejects(connectSocket(app.baseUrl, sup.token), /unauthorized/);
  } finally {
    s.socket.close();
    sameUserOtherSession.socket.close();
  }
});

test('logout through the cookie cuts a socket opened with the cookie', async () => {
  const sup = await app.user('supervisor');
  const res = await app.api('POST', '/api/auth/login', { body: { login: sup.login, password: TEST_PASSWORD } });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const s = await connectSocket(app.baseUrl, undefined, { headers: { cookie } });
  try {
    const cut = closed(s);
    assert.equal((await app.api('POST', '/api/auth/logout', { headers: { cookie, origin: app.baseUrl } })).status, 204);
    assert.equal(await cut, 'io server disconnect');
  } finally {
    s.socket.close();
  }
});

test('a password change by a manager cuts every socket of the user', async () => {
  const sup = await app.user('supervisor');
  const second = await login(sup.login);
  const a = await connectSocket(app.baseUrl, sup.token);
  const b = await connectSocket(app.baseUrl, second);
  try {
    const cuts = Promise.all([closed(a), closed(b)]);
    const res = await app.api('PATCH', `/api/users/${sup.id}`, { token: manager.token, body: { password: 'Kx9!new-and-long-enough-pass' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(await cuts, ['io server disconnect', 'io server disconnect']);
    broadcast('after-password', sup.id);
    await sleep(200);
    assert.equal(supervisorEvents(a, 'after-password').length + supervisorEvents(b, 'after-password').length, 0);
    await assert.rejects(connectSocket(app.baseUrl, sup.token), /unauthorized/);
  } finally {
    a.socket.close();
    b.socket.close();
  }
});

test('deactivation cuts every socket of the user', async () => {
  const sup = await app.user('supervisor');
  const s = await connectSocket(app.baseUrl, sup.token);
  try {
    const cut = closed(s);
    const res = await app.api('PATCH', `/api/users/${sup.id}`, { token: manager.token, body: { active: false } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(await cut, 'io server disconnect');
    await assert.rejects(connectSocket(app.baseUrl, sup.token), /unauthorized/);
  } finally {
    s.socket.close();
  }
});

test('a demotion takes the socket out of the supervisors\u2019 room; the reconnected socket has the operator\u2019s rooms only', async () => {
  const sup = await app.user('supervisor');
  const s = await connectSocket(app.baseUrl, sup.token);
  let again: Sock | undefined;
  try {
    const cut = closed(s);
    const res = await app.api('PATCH', `/api/users/${sup.id}`, { token: manager.token, body: { role: 'operator' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(await cut, 'io server disconnect');
    // The session lives on: the browser reconnects, now as an operator.
    again = await connectSocket(app.baseUrl, sup.token);
    broadcast('after-demotion', sup.id);
    await waitFor('own event on the new socket', () => ownEvents(again!, 'after-demotion').length === 1);
    await sleep(100);
    assert.equal(supervisorEvents(again, 'after-demotion').length, 0, 'a demoted user gets no supervisors\u2019 events');
    assert.equal(supervisorEvents(s, 'after-demotion').length, 0);
    const rooms = (await app.io.in(`user:${sup.id}`).fetchSockets()).flatMap((x) => [...x.rooms]);
    assert.ok(rooms.length > 0);
    assert.ok(!rooms.includes('supervisors'), `rooms: ${rooms.join(', ')}`);
  } finally {
    s.socket.close();
    again?.socket.close();
  }
});

test('a socket does not outlive its session\u2019s expiry', async () => {
  const sup = await app.user('supervisor');
  // The session ends in a moment (as if SESSION_TTL_HOURS had run out).
  await app.ds.getRepository(SessionEntity).update({ userId: sup.id, revokedAt: IsNull() }, { expiresAt: new Date(Date.now() + 1500) });
  const s = await connectSocket(app.baseUrl, sup.token);
  const cut = closed(s);
  assert.equal(await cut, 'io server disconnect');
  broadcast('after-expiry', sup.id);
  await sleep(200);
  assert.equal(supervisorEvents(s, 'after-expiry').length, 0);
  await assert.rejects(connectSocket(app.baseUrl, sup.token), /unauthorized/);
  s.socket.close();
});

test(`a user holds at most ${DEFAULT_SOCKET_LIMITS.connectionsPerUser} sockets per node; the next handshake is refused until one closes`, async () => {
  const op = await app.user('operator');
  const max = DEFAULT_SOCKET_LIMITS.connectionsPerUser;
  const open: Sock[] = [];
  try {
    for (let i = 0; i < max; i++) open.push(await connectSocket(app.baseUrl, op.token));
    await assert.rejects(connectSocket(app.baseUrl, op.token), /too_many_connections/);
    // Another user is not affected.
    const other = await app.user('operator');
    open.push(await connectSocket(app.baseUrl, other.token));
    // Closing one frees a slot (the server notices the close a moment later).
    open.shift()!.socket.close();
    const end = Date.now() + 10_000;
    let next: Sock | undefined;
    while (!next) {
      next = await connectSocket(app.baseUrl, op.token).catch((err: Error) => {
        if (!/too_many_connections/.test(err.message) || Date.now() > end) throw err;
        return undefined;
      });
      if (!next) await sleep(50);
    }
    open.push(next);
  } finally {
    for (const s of open) s.socket.close();
  }
});

test('a socket that floods gets rate_limited acks and is cut; a calm one is served', async () => {
  const calm = await app.user('operator');
  const c = await connectSocket(app.baseUrl, calm.token);
  try {
    for (let i = 0; i < 5; i++) {
      const ack = await c.socket.timeout(5000).emitWithAck('agent:set-state', { state: 'bogus' } as never);
      assert.equal(ack.ok, false);
      assert.equal(ack.ok === false && ack.code, undefined, 'a calm socket gets the handler\u2019s own answer');
    }
    assert.ok(c.socket.connected);
  } finally {
    c.socket.close();
  }

  const noisy = await app.user('operator');
  const s = await connectSocket(app.baseUrl, noisy.token);
  const acks: { ok: boolean; code?: string }[] = [];
  const cut = closed(s);
  for (let i = 0; i < 1000 && s.socket.connected; i++) {
    s.socket.emit('agent:set-state', { state: 'bogus' } as never, (r) => acks.push(r as never));
    if (i % 100 === 99) await sleep(1); // let the answers in
  }
  assert.equal(await cut, 'io server disconnect');
  assert.ok(acks.some((a) => a.code === 'rate_limited'), 'excess events are answered rate_limited');
  assert.ok(acks.some((a) => a.ok === false && a.code === undefined), `events within the budget reach the handler: ${JSON.stringify(acks.slice(0, 30))}`);
  // The session itself is not over: a new socket is served.
  const again = await connectSocket(app.baseUrl, noisy.token);
  again.socket.close();
});

test('each event re-checks the session: an event after expiry is refused even before the timer fires', async () => {
  const op = await app.user('operator');
  const s = await connectSocket(app.baseUrl, op.token);
  try {
    // Stand in for a clock that ran past the expiry between two timer ticks: shorten the socket's session in place.
    const [server] = await app.io.in(`user:${op.id}`).fetchSockets();
    assert.ok(server);
    server.data.expiresAt = Date.now() - 1;
    const cut = closed(s);
    const ack = await s.socket.timeout(5000).emitWithAck('agent:set-state', { state: 'available' });
    assert.deepEqual({ ok: ack.ok, code: ack.ok === false ? ack.code : undefined }, { ok: false, code: 'unauthorized' });
    assert.equal(await cut, 'io server disconnect');
  } finally {
    s.socket.close();
  }
});
