import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AmiServer, type AmiAction } from '../../telephony/simulator';
import { connectSocket } from '../helpers/socket-client';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';
import { createTestDatabase } from '../helpers/test-db';

// Two server processes on one MariaDB and one Redis, node A holding the PBX link: an operator's browser on
// node B chooses Break (the queue pause goes through A); a reload that lands on node A within the grace is
// not leaving (B counts sockets on every node); closing the last one, on A, makes them offline.
test('presence across nodes: the last socket is counted on every node; queue pauses from a standby node reach the PBX', { skip: process.env.TEST_DB === 'sqlite' ? 'scale-out needs MySQL and Redis' : false }, async () => {
  const db = await createTestDatabase();
  const sim = new AmiServer({ username: 'crm', secret: 'presence' });
  const amiPort = await sim.listen(0);
  const actions: AmiAction[] = [];
  sim.on('action', (a) => actions.push(a));
  const pauses = () => actions.filter((a) => a.name === 'QueuePause' && a.message.get('Interface') === 'Local/101@queue-agents/n').map((a) => `${a.message.get('Paused')}${a.message.get('Reason') ? ` ${a.message.get('Reason')}` : ''}`);
  const graceSeconds = 2;
  const common = {
    DATABASE_URL: (db.config as { url: string }).url,
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    ADMIN_LOGIN: 'admin',
    ADMIN_PASSWORD: 'scale-out-admin-pw',
    DEMO_DATA: '0',
    AMI_URL: `ami://crm:presence@127.0.0.1:${amiPort}`,
    AMI_QUEUE_INTERFACE: 'Local/{extension}@queue-agents/n',
    OFFLINE_GRACE_SECONDS: String(graceSeconds),
  };
  const [portA, portB] = [await freePort(), await freePort()];
  const nodes: ServerProcess[] = [];
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const call = async (port: number, method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${url(port)}${path}`, { method, headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const until = async (what: string, check: () => Promise<boolean> | boolean, ms = 20_000) => {
    const end = Date.now() + ms;
    while (!(await Promise.resolve(check()).catch(() => false))) {
      if (Date.now() > end) throw new Error(`timed out: ${what}\nA: ${nodes[0]?.output().slice(-2000)}\nB: ${nodes[1]?.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    nodes.push(spawnServer({ ...common, PORT: String(portA) }));
    await waitForOk(`${url(portA)}/readyz`, nodes[0]!, 60_000);
    await until('node A holds the link', async () => (await call(portA, 'GET', '/readyz')).body?.pbx?.status === 'connected');
    nodes.push(spawnServer({ ...common, PORT: String(portB) }));
    await waitForOk(`${url(portB)}/readyz`, nodes[1]!, 60_000);
    assert.equal((await call(portB, 'GET', '/readyz')).body?.pbx?.status, 'standby');

    const admin = (await call(portA, 'POST', '/api/auth/login', undefined, { login: 'admin', password: 'scale-out-admin-pw' })).body.token as string;
    const created = await call(portA, 'POST', '/api/users', admin, { login: 'op101', password: 'operator-password', name: 'Оператор 101', role: 'operator', extension: '101' });
    assert.equal(created.status, 201);
    const floorState = async () => ((await call(portA, 'GET', '/api/floor', admin)).body.agents as { id: number; state: string }[]).find((a) => a.id === created.body.id)?.state;
    const opToken = (await call(portB, 'POST', '/api/auth/login', undefined, { login: 'op101', password: 'operator-password' })).body.token as string;

    // On node B (standby): Break reaches the PBX through node A.
    const onB = await connectSocket(url(portB), opToken);
    assert.deepEqual(await onB.socket.emitWithAck('agent:set-state', { state: 'break' }), { ok: true });
    await until('paused on the PBX', () => pauses().at(-1) === 'true Break');
    assert.ok(sim.queueMembers.isAway('101'));

    // A reload that lands on the other node, within the grace.
    onB.socket.close();
    const onA = await connectSocket(url(portA), opToken);
    try {
      await new Promise((r) => setTimeout(r, graceSeconds * 1000 * 3));
      assert.equal(await floorState(), 'break', 'node B counted the socket on node A');
      assert.equal(pauses().at(-1), 'true Break');
    } finally {
      onA.socket.close();
    }
    // The last socket is gone: offline after the grace, paused as offline.
    await until('offline', async () => (await floorState()) === 'offline');
    await until('paused as offline', () => pauses().at(-1) === 'true Offline');
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
    await sim.close();
    await db.drop();
  }
});
