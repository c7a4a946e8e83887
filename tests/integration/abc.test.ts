import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AuditEntity, ClientEntity, DealEntity, type Potential } from '../../server/db/entities';
import { addDays, localDate } from '../../server/modules/abc/abc-ranking';
import { classify } from '../../server/modules/clients/abc-classes.service';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A/B/C on hand-built data with known answers: the classic 520-client base (A = the first 50 % of the
 * period's turnover, B the next 35 %, C the last 15 %), the period's edges, pending and deleted, settings.
 */
let app: TestApp;
let sup: Awaited<ReturnType<TestApp['user']>>;
let mgr: Awaited<ReturnType<TestApp['user']>>;
let op: Awaited<ReturnType<TestApp['user']>>;
let today: string;
before(async () => {
  app = await startTestApp();
  op = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  today = localDate(new Date(), app.services.abc.zone);
});
after(() => app.close());

async function clients(names: string[], potential: (i: number) => Potential | null = () => null): Promise<number[]> {
  const now = new Date();
  const ids: number[] = [];
  for (let i = 0; i < names.length; i += 200) {
    const rows = names.slice(i, i + 200).map((name, k) => ({ kind: 'person' as const, name, nameSearch: name.toLowerCase(), organization: null, birthday: null, source: null, ownerId: null, stage: 'lead' as const, abcClass: null, potential: potential(i + k), tier: null, timezone: null, revenue: 0, createdAt: now, updatedAt: now, deletedAt: null }));
    const res = await app.ds.getRepository(ClientEntity).insert(rows);
    ids.push(...res.identifiers.map((x) => Number(x.id)));
  }
  app.services.abc.scheduleRecompute(); // written around the services: say the ranking's inputs changed, as they do
  return ids;
}

async function deals(rows: { clientId: number; amount: number; closedAt: string; status?: 'confirmed' | 'pending' }[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < rows.length; i += 200) {
    await app.ds.getRepository(DealEntity).insert(rows.slice(i, i + 200).map((d) => ({ clientId: d.clientId, title: 'Сделка', amount: d.amount, closedAt: d.closedAt, createdById: null, createdAt: now, status: d.status ?? 'confirmed', confirmedById: null, confirmedAt: null })));
  }
  app.services.abc.scheduleRecompute();
}

const report = async (path = '/api/reports/abc', token = sup.token) => {
  const res = await app.api('GET', path, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};
const classOf = async (id: number) => (await app.ds.getRepository(ClientEntity).findOneByOrFail({ id })).abcClass;

test('an empty base: defaults, every class empty, nothing unclassified', async () => {
  assert.deepEqual((await app.api('GET', '/api/settings/abc', { token: sup.token })).body, { shares: [50, 35, 15], periodDays: 365 });
  const r = await report();
  assert.deepEqual(r.shares, [50, 35, 15]);
  assert.equal(r.periodDays, 365);
  assert.deepEqual(r.classes, [
    { class: 'A', clients: 0, turnover: 0, share: 0, avgPerClient: 0 },
    { class: 'B', clients: 0, turnover: 0, share: 0, avgPerClient: 0 },
    { class: 'C', clients: 0, turnover: 0, share: 0, avgPerClient: 0 },
  ]);
  assert.equal(r.unclassified, 0);
  assert.deepEqual(r.pareto, []);
  assert.deepEqual((await app.api('POST', '/api/clients/abc/recompute', { token: mgr.token })).body, { A: 0, B: 0, C: 0 });
  const m = await report('/api/reports/abc/matrix');
  assert.equal(m.cells.length, 16);
  assert.ok(m.cells.every((c: { clients: number }) => c.clients === 0));
  assert.deepEqual((await report('/api/reports/abc/movement')).pairs, []);
  assert.equal((await app.api('GET', '/api/reports/abc', { token: op.token })).status, 403);
});

test('settings: validated (400, nothing changed, nothing audited), manager only', async () => {
  const bad: unknown[] = [
    { shares: [50, 35, 14], periodDays: 365 },
    { shares: [50, 50, 0], periodDays: 365 },
    { shares: [99, 1, 0], periodDays: 365 },
    { shares: [50.5, 34.5, 15], periodDays: 365 },
    { shares: [50, 35], periodDays: 365 },
    { shares: [50, 35, 15], periodDays: 0 },
    { shares: [50, 35, 15], periodDays: 3651 },
    { shares: [50, 35, 15] },
    { shares: [50, 35, 15], periodDays: 365, extra: 1 },
    { shares: ['50', '35', '15'], periodDays: 365 },
  ];
  for (const body of bad) assert.equal((await app.api('PUT', '/api/settings/abc', { token: mgr.token, body })).status, 400, JSON.stringify(body));
  assert.equal((await app.api('PUT', '/api/settings/abc', { token: sup.token, body: { shares: [80, 15, 5], periodDays: 365 } })).status, 403);
  assert.equal((await app.api('PUT', '/api/settings/abc', { token: op.token, body: { shares: [80, 15, 5], periodDays: 365 } })).status, 403);
  assert.equal((await app.api('GET', '/api/settings/abc', { token: op.token })).status, 403);
  assert.deepEqual((await app.api('GET', '/api/settings/abc', { token: mgr.token })).body, { shares: [50, 35, 15], periodDays: 365 });
  assert.equal(await app.ds.getRepository(AuditEntity).countBy({ entity: 'setting', entityId: 'abc' }), 0);
});

test('the classic 520-client base splits 50 / 150 / 320; pending, deleted and old deals do not count; settings recompute', async () => {
  // Turnover 96,000: 50 × 960 = 48,000 (50 %), 150 × 224 = 33,600 (35 %), 320 × 45 = 14,400 (15 %).
  const ids = await clients(Array.from({ length: 520 }, (_, i) => `Абонент ${i}`), (i) => (i >= 200 && i < 210 ? 'high' : i < 50 ? 'medium' : null));
  const amount = (i: number) => (i < 50 ? 960 : i < 200 ? 224 : 45);
  await deals(
    ids.flatMap((clientId, i) =>
      // A's turnover comes in two deals each, on the period's first and last day: both count.
      i < 50 ? [{ clientId, amount: 500, closedAt: addDays(today, -364) }, { clientId, amount: 460, closedAt: today }] : [{ clientId, amount: amount(i), closedAt: addDays(today, -(i % 300)) }],
    ),
  );
  // Not counted: a pending deal, a deal the day before the period, a deal of a deleted client, a future one.
  const [pending, old, deleted, future] = await clients(['Ждёт проверки', 'Давний', 'Удалённый', 'Будущий']);
  await deals([
    { clientId: pending!, amount: 1_000_000, closedAt: today, status: 'pending' },
    { clientId: old!, amount: 1_000_000, closedAt: addDays(today, -365) },
    { clientId: deleted!, amount: 1_000_000, closedAt: today },
    { clientId: future!, amount: 1_000_000, closedAt: addDays(today, 1) },
  ]);
  await app.ds.getRepository(ClientEntity).update({ id: deleted! }, { deletedAt: new Date() });

  assert.deepEqual((await app.api('POST', '/api/clients/abc/recompute', { token: mgr.token })).body, { A: 50, B: 150, C: 320 });
  assert.equal(await classOf(ids[0]!), 'A');
  assert.equal(await classOf(ids[49]!), 'A');
  // The 51st client starts exactly at 50 %: it is B; the 201st starts at 85 %: C.
  assert.equal(await classOf(ids[50]!), 'B');
  assert.equal(await classOf(ids[199]!), 'B');
  assert.equal(await classOf(ids[200]!), 'C');
  for (const id of [pending, old, deleted, future]) assert.equal(await classOf(id!), null);
  assert.equal((await app.api('GET', '/api/clients?class=A&limit=1', { token: mgr.token })).body.total, 50);

  const r = await report();
  assert.deepEqual(r.classes, [
    { class: 'A', clients: 50, turnover: 48000, share: 0.5, avgPerClient: 960 },
    { class: 'B', clients: 150, turnover: 33600, share: 0.35, avgPerClient: 224 },
    { class: 'C', clients: 320, turnover: 14400, share: 0.15, avgPerClient: 45 },
  ]);
  assert.equal(r.unclassified, 3, 'the pending, the old and the future client; the deleted one is not in the base');
  assert.equal(r.turnover, 96000);
  assert.equal(r.pareto.length, 20);
  assert.deepEqual(r.pareto.at(-1), { clients: 520, turnover: 96000 });
  assert.equal(r.pareto[0].clients, 26);
  assert.equal(r.pareto[0].turnover, 26 * 960);

  // Class × potential: ten C clients with high potential (the growth reserve), the A clients medium.
  const m = await report('/api/reports/abc/matrix');
  const cell = (cls: string | null, potential: string | null) => m.cells.find((c: { class: string | null; potential: string | null }) => c.class === cls && c.potential === potential);
  assert.deepEqual(cell('C', 'high'), { class: 'C', potential: 'high', clients: 10, turnover: 450 });
  assert.deepEqual(cell('A', 'medium'), { class: 'A', potential: 'medium', clients: 50, turnover: 48000 });
  assert.deepEqual(cell('C', null), { class: 'C', potential: null, clients: 310, turnover: 13950 });
  assert.deepEqual(cell(null, null), { class: null, potential: null, clients: 3, turnover: 0 });

  // A settings change is audited and recomputes at once: Pareto 80 / 15 / 5 over the same turnover.
  const put = await app.api('PUT', '/api/settings/abc', { token: mgr.token, body: { shares: [80, 15, 5], periodDays: 365 } });
  assert.equal(put.status, 200);
  assert.deepEqual(put.body, { shares: [80, 15, 5], periodDays: 365 });
  const audit = await app.ds.getRepository(AuditEntity).findBy({ entity: 'setting', entityId: 'abc' });
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.actorId, mgr.id);
  assert.deepEqual(JSON.parse(audit[0]!.before!), { shares: [50, 35, 15], periodDays: 365 });
  assert.deepEqual(JSON.parse(audit[0]!.after!), { shares: [80, 15, 5], periodDays: 365 });
  // The reference rule in memory gives the same classes as the database, client by client.
  const expected = classify(ids.map((id, i) => ({ id, revenue: amount(i) })), [80, 15, 5]);
  const got = await app.ds.getRepository(ClientEntity).find({ select: { id: true, abcClass: true } });
  for (const c of got) assert.equal(c.abcClass, expected.get(c.id) ?? null, `client ${c.id}`);
  const counts = { A: 0, B: 0, C: 0 };
  for (const cls of expected.values()) counts[cls]++;
  // 80 % of 96,000 = 76,800: A = 50 × 960 + 129 × 224 (the last starts at 76,672 < 76,800); B while under
  // 95 % = 91,200: the other 21 at 224 (up to 81,600) and 214 at 45 (the last starts at 91,185); C the other 106.
  assert.deepEqual(counts, { A: 179, B: 235, C: 106 });
  const r2 = await report();
  assert.deepEqual(r2.shares, [80, 15, 5]);
  assert.deepEqual(r2.classes.map((c: { clients: number }) => c.clients), [179, 235, 106]);

  // A shorter period: only the last 30 days (today and 29 before) count.
  assert.equal((await app.api('PUT', '/api/settings/abc', { token: mgr.token, body: { shares: [50, 35, 15], periodDays: 30 } })).status, 200);
  const r3 = await report();
  // A: all 50 by their deal of today (460 each); B/C: clients i with i % 300 < 30.
  const inPeriod = ids.map((id, i) => ({ id, revenue: i < 50 ? 460 : i % 300 < 30 ? amount(i) : 0 }));
  const e3 = classify(inPeriod, [50, 35, 15]);
  assert.equal(r3.classes.reduce((s: number, c: { clients: number }) => s + c.clients, 0), e3.size);
  assert.equal(r3.turnover, inPeriod.reduce((s, x) => s + x.revenue, 0));
  for (const c of await app.ds.getRepository(ClientEntity).find({ select: { id: true, abcClass: true } })) assert.equal(c.abcClass, e3.get(c.id) ?? null, `client ${c.id} (30 days)`);
  // A period given by hand: from the day the A clients' first deals closed, that one day.
  const day = addDays(today, -364);
  const r4 = await report(`/api/reports/abc?from=${day}&to=${day}`);
  assert.equal(r4.classes[0].clients + r4.classes[1].clients + r4.classes[2].clients, 50 + ids.filter((_, i) => i >= 50 && i % 300 === 364).length);
  assert.equal(r4.turnover, 50 * 500);
  assert.equal((await app.api('GET', `/api/reports/abc?from=${today}&to=${day}`, { token: sup.token })).status, 400);
  assert.equal((await app.api('PUT', '/api/settings/abc', { token: mgr.token, body: { shares: [50, 35, 15], periodDays: 365 } })).status, 200);
});

test('movement: the previous period against the current one, and who fell out of A', async () => {
  // Two clients made A in the previous 365 days with 1,000,000 each and nothing since.
  const [gone1, gone2] = await clients(['Ушедший крупный', 'Второй ушедший']);
  await deals([
    { clientId: gone1!, amount: 1_000_000, closedAt: addDays(today, -400) },
    { clientId: gone2!, amount: 900_000, closedAt: addDays(today, -729) },
  ]);
  const m = await report('/api/reports/abc/movement');
  assert.deepEqual(m.period2, { from: addDays(today, -364), to: today });
  assert.deepEqual(m.period1, { from: addDays(today, -729), to: addDays(today, -365) });
  // Previous period: the old client (1,000,000 at −365), gone1 (1,000,000) and gone2 (900,000) of 2,900,000:
  // the first two start under 50 % (A), gone2 starts at 69 % (B); none has turnover now.
  assert.deepEqual(
    m.pairs.filter((p: { from: string | null }) => p.from !== null),
    [{ from: 'A', to: null, clients: 2 }, { from: 'B', to: null, clients: 1 }],
  );
  assert.equal(m.fellOutOfA.total, 2);
  assert.deepEqual(m.fellOutOfA.items.map((i: { name: string; turnover1: number; class2: string | null }) => [i.name, i.turnover1, i.class2]), [['Давний', 1_000_000, null], ['Ушедший крупный', 1_000_000, null]]);
  assert.deepEqual(m.pairs.find((p: { from: string | null; to: string }) => p.from === null && p.to === 'A'), { from: null, to: 'A', clients: 50 });
  // Periods by hand: the current one against itself moves nobody.
  const same = await report(`/api/reports/abc/movement?from1=${addDays(today, -364)}&to1=${today}&from2=${addDays(today, -364)}&to2=${today}`);
  assert.deepEqual(same.pairs.map((p: { from: string; to: string }) => [p.from, p.to]), [['A', 'A'], ['B', 'B'], ['C', 'C']]);
  assert.equal(same.fellOutOfA.total, 0);
  assert.equal((await app.api('GET', `/api/reports/abc/movement?from1=${today}`, { token: sup.token })).status, 400);
});

test('files: CSV with a BOM and ";", XLSX', async () => {
  const csv = await fetch(`${app.baseUrl}/api/reports/abc?format=csv`, { headers: { authorization: `Bearer ${sup.token}` } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type')!, /text\/csv/);
  const text = Buffer.from(await csv.arrayBuffer()).toString('utf8'); // fetch's text() would drop the BOM
  assert.ok(text.startsWith('\uFEFFclass;clients;turnover;share;avgPerClient'), text);
  assert.match(text, /\nA;50;48000;0\.5;960\r?\n/);
  const matrix = await app.api('GET', '/api/reports/abc/matrix?format=csv', { token: sup.token });
  assert.match(matrix.body as string, /C;high;10;450/);
  const movement = await app.api('GET', '/api/reports/abc/movement?format=csv', { token: sup.token });
  assert.match(movement.body as string, /clientId;name;turnover1;class2;turnover2/);
  const xlsx = await fetch(`${app.baseUrl}/api/reports/abc?format=xlsx`, { headers: { authorization: `Bearer ${sup.token}` } });
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString(), 'PK');
});

test('the pages open on what the last recompute stored; a change seen by the services ranks live until the next one', async () => {
  await app.api('POST', '/api/clients/abc/recompute', { token: mgr.token });
  const stored = await report();
  const storedMatrix = await report('/api/reports/abc/matrix');
  // A deal written behind the services' back (another tool on the database): the stored reports do not see it
  // until a recompute; a period given by hand is ranked live and does.
  const [late] = await clients(['Поздний']);
  await app.services.abc.recompute();
  await app.ds.getRepository(DealEntity).insert({ clientId: late!, title: 'Сделка', amount: 777, closedAt: today, createdById: null, createdAt: new Date(), status: 'confirmed', confirmedById: null, confirmedAt: null });
  const unchanged = await report();
  assert.equal(unchanged.turnover, stored.turnover);
  const live = await report(`/api/reports/abc?from=${unchanged.from}&to=${unchanged.to}`);
  assert.equal(live.turnover, stored.turnover + 777);
  // A potential changed through the API is a change the ranking reads: live at once, stored again after the recompute.
  const patched = await app.api('PATCH', `/api/clients/${late}`, { token: mgr.token, body: { potential: 'high' } });
  assert.equal(patched.status, 200);
  const cell = (m: { cells: { class: string | null; potential: string | null; clients: number }[] }) => m.cells.filter((c) => c.class !== null && c.potential === 'high').reduce((n, c) => n + c.clients, 0);
  const after = await report('/api/reports/abc/matrix');
  assert.equal(cell(after), cell(storedMatrix) + 1);
  assert.equal((await report()).turnover, stored.turnover + 777);
  await app.services.abc.recompute();
  assert.equal(cell(await report('/api/reports/abc/matrix')), cell(after));
  assert.equal((await report()).turnover, stored.turnover + 777);
});

test('a snapshot with a full list of who fell out of A and long names still fits, and answers the default page', async () => {
  const names = Array.from({ length: 260 }, (_, i) => `${'Щ'.repeat(190)} ${String(i).padStart(3, '0')}`);
  const ids = await clients(names);
  await deals(ids.map((clientId, i) => ({ clientId, amount: 5_000_000 + i, closedAt: addDays(today, -400) })));
  const counts = (await app.api('POST', '/api/clients/abc/recompute', { token: mgr.token })).body;
  assert.ok(counts.A >= 0);
  assert.ok(app.services.abc.isCurrent(), 'the recompute and its snapshot went through');
  const m = await report('/api/reports/abc/movement');
  assert.equal(m.fellOutOfA.items.length, 100);
  assert.ok(m.fellOutOfA.total >= 120, String(m.fellOutOfA.total));
  assert.equal((await report('/api/reports/abc/movement?limit=120')).fellOutOfA.items.length, 120, 'a longer list is ranked live');
});

test('nightly: once per local night, kept in the database', async () => {
  await app.services.abc.recompute();
  assert.equal(await app.services.abc.nightly(), false, 'just ran');
  const tomorrow = new Date(Date.now() + 86_400_000);
  assert.equal(await app.services.abc.nightly(tomorrow), true);
  assert.equal(await app.services.abc.nightly(tomorrow), false);
  assert.equal((await app.services.abc.lastRun())!.getTime(), tomorrow.getTime());
});
