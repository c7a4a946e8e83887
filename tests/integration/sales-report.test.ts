import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { CallDirection, CallOutcome } from '../../server/db/entities';
import { download, insertCall, insertClient, insertDeal, insertTeam } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Hand-built calls, deals and clients whose sales and repeat-purchase figures are known. The floor's time zone
// is the test app's default, Europe/Moscow (UTC+3, no DST): local midnight is 21:00 UTC the day before.
// Sales: the period 2026-11-10..2026-11-11 local = [2026-11-09T21:00Z, 2026-11-11T21:00Z); deals' DATEs 10th–11th.
// Repeat purchases: the deals of 2025, apart from the sales deals.
let app: TestApp;
type U = { id: number; token: string };
let opA: U; // many contacts, two sales
let opB: U; // few contacts, the same two sales
let opC: U; // one contact, one sale
let opD: U; // a sale, no contacts (team two)
let opE: U; // contacts, no sales (team two)
let sup: U;
let mgr: U;
let team1: number;
let team2: number;
let seq = 0;
const ids: Record<string, number> = {};

const CREATED = new Date('2024-01-01T00:00:00Z');
const client = (name: string, ownerId: number | null, deleted = false) => insertClient(app, name, { ownerId, createdAt: CREATED, deletedAt: deleted ? CREATED : null });

async function call(operatorId: number, startedAt: string, disposition: string | null, extra: { direction?: CallDirection; outcome?: CallOutcome } = {}): Promise<void> {
  ++seq;
  await insertCall(app, { pbxCallId: `s${seq}`, operatorId, startedAt, disposition, direction: extra.direction ?? (seq % 2 === 0 ? 'inbound' : 'outbound'), outcome: extra.outcome, clientId: ids.buyer ?? null, talkSeconds: 60 });
}

async function deal(clientId: number, closedAt: string, amount: number, createdById: number | null, status: 'confirmed' | 'pending' = 'confirmed'): Promise<void> {
  await insertDeal(app, { clientId, title: `deal ${++seq}`, amount, closedAt, createdById, status });
}

before(async () => {
  app = await startTestApp();
  opA = await app.user('operator');
  opB = await app.user('operator');
  opC = await app.user('operator');
  opD = await app.user('operator');
  opE = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  team1 = await insertTeam(app, mgr.token, 'Sales one', [opA, opB, opC]);
  team2 = await insertTeam(app, mgr.token, 'Sales two', [opD, opE]);

  // ---- Sales beside contacts ----
  ids.buyer = await client('Buyer', null);
  const gone = await client('Deleted buyer', opA.id, true);
  // opA: 10 contacts (2 sale, 3 info_given, 5 not_interested) → 5 effective, 2 sale calls.
  for (let i = 0; i < 10; i++) await call(opA.id, `2026-11-10T0${i}:00:00Z`, i < 2 ? 'sale' : i < 5 ? 'info_given' : 'not_interested');
  await call(opA.id, '2026-11-09T20:59:59Z', 'sale'); // 23:59:59 local on the 9th: out
  await call(opA.id, '2026-11-10T12:00:00Z', 'sale', { direction: 'internal' }); // internal: not a contact
  await call(opA.id, '2026-11-10T13:00:00Z', null, { outcome: 'missed' }); // not answered
  // opB: 2 contacts, both sales, exactly at the period's local midnights; one more just after: out.
  await call(opB.id, '2026-11-09T21:00:00Z', 'sale'); // 00:00 local on the 10th: in
  await call(opB.id, '2026-11-11T20:59:59Z', 'sale'); // 23:59:59 local on the 11th: in
  await call(opB.id, '2026-11-11T21:00:00Z', 'sale'); // 00:00 on the 12th: out
  await call(opC.id, '2026-11-10T10:00:00Z', 'not_interested');
  for (let i = 0; i < 3; i++) await call(opE.id, `2026-11-11T1${i}:00:00Z`, 'not_interested');

  await deal(ids.buyer, '2026-11-10', 2500, opA.id);
  await deal(ids.buyer, '2026-11-11', 1500, opA.id);
  await deal(ids.buyer, '2026-11-10', 9999, opA.id, 'pending'); // pending: never counts
  await deal(ids.buyer, '2026-11-09', 777, opA.id); // the day before: out
  await deal(ids.buyer, '2026-11-12', 888, opA.id); // the day after: out
  await deal(gone, '2026-11-10', 5555, opA.id); // a deleted client's deal: out
  await deal(ids.buyer, '2026-11-10', 3000, opB.id);
  await deal(ids.buyer, '2026-11-11', 1000, opB.id);
  await deal(ids.buyer, '2026-11-11', 1500, opC.id);
  await deal(ids.buyer, '2026-11-10', 500, opD.id);
  await deal(ids.buyer, '2026-11-10', 100, null); // nobody credited

  // ---- Repeat purchases (2025) ----
  const r1 = (ids.r1 = await client('Repeat One', opA.id));
  const r2 = (ids.r2 = await client('Repeat Two', opD.id));
  const r3 = await client('Single Three', opA.id);
  const r4 = await client('Single Four', null);
  const r5 = (ids.r5 = await client('Repeat Five', opA.id));
  const r6 = await client('Deleted repeat', opA.id, true);
  await deal(r1, '2024-12-31', 5000, opA.id); // before the period: no gap across its start
  await deal(r1, '2025-01-10', 1000, opA.id);
  await deal(r1, '2025-01-25', 1000, opA.id); // 15 days
  await deal(r1, '2025-02-01', 9999, opA.id, 'pending');
  await deal(r1, '2025-04-25', 2000, opA.id); // 90 days
  await deal(r1, '2026-01-01', 5000, opA.id); // after the period
  await deal(r2, '2025-03-01', 500, opD.id);
  await deal(r2, '2025-09-01', 500, opD.id); // 184 days
  await deal(r3, '2025-05-05', 300, opA.id);
  await deal(r4, '2025-06-01', 700, null);
  for (const d of ['2025-02-01', '2025-02-01', '2025-03-01', '2025-05-01', '2025-08-01', '2025-12-31']) await deal(r5, d, 100, opA.id); // 0, 28, 61, 92, 152
  await deal(r6, '2025-03-03', 400, opA.id);
  await deal(r6, '2025-03-04', 400, opA.id);
});
after(async () => {
  await app?.close();
});

