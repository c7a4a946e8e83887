import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { createTestDatabase, viaPort, type TestDatabase } from '../helpers/test-db';
import { TcpProxy } from '../helpers/tcp-proxy';

// MariaDB is reached through a proxy that the test cuts, as a crashed or unreachable database would be.
let db: TestDatabase;
let proxy: TcpProxy;
let app: TestApp;
let token: string;

before(async () => {
  db = await createTestDatabase();
  if (db.config.type !== 'mysql') return;
  const server = new URL(db.config.url);
  proxy = new TcpProxy({ host: server.hostname, port: Number(server.port || 3306) });
  const port = await proxy.start();
  app = await startTestApp({ db, dbConfig: viaPort(db.config, port) });
  token = (await app.user('manager')).token;
});
after(async () => {
  await app?.close();
  await proxy?.cut();
  await db.drop();
});

test('with the database down, requests get 503 and no half-written data; after it returns, all works', { skip: process.env.TEST_DB === 'sqlite' ? 'needs a networked database' : false }, async () => {
  const created = await app.api('POST', '/api/clients', { token, body: { name: 'Перед аварией', phones: ['+79161110000'] } });
  assert.equal(created.status, 201);
  const before = (await app.api('GET', '/api/clients?limit=1', { token })).body.total;

  await proxy.cut();
  for (const [method, path, body] of [
    ['GET', '/api/clients', undefined],
    ['POST', '/api/clients', { name: 'Во время аварии', phones: ['+79161110001'], tags: ['a', 'b'] }],
    ['PATCH', `/api/clients/${created.body.id}`, { name: 'Не сохранится', phones: ['+79161110002'] }],
  ] as const) {
    const res = await app.api(method, path, { token, body });
    assert.equal(res.status, 503, `${method} ${path}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, 'service_unavailable');
  }
  const ready = await fetch(`${app.baseUrl}/readyz`);
  assert.equal(ready.status, 503);
  assert.equal((await ready.json()).database.status, 'down');

  await proxy.restore();
  let after: { status: number; body: any } | undefined;
  for (let i = 0; i < 50 && after?.status !== 200; i++) {
    after = await app.api('GET', '/api/clients?limit=1', { token });
    if (after.status !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(after?.status, 200);
  assert.equal(after?.body.total, before, 'nothing from the outage was written');
  const unchanged = await app.api('GET', `/api/clients/${created.body.id}`, { token });
  assert.equal(unchanged.body.name, 'Перед аварией');
  assert.equal(unchanged.body.phones[0].e164, '+79161110000');
  assert.equal((await fetch(`${app.baseUrl}/readyz`)).status, 200);
});
