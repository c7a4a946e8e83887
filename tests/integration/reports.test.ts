import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { CallbackEntity, type CallDirection, type CallOutcome } from '../../server/db/entities';
import { monthShares, reportPeriod } from '../../server/modules/reports/report-period';
import { download, insertCall, insertCallback, insertClient, insertDeal, insertFloor, type ClientRow } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Hand-built calls, clients, deals, spend and callbacks whose report figures are known. The floor's time
// zone is the test app's default, Europe/Moscow (UTC+3, no DST): local midnight is 21:00 UTC the day before.
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let op3: { id: number; token: string };
let sup: { token: string };
let mgr: { token: string };
let team1: number;
let team2: number;
const clientIds: Record<string, number> = {};
let seq = 0;

const client = (name: string, extra: ClientRow = {}) => insertClient(app, name, extra);

async function call(operatorId: number, startedAt: string, direction: CallDirection, outcome: CallOutcome, extra: { disposition?: string | null; talk?: number | null; clientId?: number | null } = {}): Promise<void> {
  await insertCall(app, { pbxCallId: `r${++seq}`, operatorId, startedAt, direction, outcome, clientId: extra.clientId, disposition: extra.disposition, talkSeconds: extra.talk });
}

async function callback(assigneeId: number | null, daysAgo: number, status: 'pending' | 'done' = 'pending'): Promise<void> {
  await insertCallback(app, { clientId: clientIds.cC!, assigneeId, dueAt: new Date(Date.now() - daysAgo * 86400_000), status });
}

before(async () => {
  app = await startTestApp();
  ({ op1, op2, op3, sup, mgr, team1, team2 } = await insertFloor(app));

  clientIds.cA = await client('Anna', { organization: 'Acme' });
  clientIds.cB = await client('Boris', { organization: 'Acme' });
  clientIds.cC = await client('Clara');

  // The period 2026-11-10..2026-11-11 local is [2026-11-09T21:00Z, 2026-11-11T21:00Z).
  await call(op1.id, '2026-11-09T21:30:00Z', 'inbound', 'answered', { disposition: 'sale', talk: 60, clientId: clientIds.cA }); // 00:30 local: in
  await call(op1.id, '2026-11-09T20:59:00Z', 'outbound', 'answered', { disposition: 'sale', talk: 500, clientId: clientIds.cA }); // 23:59 the day before: out
  await call(op1.id, '2026-11-11T20:59:59Z', 'outbound', 'answered', { disposition: 'not_interested', talk: 120, clientId: clientIds.cB }); // 23:59:59 local: in
  await call(op1.id, '2026-11-11T21:00:00Z', 'inbound', 'answered', { disposition: 'sale', talk: 500, clientId: clientIds.cB }); // the next local day: out
  await call(op1.id, '2026-11-10T10:00:00Z', 'inbound', 'answered', { disposition: null, talk: 30, clientId: clientIds.cA }); // never wrapped up
  await call(op1.id, '2026-11-10T11:00:00Z', 'internal', 'answered', { disposition: 'sale', talk: 300 }); // internal: not a contact
  await call(op1.id, '2026-11-10T12:00:00Z', 'inbound', 'missed', { clientId: clientIds.cA }); // not answered
  await call(op2.id, '2026-11-10T09:00:00Z', 'outbound', 'answered', { disposition: 'info_given', talk: 90, clientId: clientIds.cC });
  await call(op3.id, '2026-11-11T09:00:00Z', 'inbound', 'answered', { disposition: 'callback_promised', talk: 45, clientId: clientIds.cA });
});
after(async () => {
  await app?.close();
});

