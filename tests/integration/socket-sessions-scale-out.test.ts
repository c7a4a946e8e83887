import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { connectSocket } from '../helpers/socket-client';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';
import { createTestDatabase } from '../helpers/test-db';

// Two server processes on one MariaDB and one Redis: a session ended or demoted through node A cuts the
// sockets it holds on node B (the streams adapter carries the cut).
test('logout and a demotion on one node cut the sockets on another', { skip: process.env.TEST_DB === 'sqlite' ? 'scale-out needs MySQL and Redis' : false }, async () => {
  const db = await createTestDatabase();
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const common = {
    DATABASE_URL: (db.config as { url: string }).url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    ADMIN_LOGIN: 'admin',
    ADMIN_PASSWORD: 'scale-out-admin-pw-7Qz',
    DEMO_PBX: '0',
    DEMO_DATA: '0',
  };
  const [portA, portB] = [await freePort(), await freePort()];
  const nodes: ServerProcess[] = [];
  const sockets: Awaited<ReturnType<typeof connectSocket>>[] = [];
  try {
    nodes.push(spawnServer({ ...common, PORT: String(portA) }));
    await waitForOk(`http://127.0.0.1:${portA}/readyz`, nodes[0]!, 60_000);
    nodes.push(spawnServer({ ...common, PORT: String(portB) }));
    await waitForOk(`http://127.0.0.1:${portB}/readyz`, nodes[1]!, 60_000);

    const call = async (port: number, method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const admin = (await call(portA, 'POST', '/api/auth/login', undefined, { login: 'admin', password: common.ADMIN_PASSWORD })).body.token;
    const created = await call(portA, 'POST', '/api/users', admin, { login: 'sup1', password: 'Supervisor-pw-of-sup1-42', name: 'Старший Смены', role: 'supervisor' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const signIn = async () => (await call(portA, 'POST', '/api/auth/login', undefined, { login: 'sup1', password: 'Supervisor-pw-of-sup1-42' })).body.token as string;
    const [first, second] = [await signIn(), await signIn()];
    const onB1 = await connectSocket(`http://127.0.0.1:${portB}`, first);
    const onB2 = await connectSocket(`http://127.0.0.1:${portB}`, second);
    sockets.push(onB1, onB2);
    const cutOf = (s: (typeof sockets)[number]) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the socket on node B is still open after 15 s')), 15_000);
        s.socket.once('disconnect', (reason) => {
          clearTimeout(timer);
          resolve(reason);
        });
      });

    const firstCut = cutOf(onB1);
    assert.equal((await call(portA, 'POST', '/api/auth/logout', first)).status, 204);
    assert.equal(await firstCut, 'io server disconnect');
    assert.ok(onB2.socket.connected, 'the other session\u2019s socket stays');

    const secondCut = cutOf(onB2);
    assert.equal((await call(portA, 'PATCH', `/api/users/${created.body.id}`, admin, { role: 'operator' })).status, 200);
    assert.equal(await secondCut, 'io server disconnect');
    // The session lives on: the browser reconnects to B, and the handshake gives it the operator's rooms.
    const again = await connectSocket(`http://127.0.0.1:${portB}`, second);
    sockets.push(again);
    assert.ok(again.socket.connected);
  } finally {
    for (const s of sockets) s.socket.close();
    await Promise.all(nodes.map((n) => n.stop()));
    await db.drop();
  }
});
