import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { ClientEntity } from '../../server/db/entities';
import { ReadBudget } from '../../server/modules/read-budget/read-budget.service';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
before(async () => {
  app = await startTestApp();
});
after(() => app.close());

/** Inserts `n` bare clients tagged `tag` straight into the table (the export and the lists only need rows). */
async function seedClients(n: number, tag: string): Promise<void> {
  const now = new Date();
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, (_, k) => {
      const name = `Bulk ${tag} ${String(i + k).padStart(6, '0')}`;
      return { kind: 'person' as const, name, nameSearch: name.toLowerCase(), organization: null, birthday: null, source: tag, ownerId: null, stage: 'lead' as const, abcClass: null, potential: null, tier: null, timezone: null, revenue: 0, createdAt: now, updatedAt: now, deletedAt: null };
    });
    await app.ds.getRepository(ClientEntity).insert(rows);
  }
}

const bulkReads = async (token: string, actorId: number) =>
  (await app.api('GET', `/api/audit?actorId=${actorId}&limit=100`, { token })).body.items.filter((e: { action: string }) => e.action === 'bulk_read');

test('an operator pages 50 at a time and 2,000 rows an hour; past it 429, and the large read is in the audit log', async () => {
  const source = `ops${randomBytes(3).toString('hex')}`;
  await seedClients(60, source);
  const op = await app.user('operator');
  const mgr = await app.user('manager');

  const big = await app.api('GET', `/api/clients?source=${source}&limit=51`, { token: op.token });
  assert.equal(big.status, 400, JSON.stringify(big.body));
  assert.equal(big.body.error.code, 'validation_failed');
  assert.equal(big.body.error.details[0].path, 'limit');

  // 40 pages of 50 rows: exactly the budget.
  for (let page = 0; page < 40; page++) {
    const res = await app.api('GET', `/api/clients?source=${source}&limit=50&offset=${(page % 2) * 10}`, { token: op.token });
    assert.equal(res.status, 200, `page ${page}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.items.length, 50);
  }
  const refused = await app.api('GET', `/api/clients?source=${source}&limit=10`, { token: op.token });
  assert.equal(refused.status, 429, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, 'read_budget_exceeded');
  assert.match(refused.body.error.message, /2000 of the 2000 rows/);
  assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After');
  // Cards one by one and the call log draw on the same budget.
  const anyId = (await app.ds.getRepository(ClientEntity).findOneByOrFail({ source })).id;
  assert.equal((await app.api('GET', `/api/clients/${anyId}`, { token: op.token })).status, 429);
  assert.equal((await app.api('GET', '/api/calls?limit=5', { token: op.token })).status, 429);
  // Another operator's budget is their own.
  const other = await app.user('operator');
  assert.equal((await app.api('GET', `/api/clients?source=${source}&limit=50`, { token: other.token })).status, 200);

  const entries = await bulkReads(mgr.token, op.id);
  assert.deepEqual(entries.map((e: { after: { rows: number } }) => e.after.rows).sort((a: number, b: number) => a - b), [1000, 2000]);
  assert.equal(entries[0].entity, 'client');
  assert.equal(entries[0].after.budget, 2000);
  assert.equal(entries[0].after.filters.source, source);
});

test('pages asked for at once cannot read past the budget together', async () => {
  const source = `par${randomBytes(3).toString('hex')}`;
  await seedClients(50, source);
  const op = await app.user('operator');
  const results = await Promise.all(Array.from({ length: 45 }, () => app.api('GET', `/api/clients?source=${source}&limit=50`, { token: op.token })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 40, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 429).length, 5);
});

test('managers read without a cap, but a large read is audited with the count', async () => {
  const source = `mgr${randomBytes(3).toString('hex')}`;
  await seedClients(200, source);
  const mgr = await app.user('manager');
  for (let page = 0; page < 6; page++) {
    const res = await app.api('GET', `/api/clients?source=${source}&limit=200`, { token: mgr.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 200);
  }
  const entries = await bulkReads(mgr.token, mgr.id);
  assert.equal(entries.length, 1, JSON.stringify(entries));
  assert.equal(entries[0].after.rows, 1000);
  assert.equal(entries[0].after.budget, null);
});

test('with Redis, every node counts against one budget', async () => {
  const prefix = `test-rb-${randomBytes(4).toString('hex')}`;
  const redisA = new Redis('redis://127.0.0.1:6379');
  const redisB = new Redis('redis://127.0.0.1:6379');
  await Promise.all([once(redisA, 'ready'), once(redisB, 'ready')]);
  try {
    const nodeA = new ReadBudget(app.ds, app.services.audit, { redis: redisA, prefix, budgets: { operator: 100 } });
    const nodeB = new ReadBudget(app.ds, app.services.audit, { redis: redisB, prefix, budgets: { operator: 100 } });
    const actor = { userId: 999_001, role: 'operator' as const, ip: null };
    await (await nodeA.reserve(actor, 50, { entity: 'client', list: 'clients' }))(50);
    await (await nodeB.reserve(actor, 50, { entity: 'client', list: 'clients' }))(30); // 20 given back
    await (await nodeA.reserve(actor, 20, { entity: 'client', list: 'clients' }))(20);
    await assert.rejects(nodeB.reserve(actor, 1, { entity: 'client', list: 'clients' }), (err: { status?: number }) => err.status === 429);
    assert.ok((await redisA.keys(`${prefix}:read_budget_operator*`)).length > 0, 'the counter lives in Redis');
  } finally {
    const keys = await redisA.keys(`${prefix}:*`);
    if (keys.length) await redisA.del(...keys);
    redisA.disconnect();
    redisB.disconnect();
  }
});

/** GET the export with a raw request: `abortAfterBytes` cuts the download once that much has come. */
function download(path: string, token: string, abortAfterBytes?: number): Promise<{ status: number; bytes: number; aborted: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (abortAfterBytes !== undefined && bytes >= abortAfterBytes) {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, bytes, aborted: true });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, aborted: false }));
      res.on('error', () => undefined);
    });
    req.on('error', (err) => (abortAfterBytes === undefined ? reject(err) : undefined));
    req.end();
  });
}

const exportEntries = async (token: string, actorId: number) =>
  (await app.api('GET', `/api/audit?entity=client&entityId=all&actorId=${actorId}&limit=100`, { token })).body.items.filter((e: { action: string }) => e.action === 'export');

async function waitFor<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('an export is audited when it starts (filters) and when it ends (rows sent; completed or aborted)', async () => {
  const source = `exp${randomBytes(3).toString('hex')}`;
  await seedClients(40_000, source);
  const mgr = await app.user('manager');

  const aborted = await download(`/api/clients/export?source=${source}`, mgr.token, 64 * 1024);
  assert.equal(aborted.status, 200);
  assert.ok(aborted.aborted);
  const [end, start] = await waitFor('the end of the aborted export', async () => {
    const items = await exportEntries(mgr.token, mgr.id);
    return items.length >= 2 ? items : undefined;
  });
  assert.equal(start.after.status, 'started');
  assert.equal(start.after.filters.source, source);
  assert.equal(end.after.status, 'aborted');
  assert.equal(end.after.exportId, start.after.exportId);
  assert.ok(end.after.rows > 0 && end.after.rows < 40_000, `rows sent: ${end.after.rows}`);

  const whole = await download(`/api/clients/export?source=${source}&sort=createdAt`, mgr.token);
  assert.equal(whole.status, 200);
  const done = await waitFor('the end of the whole export', async () => {
    const items = await exportEntries(mgr.token, mgr.id);
    return items.length >= 4 ? items[0] : undefined;
  });
  assert.deepEqual([done.after.status, done.after.rows, done.after.filters.sort], ['completed', 40_000, 'createdAt']);
});