describe('contacts', () => {
  test('per operator, team, client and organization, with a never-wrapped-up call and local midnights', async () => {
    const res = await app.api('GET', '/api/reports/contacts?from=2026-11-10&to=2026-11-11', { token: sup.token });
    assert.equal(res.status, 200);
    const pick = (o: Record<string, unknown>) => ({ contacts: o.contacts, effective: o.effective, effectiveShare: o.effectiveShare, withoutResult: o.withoutResult, avgTalkSeconds: o.avgTalkSeconds });
    const byOp = new Map(res.body.items.map((i: { operatorId: number }) => [i.operatorId, i]));
    assert.equal(res.body.items.length, 3);
    assert.deepEqual(pick(byOp.get(op1.id) as never), { contacts: 3, effective: 1, effectiveShare: 0.3333, withoutResult: 1, avgTalkSeconds: 70 });
    assert.deepEqual(pick(byOp.get(op2.id) as never), { contacts: 1, effective: 1, effectiveShare: 1, withoutResult: 0, avgTalkSeconds: 90 });
    assert.deepEqual(pick(byOp.get(op3.id) as never), { contacts: 1, effective: 1, effectiveShare: 1, withoutResult: 0, avgTalkSeconds: 45 });
    assert.deepEqual(pick(res.body.total), { contacts: 5, effective: 3, effectiveShare: 0.6, withoutResult: 1, avgTalkSeconds: 69 });
    assert.equal(res.body.items[0].operatorId, op1.id, 'most contacts first');

    const teams = new Map(res.body.teams.map((t: { teamId: number }) => [t.teamId, t]));
    assert.deepEqual(pick(teams.get(team1) as never), { contacts: 4, effective: 2, effectiveShare: 0.5, withoutResult: 1, avgTalkSeconds: 75 });
    assert.equal((teams.get(team1) as { teamName: string }).teamName, 'Team one');
    assert.equal((teams.get(team2) as { contacts: number }).contacts, 1);

    assert.equal(res.body.clients[0].clientId, clientIds.cA);
    assert.deepEqual(pick(res.body.clients[0]), { contacts: 3, effective: 2, effectiveShare: 0.6667, withoutResult: 1, avgTalkSeconds: 45 });
    assert.deepEqual(res.body.organizations.map((o: { organization: string; clients: number; contacts: number }) => [o.organization, o.clients, o.contacts]), [['Acme', 2, 4]]);
  });

  test('team and operator filters', async () => {
    const team = await app.api('GET', `/api/reports/contacts?from=2026-11-10&to=2026-11-11&teamId=${team1}`, { token: sup.token });
    assert.deepEqual(team.body.items.map((i: { operatorId: number }) => i.operatorId).sort(), [op1.id, op2.id].sort());
    assert.equal(team.body.total.contacts, 4);
    const one = await app.api('GET', `/api/reports/contacts?from=2026-11-10&to=2026-11-11&operatorId=${op2.id}`, { token: sup.token });
    assert.deepEqual(one.body.total, { contacts: 1, effective: 1, effectiveShare: 1, withoutResult: 0, avgTalkSeconds: 90 });
  });

  test('a single local day and an empty period', async () => {
    const day = await app.api('GET', '/api/reports/contacts?from=2026-11-09&to=2026-11-09', { token: sup.token });
    assert.equal(day.body.total.contacts, 1, 'only the call at 23:59 local on the 9th');
    const empty = await app.api('GET', '/api/reports/contacts?from=2026-01-01&to=2026-01-31', { token: sup.token });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.items, []);
    assert.deepEqual(empty.body.total, { contacts: 0, effective: 0, effectiveShare: null, withoutResult: 0, avgTalkSeconds: null });
  });
});