const S = '/api/reports/sales?from=2026-11-10&to=2026-11-11';
const R = '/api/reports/repeat-purchases?from=2025-01-01&to=2025-12-31';
type Row = Record<string, unknown> & { operatorId: number };
const figures = (o: Record<string, unknown>) => ({ contacts: o.contacts, effective: o.effective, sales: o.sales, turnover: o.turnover, saleCalls: o.saleCalls, contactsPerSale: o.contactsPerSale, conversion: o.conversion, avgDeal: o.avgDeal });

describe('sales beside contacts', () => {
  test('many contacts and few, the same sales; totals; the Pareto split at exactly 80 %', async () => {
    const res = await app.api('GET', S, { token: sup.token });
    assert.equal(res.status, 200);
    const items = res.body.items as Row[];
    const by = new Map(items.map((i) => [i.operatorId, i]));
    assert.deepEqual(figures(by.get(opA.id)!), { contacts: 10, effective: 5, sales: 2, turnover: 4000, saleCalls: 2, contactsPerSale: 5, conversion: 0.2, avgDeal: 2000 });
    assert.deepEqual(figures(by.get(opB.id)!), { contacts: 2, effective: 2, sales: 2, turnover: 4000, saleCalls: 2, contactsPerSale: 1, conversion: 1, avgDeal: 2000 });
    assert.deepEqual(figures(by.get(opC.id)!), { contacts: 1, effective: 0, sales: 1, turnover: 1500, saleCalls: 0, contactsPerSale: 1, conversion: 1, avgDeal: 1500 });
    assert.deepEqual(figures(by.get(opD.id)!), { contacts: 0, effective: 0, sales: 1, turnover: 500, saleCalls: 0, contactsPerSale: 0, conversion: null, avgDeal: 500 });
    assert.deepEqual(figures(by.get(opE.id)!), { contacts: 3, effective: 0, sales: 0, turnover: 0, saleCalls: 0, contactsPerSale: null, conversion: 0, avgDeal: null });
    assert.equal(items.length, 5);
    assert.deepEqual(items.map((i) => i.operatorId), [opB.id, opA.id, opC.id, opD.id, opE.id], 'most sales first; at equal sales, fewer contacts first');
    assert.equal(by.get(opA.id)!.teamId, team1);
    assert.deepEqual(figures(res.body.total), { contacts: 16, effective: 7, sales: 6, turnover: 10000, saleCalls: 4, contactsPerSale: 2.67, conversion: 0.375, avgDeal: 1666.67 });
    assert.deepEqual(res.body.unattributed, { sales: 1, turnover: 100 });

    // 10,000 in all: A and B (4,000 each, tie by id) reach exactly 80 %, so C is not needed.
    assert.equal(res.body.pareto.threshold, 0.8);
    assert.equal(res.body.pareto.operators, 4);
    assert.equal(res.body.pareto.topOperators, 2);
    assert.deepEqual(
      res.body.pareto.items.map((p: Row) => [p.operatorId, p.turnover, p.share, p.cumulativeShare, p.top]),
      [
        [opA.id, 4000, 0.4, 0.4, true],
        [opB.id, 4000, 0.4, 0.8, true],
        [opC.id, 1500, 0.15, 0.95, false],
        [opD.id, 500, 0.05, 1, false],
      ],
    );
    assert.equal(res.body.range.from, '2026-11-09T21:00:00.000Z');
    assert.equal(res.body.range.to, '2026-11-11T21:00:00.000Z');
  });

  test('team and operator filters; the Pareto of the team', async () => {
    const team = await app.api('GET', `${S}&teamId=${team1}`, { token: sup.token });
    assert.equal(team.status, 200);
    assert.deepEqual(team.body.items.map((i: Row) => i.operatorId).sort(), [opA.id, opB.id, opC.id].sort());
    assert.equal(team.body.total.contacts, 13);
    assert.equal(team.body.total.turnover, 9500);
    assert.deepEqual(team.body.unattributed, { sales: 0, turnover: 0 });
    // 9,500: 80 % is 7,600; A (0 before) and B (4,000 before) are in, C (8,000 before) is not.
    assert.deepEqual(team.body.pareto.items.map((p: Row) => p.top), [true, true, false]);

    const one = await app.api('GET', `${S}&operatorId=${opB.id}`, { token: sup.token });
    assert.deepEqual(one.body.items.map((i: Row) => i.operatorId), [opB.id]);
    assert.deepEqual(figures(one.body.total), { contacts: 2, effective: 2, sales: 2, turnover: 4000, saleCalls: 2, contactsPerSale: 1, conversion: 1, avgDeal: 2000 });
  });

  test('a single local day and an empty period', async () => {
    const day = await app.api('GET', '/api/reports/sales?from=2026-11-09&to=2026-11-09', { token: sup.token });
    assert.deepEqual(
      day.body.items.map((i: Row) => [i.operatorId, i.contacts, i.sales, i.turnover]),
      [[opA.id, 1, 1, 777]],
      'only the call at 23:59:59 local and the deal dated the 9th',
    );
    const empty = await app.api('GET', '/api/reports/sales?from=2026-06-01&to=2026-06-30', { token: sup.token });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.items, []);
    assert.deepEqual(figures(empty.body.total), { contacts: 0, effective: 0, sales: 0, turnover: 0, saleCalls: 0, contactsPerSale: null, conversion: null, avgDeal: null });
    assert.deepEqual(empty.body.pareto, { threshold: 0.8, operators: 0, topOperators: 0, items: [] });
  });
});

