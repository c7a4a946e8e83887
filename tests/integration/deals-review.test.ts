import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClientEntity, DealEntity } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

/** The test app runs with the default DEAL_REVIEW_THRESHOLD: 100,000 per operator per 24 hours. */
let app: TestApp;
let op: Awaited<ReturnType<TestApp['user']>>;
let sup: Awaited<ReturnType<TestApp['user']>>;
let mgr: Awaited<ReturnType<TestApp['user']>>;
before(async () => {
  app = await startTestApp();
  op = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
});
after(() => app.close());

const newClient = async (name: string) => (await app.api('POST', '/api/clients', { token: mgr.token, body: { name } })).body.id as number;
const revenue = async (id: number) => (await app.ds.getRepository(ClientEntity).findOneByOrFail({ id })).revenue;
const deal = (token: string, clientId: number, amount: unknown, closedAt: unknown = '2026-11-20') =>
  app.api('POST', `/api/clients/${clientId}/deals`, { token, body: { title: 'Годовой контракт', amount, closedAt } });

test("an operator's deals past the review threshold wait for a supervisor before they move revenue and classes", async () => {
  const small = await newClient('Малый клиент');
  const big = await newClient('Подозрительно крупный');
  const first = await deal(op.token, small, 60_000);
  assert.equal(first.status, 201);
  assert.equal(first.body.status, 'confirmed');
  assert.equal(await revenue(small), 60_000);

  // 60,000 + 50,000 in 24 hours is past 100,000: this one waits.
  const second = await deal(op.token, big, 50_000);
  assert.equal(second.status, 201);
  assert.equal(second.body.status, 'pending');
  assert.equal(await revenue(big), 0, 'a pending deal adds nothing to revenue');
  await app.services.abc.recompute();
  assert.equal((await app.ds.getRepository(ClientEntity).findOneByOrFail({ id: big })).abcClass, null, 'nor to the classes');
  const listed = await app.api('GET', `/api/clients/${big}/deals`, { token: op.token });
  assert.deepEqual(listed.body.items.map((d: { status: string; amount: number }) => [d.status, d.amount]), [['pending', 50_000]]);

  // Operators cannot confirm (not even their own); a supervisor can, once.
  const byOperator = await app.api('POST', `/api/clients/${big}/deals/${second.body.id}/confirm`, { token: op.token });
  assert.equal(byOperator.status, 403);
  assert.equal(await revenue(big), 0);
  const confirmed = await app.api('POST', `/api/clients/${big}/deals/${second.body.id}/confirm`, { token: sup.token });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.deepEqual([confirmed.body.status, confirmed.body.confirmedById], ['confirmed', sup.id]);
  assert.equal(await revenue(big), 50_000);
  assert.equal((await app.api('POST', `/api/clients/${big}/deals/${second.body.id}/confirm`, { token: sup.token })).status, 409);
  assert.equal(await revenue(big), 50_000, 'a second confirmation adds nothing');

  const audit = await app.api('GET', `/api/audit?entity=deal&entityId=${second.body.id}`, { token: mgr.token });
  assert.deepEqual(audit.body.items.map((e: { action: string }) => e.action), ['confirm', 'create']);
  assert.equal(audit.body.items[1].after.status, 'pending');
  assert.equal(audit.body.items[0].actorId, sup.id);

  // A pending deal deleted by a manager leaves revenue alone; a confirmed one is taken back out.
  // What a supervisor confirmed was reviewed: 60,000 counted without review, 30,000 more fits, 15,000 more does not.
  assert.equal((await deal(op.token, small, 30_000)).body.status, 'confirmed');
  const third = await deal(op.token, small, 15_000);
  assert.equal(third.body.status, 'pending', 'over the 24-hour threshold again');
  assert.equal(await revenue(small), 90_000);
  assert.equal((await app.api('DELETE', `/api/clients/${small}/deals/${third.body.id}`, { token: mgr.token })).status, 204);
  assert.equal(await revenue(small), 90_000);
  assert.equal((await app.api('DELETE', `/api/clients/${small}/deals/${first.body.id}`, { token: mgr.token })).status, 204);
  assert.equal(await revenue(small), 30_000);

  // Supervisors' and managers' deals count at once, whatever the amount.
  const bySupervisor = await deal(sup.token, big, 900_000);
  assert.equal(bySupervisor.body.status, 'confirmed');
  assert.equal(await revenue(big), 950_000);
});

test('amounts and dates are checked: positive, at most 1,000,000,000 with 2 decimals, real calendar dates; 400 and nothing written', async () => {
  const id = await newClient('Проверка сумм');
  const bad: [unknown, unknown, string][] = [
    [1e20, '2026-11-20', 'amount'],
    [1_000_000_000.01, '2026-11-20', 'amount'],
    [0, '2026-11-20', 'amount'],
    [-5, '2026-11-20', 'amount'],
    [10.005, '2026-11-20', 'amount'],
    ['100', '2026-11-20', 'amount'],
    [100, '2026-02-31', 'closedAt'],
    [100, '2026-02-29', 'closedAt'],
    [100, '2026-13-01', 'closedAt'],
    [100, '2026-04-31', 'closedAt'],
    [100, '2026-4-3', 'closedAt'],
    [100, '9999-12-31', 'closedAt'],
    [100, '2026-11-20T00:00:00Z', 'closedAt'],
  ];
  for (const [amount, closedAt, field] of bad) {
    const res = await deal(mgr.token, id, amount, closedAt);
    assert.equal(res.status, 400, `${amount} ${closedAt}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.ok(res.body.error.details.some((d: { path: string }) => d.path === field), JSON.stringify(res.body.error.details));
  }
  assert.equal(await app.ds.getRepository(DealEntity).countBy({ clientId: id }), 0);
  assert.equal((await deal(mgr.token, id, 1_000_000_000, '2028-02-29')).status, 201, 'the largest amount on a leap day');
  assert.equal((await deal(mgr.token, id, 0.01, '2026-11-20')).status, 201);

  // A sum the revenue column cannot hold is a 400 too, not a database error.
  await app.ds.getRepository(ClientEntity).update({ id }, { revenue: 999_999_999_500 });
  const overflow = await deal(mgr.token, id, 1_000, '2026-11-20');
  assert.equal(overflow.status, 400, JSON.stringify(overflow.body));
  assert.equal(overflow.body.error.details[0].path, 'amount');
  assert.equal(await revenue(id), 999_999_999_500);
  assert.equal(await app.ds.getRepository(DealEntity).countBy({ clientId: id }), 2);
});

test('deals sent at once cannot slip past the threshold together', async () => {
  const rusher = await app.user('operator');
  const ids = await Promise.all([1, 2, 3, 4, 5].map((i) => newClient(`Параллельный ${i}`)));
  const results = await Promise.all(ids.map((id) => deal(rusher.token, id, 30_000)));
  assert.deepEqual(results.map((r) => r.status), [201, 201, 201, 201, 201]);
  const statuses = results.map((r) => r.body.status as string).sort();
  // 3 × 30,000 fit within 100,000; a 4th would not.
  assert.deepEqual(statuses, ['confirmed', 'confirmed', 'confirmed', 'pending', 'pending']);
  let total = 0;
  for (const id of ids) total += await revenue(id);
  assert.equal(total, 90_000);
});