describe('sources', () => {
  before(async () => {
    const old = await client('Old web client', { source: 'web', createdAt: new Date('2026-09-01T10:00:00Z') });
    await client('Web 1', { source: 'web', createdAt: new Date('2026-11-05T10:00:00Z') });
    await client('Web 2', { source: 'web', createdAt: new Date('2026-11-05T11:00:00Z') });
    await client('Web at local midnight', { source: 'web', createdAt: new Date('2026-10-31T21:00:00Z') }); // 00:00 Nov 1 local: in
    await client('Web a minute before', { source: 'web', createdAt: new Date('2026-10-31T20:59:00Z') }); // 23:59 Oct 31 local: out
    await client('Web deleted', { source: 'web', createdAt: new Date('2026-11-06T10:00:00Z'), deletedAt: new Date('2026-11-07T10:00:00Z') });
    await client('No source', { createdAt: new Date('2026-11-07T10:00:00Z') });
    const fair = await client('Fair client', { source: 'fair', createdAt: new Date('2026-09-01T10:00:00Z') });
    const deal = (clientId: number, amount: number, closedAt: string, status: 'confirmed' | 'pending' = 'confirmed') => insertDeal(app, { clientId, amount, closedAt, status, createdAt: new Date() });
    await deal(old, 1200, '2026-11-03');
    await deal(old, 5000, '2026-11-04', 'pending'); // not turnover until confirmed
    await deal(old, 700, '2026-11-16'); // after the period
    await deal(fair, 300.5, '2026-11-10');
  });

  test('the manager enters monthly spend; validation and roles', async () => {
    const put = await app.api('PUT', '/api/settings/source-spend', {
      token: mgr.token,
      body: { items: [{ source: 'web', month: '2026-11', amount: 1000 }, { source: 'web', month: '2026-10', amount: 999 }, { source: 'fair', month: '2026-11', amount: 300 }, { source: 'tv', month: '2026-11', amount: 50 }] },
    });
    assert.equal(put.status, 200);
    // Replacing one and removing another.
    const again = await app.api('PUT', '/api/settings/source-spend', { token: mgr.token, body: { items: [{ source: 'tv', month: '2026-11', amount: null }] } });
    assert.deepEqual(again.body.items, [{ source: 'web', month: '2026-10', amount: 999 }, { source: 'fair', month: '2026-11', amount: 300 }, { source: 'web', month: '2026-11', amount: 1000 }]);
    assert.ok(again.body.sources.includes('web') && again.body.sources.includes('fair'));
    const got = await app.api('GET', '/api/settings/source-spend?from=2026-11&to=2026-11', { token: mgr.token });
    assert.equal(got.body.items.length, 2);

    for (const body of [
      { items: [{ source: 'web', month: '2026-13', amount: 1 }] },
      { items: [{ source: 'web', month: '2026-11', amount: -1 }] },
      { items: [{ source: 'web', month: '2026-11', amount: 1.234 }] },
      { items: [{ source: '', month: '2026-11', amount: 1 }] },
      { items: [] },
      { items: [{ source: 'web', month: '2026-11', amount: 1 }, { source: 'web', month: '2026-11', amount: 2 }] },
    ]) {
      assert.equal((await app.api('PUT', '/api/settings/source-spend', { token: mgr.token, body })).status, 400, JSON.stringify(body));
    }
    assert.equal((await app.api('PUT', '/api/settings/source-spend', { token: sup.token, body: { items: [{ source: 'web', month: '2026-11', amount: 1 }] } })).status, 403);
    assert.equal((await app.api('GET', '/api/settings/source-spend', { token: op1.token })).status, 403);
    const audit = await app.api('GET', '/api/audit?entity=setting&entityId=source_spend', { token: mgr.token });
    assert.equal(audit.body.items.length, 2, 'each change audited');
  });

  test('new clients, turnover, prorated spend, cost per new client (null without new clients)', async () => {
    const res = await app.api('GET', '/api/reports/sources?from=2026-11-01&to=2026-11-15', { token: sup.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.items.map((i: Record<string, unknown>) => [i.source, i.newClients, i.turnover, i.spend, i.costPerClient]), [
      ['web', 3, 1200, 500, 166.67], // half of November's 1000
      ['fair', 0, 300.5, 150, null],
      [null, 1, 0, 0, 0],
    ]);
    assert.equal(res.body.items[0].returnOnSpend, 2.4);
    assert.deepEqual({ newClients: res.body.total.newClients, turnover: res.body.total.turnover, spend: res.body.total.spend }, { newClients: 4, turnover: 1500.5, spend: 650 });

    // Across two months: 15 of October's 31 days and 15 of November's 30.
    const two = await app.api('GET', '/api/reports/sources?from=2026-10-17&to=2026-11-15', { token: sup.token });
    assert.equal(two.body.items.find((i: { source: string }) => i.source === 'web').spend, 983.39);

    const empty = await app.api('GET', '/api/reports/sources?from=2025-01-01&to=2025-01-31', { token: sup.token });
    assert.deepEqual(empty.body.items, []);
    assert.equal(empty.body.total.costPerClient, null);
  });
});

describe('tails', () => {
  before(async () => {
    await callback(op1.id, 2); // not a tail yet
    await callback(op1.id, 4);
    await callback(op1.id, 9);
    await callback(op1.id, 20);
    await callback(op2.id, 5);
    await callback(op3.id, 30, 'done'); // made
    await callback(null, 8); // nobody's
  });

  test('pending callbacks due more than N days ago, per assignee, by age', async () => {
    const res = await app.api('GET', '/api/reports/tails', { token: sup.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.days, 3);
    assert.equal(res.body.total, 5);
    const first = res.body.items[0];
    assert.deepEqual([first.assigneeId, first.count, first.age3to7, first.age7to14, first.age14plus], [op1.id, 3, 1, 1, 1]);
    const ageDays = (Date.now() - Date.parse(first.oldestDueAt)) / 86400_000;
    assert.ok(ageDays > 19.9 && ageDays < 20.1, `oldest is the 20-day one (${ageDays})`);
    assert.deepEqual(res.body.items.find((i: { assigneeId: number | null }) => i.assigneeId === null).count, 1);
    assert.deepEqual(res.body.buckets, { age3to7: 2, age7to14: 2, age14plus: 1 });

    const ten = await app.api('GET', '/api/reports/tails?days=10', { token: sup.token });
    assert.deepEqual(ten.body.items.map((i: { assigneeId: number; count: number }) => [i.assigneeId, i.count]), [[op1.id, 1]]);
    const team = await app.api('GET', `/api/reports/tails?teamId=${team1}`, { token: sup.token });
    assert.equal(team.body.total, 4);
    const op = await app.api('GET', `/api/reports/tails?operatorId=${op2.id}`, { token: sup.token });
    assert.equal(op.body.total, 1);
  });

  test('a late promise the lead router hands on stays a tail, of its new holder, aged from the promise', async () => {
    const clientId = await client('Передан правилом', { source: 'tails-router-test' });
    const promised = new Date(Date.now() - 6 * 86400_000);
    await insertCallback(app, { clientId, assigneeId: op2.id, dueAt: promised, promisedAt: promised });
    const rule = await app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: 'Late → op3', graceMinutes: 10, scope: { sources: ['tails-router-test'] }, action: { type: 'user', userId: op3.id } } });
    assert.equal(rule.status, 201);
    try {
      const moved = await app.services.router.route();
      assert.equal(moved.reassigned.length, 1);
      const cb = await app.ds.getRepository(CallbackEntity).findOneByOrFail({ clientId });
      assert.equal(cb.assigneeId, op3.id);
      assert.ok(Date.now() - cb.dueAt.getTime() < 60_000, 'due now for the new holder');
      const tails = await app.api('GET', `/api/reports/tails?operatorId=${op3.id}`, { token: sup.token });
      assert.equal(tails.body.total, 1);
      assert.equal(tails.body.items[0].oldestDueAt, promised.toISOString());
      assert.equal(tails.body.items[0].age3to7, 1);
      const view = await app.api('GET', `/api/callbacks/${cb.id}`, { token: sup.token });
      assert.equal(view.body.promisedAt, promised.toISOString());
      // Rescheduled with the client: a new promise, no tail.
      const later = new Date(Date.now() + 3600_000).toISOString();
      assert.equal((await app.api('PATCH', `/api/callbacks/${cb.id}`, { token: sup.token, body: { dueAt: later } })).status, 200);
      assert.equal((await app.api('GET', `/api/reports/tails?operatorId=${op3.id}`, { token: sup.token })).body.total, 0);
    } finally {
      await app.api('DELETE', `/api/routing-rules/${rule.body.id}`, { token: mgr.token });
    }
  });
});