describe('sale result codes come from the manager\'s list', () => {
  test('a code added to mark a sale counts in saleCalls; one that stops marking a sale no longer does', async () => {
    const created = await app.api('POST', '/api/dispositions', { token: mgr.token, body: { code: 'order_placed', names: { ru: 'Заказ', uk: 'Замовлення', en: 'Order placed' }, effective: true, marksSale: true } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await call(opC.id, '2026-10-05T10:00:00Z', 'order_placed');
    await call(opC.id, '2026-10-05T11:00:00Z', 'sale');
    await call(opC.id, '2026-10-05T12:00:00Z', 'info_given');
    const path = `/api/reports/sales?from=2026-10-05&to=2026-10-05&operatorId=${opC.id}`;
    const before = await app.api('GET', path, { token: sup.token });
    assert.deepEqual([before.body.total.contacts, before.body.total.effective, before.body.total.saleCalls], [3, 3, 2]);
    assert.equal((await app.api('PATCH', '/api/dispositions/sale', { token: mgr.token, body: { marksSale: false } })).status, 200);
    try {
      const after = await app.api('GET', path, { token: sup.token });
      assert.deepEqual([after.body.total.contacts, after.body.total.effective, after.body.total.saleCalls], [3, 3, 1]);
    } finally {
      await app.api('PATCH', '/api/dispositions/sale', { token: mgr.token, body: { marksSale: true } });
    }
  });
});

describe('repeat purchases', () => {
  test('buyers, repeat buyers and their turnover, the distribution, the intervals and the top clients', async () => {
    const res = await app.api('GET', R, { token: sup.token });
    assert.equal(res.status, 200);
    const b = res.body;
    assert.deepEqual([b.buyers, b.repeatBuyers, b.repeatShare, b.deals, b.turnover, b.repeatTurnover, b.repeatTurnoverShare], [5, 3, 0.6, 13, 6600, 5600, 0.8485]);
    assert.deepEqual(b.distribution, [
      { deals: '1', clients: 2, turnover: 1000 },
      { deals: '2', clients: 1, turnover: 1000 },
      { deals: '3', clients: 1, turnover: 4000 },
      { deals: '4', clients: 0, turnover: 0 },
      { deals: '5+', clients: 1, turnover: 600 },
    ]);
    // Gaps 0, 15, 28, 61, 90, 92, 152, 184: the median is (61 + 90) / 2, the mean 622 / 8.
    assert.deepEqual(b.intervals, { count: 8, medianDays: 75.5, averageDays: 77.8, buckets: { upTo30: 3, days31to90: 2, days91to180: 2, over180: 1 } });
    assert.deepEqual(b.top, [
      { clientId: ids.r1, clientName: 'Repeat One', organization: null, deals: 3, turnover: 4000, firstPurchase: '2025-01-10', lastPurchase: '2025-04-25' },
      { clientId: ids.r2, clientName: 'Repeat Two', organization: null, deals: 2, turnover: 1000, firstPurchase: '2025-03-01', lastPurchase: '2025-09-01' },
      { clientId: ids.r5, clientName: 'Repeat Five', organization: null, deals: 6, turnover: 600, firstPurchase: '2025-02-01', lastPurchase: '2025-12-31' },
    ]);
  });

  test("the owner's operator and team filters", async () => {
    const mine = await app.api('GET', `${R}&operatorId=${opA.id}`, { token: sup.token });
    assert.deepEqual([mine.body.buyers, mine.body.repeatBuyers, mine.body.turnover], [3, 2, 4900]);
    assert.equal(mine.body.intervals.count, 7);
    assert.equal(mine.body.intervals.medianDays, 61);
    const team = await app.api('GET', `${R}&teamId=${team2}`, { token: sup.token });
    assert.deepEqual([team.body.buyers, team.body.repeatBuyers, team.body.repeatTurnoverShare, team.body.intervals.medianDays], [1, 1, 1, 184]);
    assert.deepEqual(team.body.top.map((c: { clientId: number }) => c.clientId), [ids.r2]);
  });

  test('one repeat client: its single interval; an empty period', async () => {
    const one = await app.api('GET', '/api/reports/repeat-purchases?from=2025-01-01&to=2025-01-31', { token: sup.token });
    assert.deepEqual([one.body.buyers, one.body.repeatBuyers, one.body.intervals.count, one.body.intervals.medianDays, one.body.intervals.averageDays], [1, 1, 1, 15, 15]);
    const empty = await app.api('GET', '/api/reports/repeat-purchases?from=2024-06-01&to=2024-06-30', { token: sup.token });
    assert.equal(empty.status, 200);
    assert.deepEqual([empty.body.buyers, empty.body.repeatShare, empty.body.turnover, empty.body.repeatTurnoverShare, empty.body.top], [0, null, 0, null, []]);
    assert.deepEqual(empty.body.intervals, { count: 0, medianDays: null, averageDays: null, buckets: { upTo30: 0, days31to90: 0, days91to180: 0, over180: 0 } });
    assert.deepEqual(empty.body.distribution.map((d: { clients: number }) => d.clients), [0, 0, 0, 0, 0]);
  });
});

describe('access, validation and files', () => {
  test('an operator is refused; a bad query is a 400', async () => {
    for (const path of [S, R]) {
      const denied = await app.api('GET', path, { token: opA.token });
      assert.equal(denied.status, 403);
      assert.equal(denied.body.error.code, 'forbidden');
      assert.equal((await app.api('GET', path)).status, 401);
    }
    for (const path of ['/api/reports/sales', '/api/reports/repeat-purchases']) {
      for (const q of ['from=2026-13-01', 'from=2026-11-12&to=2026-11-10', 'teamId=abc', 'operatorId=0', 'format=pdf', 'extra=1', 'from=2020-01-01&to=2026-01-01']) {
        const bad = await app.api('GET', `${path}?${q}`, { token: sup.token });
        assert.equal(bad.status, 400, `${path}?${q}`);
        assert.equal(bad.body.error.code, 'validation_failed', `${path}?${q}`);
      }
    }
  });

  test('CSV and XLSX of both reports', async () => {
    const csv = await download(app, `${S}&format=csv`, mgr.token);
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /^text\/csv/);
    assert.match(csv.disposition ?? '', /filename="sales-2026-11-10-2026-11-11\.csv"/);
    const text = csv.bytes.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'), 'a BOM for spreadsheet programs');
    const lines = text.slice(1).trim().split(/\r?\n/);
    assert.equal(lines[0], 'operatorId;operatorName;teamId;contacts;effective;sales;turnover;saleCalls;contactsPerSale;conversion;avgDeal');
    const lineA = lines.find((l) => l.startsWith(`${opA.id};`));
    assert.match(lineA ?? '', new RegExp(`^${opA.id};Test operator \\d+;${team1};10;5;2;4000;2;5;0\\.2;2000$`));
    assert.ok(lines.includes(';total;;16;7;6;10000;4;2.67;0.375;1666.67'));
    assert.ok(lines.includes(';unattributed;;;;1;100;;;;'));

    const xlsx = await download(app, `${S}&format=xlsx`, sup.token);
    assert.equal(xlsx.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    assert.deepEqual(book.worksheets.map((w) => w.name), ['operators', 'pareto']);
    const pareto = book.getWorksheet('pareto')!;
    assert.deepEqual((pareto.getRow(1).values as unknown[]).slice(1), ['rank', 'operatorId', 'operatorName', 'turnover', 'share', 'cumulativeShare', 'top80']);
    assert.deepEqual([pareto.getRow(2).getCell(2).value, pareto.getRow(2).getCell(4).value, pareto.getRow(3).getCell(6).value, pareto.getRow(3).getCell(7).value, pareto.getRow(4).getCell(7).value], [opA.id, 4000, 0.8, 1, 0]);

    const rcsv = await download(app, `${R}&format=csv`, sup.token);
    assert.equal(rcsv.status, 200);
    assert.match(rcsv.disposition ?? '', /filename="repeat-purchases-2025-01-01-2025-12-31\.csv"/);
    const rlines = rcsv.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    assert.deepEqual(rlines, ['clientId;clientName;organization;deals;turnover;firstPurchase;lastPurchase', `${ids.r1};Repeat One;;3;4000;2025-01-10;2025-04-25`, `${ids.r2};Repeat Two;;2;1000;2025-03-01;2025-09-01`, `${ids.r5};Repeat Five;;6;600;2025-02-01;2025-12-31`]);

    const rxlsx = await download(app, `${R}&format=xlsx`, sup.token);
    const rbook = new ExcelJS.Workbook();
    await rbook.xlsx.load(rxlsx.bytes as never);
    assert.deepEqual(rbook.worksheets.map((w) => w.name), ['repeat-clients', 'summary', 'distribution']);
    const summary = rbook.getWorksheet('summary')!;
    const values = new Map<unknown, unknown>();
    summary.eachRow((row) => values.set(row.getCell(1).value, row.getCell(2).value));
    assert.equal(values.get('repeatBuyers'), 3);
    assert.equal(values.get('medianDays'), 75.5);
    assert.equal(rbook.getWorksheet('distribution')!.getRow(6).getCell(2).value, 1);
  });
});
