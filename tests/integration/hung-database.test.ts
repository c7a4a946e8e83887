import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { test } from 'node:test';
import { freePort, spawnServer, waitForOk } from '../helpers/spawn-server';
import { createTestDatabase } from '../helpers/test-db';

/** A pass-through that can stop forwarding without closing anything: a database host that hangs. */
class FreezingProxy {
  frozen = false;
  private readonly held: (() => void)[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((client) => {
    const upstream = connect(this.target.port, this.target.host);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (this.frozen) this.held.push(() => to.write(chunk));
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => (client.destroy(), upstream.destroy()));
    }
  });

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  thaw(): void {
    this.frozen = false;
    for (const write of this.held.splice(0)) write();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

// Issue 10, item 12: a hung database held requests forever (the pool neither fails nor times out a query).
test('a hung database: requests answer 503 after REQUEST_TIMEOUT_SECONDS instead of hanging', { skip: process.env.TEST_DB === 'sqlite' ? 'SQLite is a file, it does not hang on a network' : false }, async () => {
  const db = await createTestDatabase();
  const url = new URL((db.config as { url: string }).url);
  const proxy = new FreezingProxy({ host: url.hostname, port: Number(url.port || 3306) });
  url.port = String(await proxy.start());
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawnServer({ DATABASE_URL: url.toString(), PORT: String(port), HOST: '127.0.0.1', ADMIN_LOGIN: 'chief', ADMIN_PASSWORD: 'a-long-admin-passphrase', DEMO_DATA: '0', REQUEST_TIMEOUT_SECONDS: '2' });
  try {
    await waitForOk(`${base}/readyz`, proc, 60_000);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'chief', password: 'a-long-admin-passphrase' }) });
    const { token } = (await login.json()) as { token: string };
    const get = () => fetch(`${base}/api/clients?limit=1`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    assert.equal((await get()).status, 200);

    proxy.frozen = true;
    const res = await get(); // would hang until the 30 s abort without the deadline
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'timeout');
    assert.equal(res.headers.get('retry-after'), '5');

    proxy.thaw();
    let after = 0;
    for (let i = 0; i < 50 && after !== 200; i++) {
      after = (await get()).status;
      if (after !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(after, 200, 'the node serves again once the database answers');
    assert.equal(proc.child.exitCode, null, 'the late answers to the timed-out requests did not crash the node');
  } finally {
    await proc.stop();
    await proxy.close();
    await db.drop();
  }
});