describe('exports, validation, roles', () => {
  test('CSV: BOM, semicolons, a header row, the total, a filename with the dates', async () => {
    const res = await download(app, '/api/reports/contacts?from=2026-11-10&to=2026-11-11&format=csv', sup.token);
    assert.equal(res.status, 200);
    assert.match(res.type ?? '', /text\/csv/);
    assert.match(res.disposition ?? '', /filename="contacts-2026-11-10-2026-11-11\.csv"/);
    assert.deepEqual([...res.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = res.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    assert.equal(lines[0], 'operatorId;operatorName;teamId;contacts;effective;effectiveShare;withoutResult;avgTalkSeconds');
    assert.equal(lines.length, 1 + 3 + 1);
    assert.equal(lines.at(-1), ';total;;5;3;0.6;1;69');
  });

  test('CSV defuses formula-like text', async () => {
    await client('=HYPERLINK("http://x")', { source: '=cmd|calc', createdAt: new Date('2026-11-05T10:00:00Z') });
    const res = await download(app, '/api/reports/sources?from=2026-11-01&to=2026-11-15&format=csv', sup.token);
    const text = res.bytes.toString('utf8');
    assert.ok(text.includes("'=cmd|calc"), text);
    assert.ok(!/(^|;)=cmd/m.test(text));
  });

  test('every file taken out is in the audit log with its filters; JSON reads and refused requests are not', async () => {
    const exports = async () => (await app.api('GET', '/api/audit?entity=report&limit=100', { token: mgr.token })).body.items as { action: string; entityId: string; actorId: number; after: { format: string; query: Record<string, string> } }[];
    const before = (await exports()).length;
    assert.equal((await download(app, '/api/reports/tails?days=5&format=xlsx', sup.token)).status, 200);
    assert.equal((await download(app, '/api/reports/abc/matrix?format=csv', sup.token)).status, 200);
    assert.equal((await download(app, '/api/reports/tails?days=5', sup.token)).status, 200);
    assert.equal((await download(app, '/api/reports/tails?days=-1&format=csv', sup.token)).status, 400);
    assert.equal((await download(app, '/api/reports/tails?format=csv', op1.token)).status, 403);
    let items = await exports();
    for (let i = 0; i < 50 && items.length < before + 2; i++) {
      await new Promise((r) => setTimeout(r, 20)); // written once the response has finished
      items = await exports();
    }
    assert.equal(items.length, before + 2, JSON.stringify(items));
    const [matrix, tails] = items;
    assert.equal(matrix!.entityId, 'abc/matrix');
    assert.equal(matrix!.after.format, 'csv');
    assert.equal(tails!.entityId, 'tails');
    assert.equal(tails!.action, 'export');
    assert.deepEqual(tails!.after, { format: 'xlsx', query: { days: '5', format: 'xlsx' } });
  });

  test('XLSX parses back with exceljs', async () => {
    const res = await download(app, '/api/reports/contacts?from=2026-11-10&to=2026-11-11&format=xlsx', sup.token);
    assert.equal(res.status, 200);
    assert.match(res.type ?? '', /spreadsheetml/);
    assert.match(res.disposition ?? '', /filename="contacts-2026-11-10-2026-11-11\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as never);
    const sheet = book.getWorksheet('operators')!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['operatorId', 'operatorName', 'teamId', 'contacts', 'effective', 'effectiveShare', 'withoutResult', 'avgTalkSeconds']);
    assert.equal(sheet.getRow(2).getCell(1).value, op1.id);
    assert.equal(sheet.getRow(2).getCell(4).value, 3);
    assert.equal(sheet.getRow(5).getCell(4).value, 5);
    assert.ok(book.getWorksheet('clients'));

    const tails = await download(app, '/api/reports/tails?days=3&format=xlsx', sup.token);
    const tb = new ExcelJS.Workbook();
    await tb.xlsx.load(tails.bytes as never);
    assert.equal(tb.getWorksheet('tails')!.getRow(2).getCell(4).value, 3);
  });

  test('bad input is a 400', async () => {
    for (const q of [
      '/api/reports/contacts?from=2026-11-31',
      '/api/reports/contacts?from=2026-11-10&to=2026-11-01',
      '/api/reports/contacts?from=yesterday',
      '/api/reports/contacts?teamId=abc',
      '/api/reports/contacts?format=pdf',
      '/api/reports/contacts?from=2020-01-01&to=2026-01-01',
      '/api/reports/sources?unknown=1',
      '/api/reports/tails?days=-1',
      '/api/reports/tails?days=1.5',
      '/api/settings/source-spend?from=2026-1',
    ]) {
      const token = q.includes('settings') ? mgr.token : sup.token;
      assert.equal((await app.api('GET', q, { token })).status, 400, q);
    }
  });

  test('operators may not read reports', async () => {
    for (const path of ['/api/reports/contacts', '/api/reports/sources', '/api/reports/tails', '/api/reports/contacts?format=csv']) {
      assert.equal((await app.api('GET', path, { token: op1.token })).status, 403, path);
    }
    assert.equal((await app.api('GET', '/api/reports/contacts')).status, 401);
  });
});

test('periods: local days, defaults, and month shares', () => {
  const p = reportPeriod({ from: '2026-11-10', to: '2026-11-11' }, 'Europe/Moscow');
  assert.equal(p.from.toISOString(), '2026-11-09T21:00:00.000Z');
  assert.equal(p.to.toISOString(), '2026-11-11T21:00:00.000Z');
  assert.equal(p.afterDay, '2026-11-12');
  const d = reportPeriod({}, 'Europe/Moscow', new Date('2026-12-03T22:30:00Z')); // already the 4th in Moscow
  assert.deepEqual([d.fromDay, d.toDay], ['2026-12-01', '2026-12-04']);
  assert.equal(reportPeriod({ from: '2026-03-08', to: '2026-03-08' }, 'America/New_York').to.getTime() - reportPeriod({ from: '2026-03-08', to: '2026-03-08' }, 'America/New_York').from.getTime(), 23 * 3600_000);
  assert.equal(reportPeriod({ from: '2026-06-01', to: '2026-06-01' }, 'Pacific/Kiritimati').from.toISOString(), '2026-05-31T10:00:00.000Z');
  assert.deepEqual([...monthShares('2026-10-17', '2026-11-15')], [['2026-10', 15 / 31], ['2026-11', 0.5]]);
  assert.deepEqual([...monthShares('2026-02-01', '2026-02-28')], [['2026-02', 1]]);
});
