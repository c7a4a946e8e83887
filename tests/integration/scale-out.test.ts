import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { connectSocket } from '../helpers/socket-client';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';
import { createTestDatabase } from '../helpers/test-db';

// Two server processes on one MariaDB and one Redis: the PBX link is on node A, the operator's browser
// on node B; the Redis streams adapter carries the pop across.
test('a pop raised on one node reaches an operator connected to another', { skip: process.env.TEST_DB === 'sqlite' ? 'scale-out needs MySQL and Redis' : false }, async () => {
  const db = await createTestDatabase();
  const sim = new AmiServer({ username: 'crm', secret: 'scale', speed: 2 });
  const amiPort = await sim.listen(0);
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const common = {
    DATABASE_URL: (db.config as { url: string }).url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: prefix,
    ADMIN_LOGIN: 'admin',
    ADMIN_PASSWORD: 'scale-out-admin-pw',
    DEMO_DATA: '0',
  };
  const [portA, portB] = [await freePort(), await freePort()];
  const nodes: ServerProcess[] = [];
  try {
    nodes.push(spawnServer({ ...common, PORT: String(portA), AMI_URL: `ami://crm:scale@127.0.0.1:${amiPort}` }));
    await waitForOk(`http://127.0.0.1:${portA}/readyz`, nodes[0]!, 60_000);
    nodes.push(spawnServer({ ...common, PORT: String(portB), DEMO_PBX: '0' }));
    await waitForOk(`http://127.0.0.1:${portB}/readyz`, nodes[1]!, 60_000);
    const ready = await (await fetch(`http://127.0.0.1:${portB}/readyz`)).json();
    assert.equal(ready.redis.status, 'up');

    const call = async (port: number, method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const admin = (await call(portA, 'POST', '/api/auth/login', undefined, { login: 'admin', password: 'scale-out-admin-pw' })).body.token;
    assert.equal((await call(portA, 'POST', '/api/users', admin, { login: 'op101', password: 'operator-password', name: 'Оператор 101', role: 'operator', extension: '101' })).status, 201);
    await call(portA, 'POST', '/api/clients', admin, { name: 'Клиент Из Другого Узла', phones: ['+7 916 700 00 01'] });
    const opToken = (await call(portB, 'POST', '/api/auth/login', undefined, { login: 'op101', password: 'operator-password' })).body.token;
    const onB = await connectSocket(`http://127.0.0.1:${portB}`, opToken);
    try {
      void sim.play(inboundCall(sim.pbx, { caller: { number: '+79167000001', name: 'Кросс Узел' }, attempts: [{ ext: '101', ringMs: 3000, answered: true }], talkMs: 4000 }, sim.clock.now()));
      const end = Date.now() + 15_000;
      while (onB.of('screenpop').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const pop = onB.of('screenpop')[0]?.payload;
      assert.ok(pop, 'the pop crossed from node A to node B');
      assert.equal(pop.client?.name, 'Клиент Из Другого Узла');
      while (!onB.of('call:update').some((u) => u.payload.state === 'ended') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.ok(onB.of('call:update').some((u) => u.payload.state === 'answered'));
    } finally {
      onB.socket.close();
    }
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await sim.close();
    await db.drop();
  }
});

// Both nodes are configured with the PBX; one holds the link at a time. The holder is killed outright
// (no shutdown, its lease left to expire): the other takes the link and the calls go on reaching people.
test('one node holds the PBX link; when it dies, another takes over within seconds', { skip: process.env.TEST_DB === 'sqlite' ? 'scale-out needs MySQL and Redis' : false }, async () => {
  const db = await createTestDatabase();
  const sim = new AmiServer({ username: 'crm', secret: 'lease', speed: 2 });
  const amiPort = await sim.listen(0);
  const common = {
    DATABASE_URL: (db.config as { url: string }).url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    ADMIN_LOGIN: 'admin',
    ADMIN_PASSWORD: 'scale-out-admin-pw',
    DEMO_DATA: '0',
    AMI_URL: `ami://crm:lease@127.0.0.1:${amiPort}`,
  };
  const ports = [await freePort(), await freePort()];
  const nodes: ServerProcess[] = [];
  const pbxOf = async (port: number) => ((await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { pbx: { status: string } }).pbx.status;
  const until = async (check: () => Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (!(await check().catch(() => false)) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    return check().catch(() => false);
  };
  try {
    nodes.push(spawnServer({ ...common, PORT: String(ports[0]) }));
    await waitForOk(`http://127.0.0.1:${ports[0]}/readyz`, nodes[0]!, 60_000);
    assert.ok(await until(async () => (await pbxOf(ports[0]!)) === 'connected', 15_000), 'the first node holds the link');
    nodes.push(spawnServer({ ...common, PORT: String(ports[1]) }));
    await waitForOk(`http://127.0.0.1:${ports[1]}/readyz`, nodes[1]!, 60_000);
    await new Promise((r) => setTimeout(r, 3000)); // more than one of its tries to take the link
    assert.equal(await pbxOf(ports[1]!), 'standby');
    assert.equal(sim.loggedInSessions, 1, 'one AMI session for both nodes');

    nodes[0]!.child.kill('SIGKILL');
    await nodes[0]!.exited;
    const killedAt = Date.now();
    assert.ok(await until(async () => (await pbxOf(ports[1]!)) === 'connected', 20_000), 'the survivor took the link');
    const takeoverMs = Date.now() - killedAt;
    assert.ok(takeoverMs < 15_000, `took over in ${takeoverMs} ms`);
    assert.ok(await until(async () => sim.loggedInSessions === 1, 5000), 'still one session: the dead node’s is gone');

    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const res = await fetch(`http://127.0.0.1:${ports[1]}${path}`, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const admin = (await call('POST', '/api/auth/login', undefined, { login: 'admin', password: 'scale-out-admin-pw' })).body.token;
    assert.equal((await call('POST', '/api/users', admin, { login: 'op102', password: 'operator-password', name: 'Оператор 102', role: 'operator', extension: '102' })).status, 201);
    const op = (await call('POST', '/api/auth/login', undefined, { login: 'op102', password: 'operator-password' })).body.token;
    const socket = await connectSocket(`http://127.0.0.1:${ports[1]}`, op);
    try {
      void sim.play(inboundCall(sim.pbx, { caller: { number: '+79167000002', name: 'После Сбоя' }, attempts: [{ ext: '102', ringMs: 2000, answered: true }], talkMs: 2000 }, sim.clock.now()));
      assert.ok(await until(async () => socket.of('screenpop').length > 0, 15_000), 'a call after the takeover pops on the operator');
    } finally {
      socket.socket.close();
    }
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await sim.close();
    await db.drop();
  }
});
