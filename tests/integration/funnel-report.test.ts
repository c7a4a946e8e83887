import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { CreateClientStageChanges1795500000150 } from '../../migrations/1795500000150-CreateClientStageChanges';
import { ClientEntity, ClientStageChangeEntity, type CallDirection, type CallOutcome, type FunnelStage } from '../../server/db/entities';
import { insertCall, insertClient, insertFloor, insertTeam } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The funnel report on hand-built clients and stage histories whose figures are known, and the stage
// history the product records on create, PATCH and wrap-up. The floor's time zone is the test app's
// default, Europe/Moscow (UTC+3, no DST): local midnight is 21:00 UTC the day before.
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let op3: { id: number; token: string };
let sup: { id: number; token: string };
let mgr: { token: string };
let team1: number;
let team2: number;
const ids: Record<string, number> = {};

const DAY = 86400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);
type Move = [from: FunnelStage | null, to: FunnelStage, at: Date | string];

/** A client in `stage` now, with its history as given (the first move is usually null → lead at creation). */
async function client(key: string, stage: FunnelStage, ownerId: number | null, createdAt: Date | string, moves: Move[], extra: { deletedAt?: Date } = {}): Promise<number> {
  const id = await insertClient(app, `Client ${key}`, { ownerId, stage, createdAt, deletedAt: extra.deletedAt });
  for (const [from, to, when] of moves) {
    await app.ds.getRepository(ClientStageChangeEntity).insert({ clientId: id, fromStage: from, toStage: to, changedAt: new Date(when), changedById: null, callId: null });
  }
  ids[key] = id;
  return id;
}

function call(clientId: number, operatorId: number, startedAt: Date, outcome: CallOutcome, direction: CallDirection = 'outbound'): Promise<number> {
  return insertCall(app, { clientId, operatorId, startedAt, outcome, direction, talkSeconds: 59, lengthMs: 60_000 });
}

const get = (query: string, token = sup.token) => app.api('GET', `/api/reports/funnel${query}`, { token });
const byStage = (rows: { stage: string }[]): Record<string, any> => Object.fromEntries(rows.map((r) => [r.stage, r]));
const pairs = (moves: { from: string | null; to: string; count: number }[]) => moves.map((m) => `${m.from ?? 'new'}>${m.to}:${m.count}`);

before(async () => {
  app = await startTestApp();
  ({ op1, op2, op3, sup, mgr, team1, team2 } = await insertFloor(app));

  // The flow: the period 2025-03-03 (a Monday) .. 2025-03-16 (a Sunday) is [2025-03-02T21:00Z, 2025-03-16T21:00Z).
  await client('F1', 'customer', op1.id, '2025-03-02T21:00:00Z', [
    [null, 'lead', '2025-03-02T21:00:00Z'], // 00:00 Mar 3 local: in, the first week
    ['lead', 'contacted', '2025-03-05T10:00:00Z'],
    ['contacted', 'qualified', '2025-03-10T09:00:00Z'],
    ['qualified', 'proposal', '2025-03-12T09:00:00Z'],
    ['proposal', 'customer', '2025-03-16T20:59:59Z'], // 23:59:59 Mar 16 local: in, the second week
  ]);
  await client('F2', 'lost', op2.id, '2025-03-02T20:59:00Z', [
    [null, 'lead', '2025-03-02T20:59:00Z'], // 23:59 Mar 2 local: before the period
    ['lead', 'contacted', '2025-03-04T12:00:00Z'],
    ['contacted', 'lost', '2025-03-16T21:00:00Z'], // 00:00 Mar 17 local: after it
  ]);
  await client('F3', 'lost', op3.id, '2025-03-09T20:59:00Z', [
    [null, 'lead', '2025-03-09T20:59:00Z'], // 23:59 Sunday Mar 9 local: the first week
    ['lead', 'lost', '2025-03-09T21:00:00Z'], // 00:00 Monday Mar 10 local: the second week
  ]);

  // Zombies (14 days by default): open stage, created and without an answered call for that long.
  await client('Z1', 'lead', op1.id, daysAgo(30), [[null, 'lead', daysAgo(30)]]); // never contacted: a zombie
  await client('Z2', 'contacted', op1.id, daysAgo(60), [[null, 'contacted', daysAgo(60)]]);
  await call(ids.Z2!, op1.id, daysAgo(20), 'answered'); // last contact 20 days ago: a zombie
  await client('Z3', 'qualified', op2.id, daysAgo(60), [[null, 'qualified', daysAgo(60)]]);
  await call(ids.Z3!, op2.id, daysAgo(3), 'answered'); // contacted 3 days ago: not one
  await client('Z4', 'proposal', op2.id, daysAgo(5), [[null, 'proposal', daysAgo(5)]]); // too new: not one
  await client('Z5', 'lead', op3.id, daysAgo(40), [[null, 'lead', daysAgo(40)]]);
  await call(ids.Z5!, op3.id, daysAgo(2), 'no_answer'); // not answered: still a zombie, never contacted
  await call(ids.Z5!, op3.id, daysAgo(1), 'answered', 'internal'); // an internal call is no contact
  await client('Z6', 'contacted', op3.id, daysAgo(90), [[null, 'contacted', daysAgo(90)]], { deletedAt: daysAgo(1) }); // deleted: nowhere

  // The forecast's window: the last 180 days.
  await client('G1', 'customer', op1.id, daysAgo(110), [[null, 'lead', daysAgo(110)], ['lead', 'contacted', daysAgo(100)], ['contacted', 'qualified', daysAgo(90)], ['qualified', 'proposal', daysAgo(80)], ['proposal', 'customer', daysAgo(70)]]);
  await client('G2', 'lost', op1.id, daysAgo(110), [[null, 'lead', daysAgo(110)], ['lead', 'contacted', daysAgo(100)], ['contacted', 'lost', daysAgo(95)]]);
  await client('G3', 'lost', op1.id, daysAgo(60), [[null, 'lead', daysAgo(60)], ['lead', 'lost', daysAgo(50)]]);
  await client('G4', 'contacted', op2.id, daysAgo(40), [[null, 'lead', daysAgo(40)], ['lead', 'contacted', daysAgo(30)]]);
  await call(ids.G4!, op2.id, daysAgo(1), 'answered', 'inbound');
  await client('G5', 'customer', op1.id, daysAgo(210), [[null, 'lead', daysAgo(210)], ['lead', 'contacted', daysAgo(200)], ['contacted', 'customer', daysAgo(10)]]); // left lead before the window
});
after(async () => {
  await app?.close();
});

describe('funnel report', () => {
  test('clients per stage now, the flow in the period with local midnights, weeks from Monday', async () => {
    const res = await get('?from=2025-03-03&to=2025-03-16');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual({ from: res.body.from, to: res.body.to, range: res.body.range }, { from: '2025-03-03', to: '2025-03-16', range: { from: '2025-03-02T21:00:00.000Z', to: '2025-03-16T21:00:00.000Z' } });
    const s = byStage(res.body.stages);
    assert.deepEqual(res.body.stages.map((r: { stage: string }) => r.stage), ['lead', 'contacted', 'qualified', 'proposal', 'customer', 'lost']);
    assert.deepEqual(
      Object.fromEntries(Object.entries(s).map(([k, v]: [string, any]) => [k, [v.clients, v.entered, v.left, v.zombies]])),
      { lead: [2, 2, 3, 2], contacted: [2, 2, 1, 1], qualified: [1, 1, 1, 0], proposal: [1, 1, 1, 0], customer: [3, 1, 0, 0], lost: [4, 1, 0, 0] },
    );
    assert.deepEqual(res.body.total, { clients: 13, entered: 8, left: 6, zombies: 3 });
    assert.deepEqual(pairs(res.body.moves), ['new>lead:2', 'lead>contacted:2', 'lead>lost:1', 'contacted>qualified:1', 'qualified>proposal:1', 'proposal>customer:1']);
    assert.deepEqual(res.body.weeks, [
      { week: '2025-03-03', from: '2025-03-02T21:00:00.000Z', to: '2025-03-09T21:00:00.000Z', newClients: 2, won: 0, lost: 0 },
      { week: '2025-03-10', from: '2025-03-09T21:00:00.000Z', to: '2025-03-16T21:00:00.000Z', newClients: 0, won: 1, lost: 1 },
    ]);
  });

  test('a period that starts mid-week cuts the first week; one local day', async () => {
    const res = await get('?from=2025-03-05&to=2025-03-11');
    assert.deepEqual(res.body.weeks, [
      { week: '2025-03-03', from: '2025-03-04T21:00:00.000Z', to: '2025-03-09T21:00:00.000Z', newClients: 1, won: 0, lost: 0 },
      { week: '2025-03-10', from: '2025-03-09T21:00:00.000Z', to: '2025-03-11T21:00:00.000Z', newClients: 0, won: 0, lost: 1 },
    ]);
    assert.deepEqual(pairs(res.body.moves), ['new>lead:1', 'lead>contacted:1', 'lead>lost:1', 'contacted>qualified:1']);
    const day = await get('?from=2025-03-17&to=2025-03-17');
    assert.deepEqual(pairs(day.body.moves), ['contacted>lost:1'], 'only the move at 00:00 local on the 17th');
    assert.deepEqual(day.body.weeks, [{ week: '2025-03-17', from: '2025-03-16T21:00:00.000Z', to: '2025-03-17T21:00:00.000Z', newClients: 0, won: 0, lost: 1 }]);
  });

  test('an empty period: no moves, zero weeks; the stages now stay', async () => {
    const res = await get('?from=2024-01-01&to=2024-01-31');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.moves, []);
    assert.deepEqual(res.body.weeks.map((w: { week: string; newClients: number; won: number; lost: number }) => [w.week, w.newClients + w.won + w.lost]), [['2024-01-01', 0], ['2024-01-08', 0], ['2024-01-15', 0], ['2024-01-22', 0], ['2024-01-29', 0]]);
    assert.deepEqual({ entered: res.body.total.entered, left: res.body.total.left, clients: res.body.total.clients }, { entered: 0, left: 0, clients: 13 });
  });

  test('zombies: per stage, the oldest first, with the last contact; zombieDays moves the line', async () => {
    const res = await get('?from=2025-03-03&to=2025-03-16');
    assert.deepEqual(res.body.zombieDays, 14);
    assert.deepEqual(res.body.zombies.map((z: { clientId: number }) => z.clientId), [ids.Z5, ids.Z1, ids.Z2]);
    const [z5, z1, z2] = res.body.zombies;
    assert.deepEqual({ name: z5.name, stage: z5.stage, ownerId: z5.ownerId, lastContactAt: z5.lastContactAt }, { name: 'Client Z5', stage: 'lead', ownerId: op3.id, lastContactAt: null });
    assert.match(z1.ownerName, /^Test operator /);
    assert.equal(z1.lastContactAt, null);
    assert.ok(Math.abs(Date.parse(z2.lastContactAt) - daysAgo(20).getTime()) < 60_000, 'Z2 was last contacted 20 days ago');

    const wider = await get('?zombieDays=25');
    assert.deepEqual(wider.body.zombies.map((z: { clientId: number }) => z.clientId), [ids.Z5, ids.Z1]);
    const widest = await get('?zombieDays=35');
    assert.deepEqual(widest.body.zombies.map((z: { clientId: number }) => z.clientId), [ids.Z5]);
    assert.deepEqual(byStage(widest.body.stages).lead.zombies, 1);
  });

  test('the forecast: conversion to the next stage and to customer over 180 days, times the open pipeline', async () => {
    const res = await get('');
    const f = byStage(res.body.forecast.stages);
    assert.equal(res.body.forecast.windowDays, 180);
    const pick = (r: any) => [r.left, r.toNext, r.toCustomer, r.toNextRate, r.toCustomerRate, r.open, r.expectedCustomers];
    assert.deepEqual(pick(f.lead), [4, 3, 1, 0.75, 0.25, 2, 0.5]);
    assert.deepEqual(pick(f.contacted), [3, 2, 2, 0.6667, 0.6667, 2, 1.3]);
    assert.deepEqual(pick(f.qualified), [1, 1, 1, 1, 1, 1, 1]);
    assert.deepEqual(pick(f.proposal), [1, 1, 1, 1, 1, 1, 1]);
    assert.equal(res.body.forecast.expectedCustomers, 3.8);
  });

  test('team and operator filters go by the client’s owner', async () => {
    const team = await get(`?from=2025-03-03&to=2025-03-16&teamId=${team2}`);
    assert.deepEqual(team.body.total, { clients: 2, entered: 2, left: 1, zombies: 1 });
    assert.deepEqual(pairs(team.body.moves), ['new>lead:1', 'lead>lost:1']);
    const one = await get(`?from=2025-03-03&to=2025-03-16&teamId=${team1}&operatorId=${op2.id}`);
    assert.deepEqual(pairs(one.body.moves), ['lead>contacted:1']);
    assert.deepEqual(Object.fromEntries(one.body.stages.filter((s: { clients: number }) => s.clients > 0).map((s: { stage: string; clients: number }) => [s.stage, s.clients])), { contacted: 1, qualified: 1, proposal: 1, lost: 1 });
    assert.deepEqual(one.body.zombies, []);
    const f = byStage(one.body.forecast.stages);
    assert.deepEqual([f.lead.left, f.lead.toNext, f.lead.toCustomer], [1, 1, 0], 'only G4 left a stage among op2’s clients');
  });

  test('roles and validation', async () => {
    const op = await get('', op1.token);
    assert.equal(op.status, 403);
    assert.equal(op.body.error.code, 'forbidden');
    assert.equal((await app.api('GET', '/api/reports/funnel')).status, 401);
    assert.equal((await get('', mgr.token)).status, 200);
    for (const q of ['?from=2025-03-10&to=2025-03-01', '?from=2025-02-30', '?zombieDays=0', '?zombieDays=abc', '?teamId=-1', '?format=pdf', '?stage=lead', '?from=2020-01-01&to=2025-01-01']) {
      const res = await get(q);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.code, 'validation_failed', q);
    }
  });

  test('CSV (the stages) and XLSX (every table)', async () => {
    const csv = await fetch(`${app.baseUrl}/api/reports/funnel?from=2025-03-03&to=2025-03-16&format=csv`, { headers: { authorization: `Bearer ${sup.token}` } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /funnel-2025-03-03-2025-03-16\.csv/);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    assert.deepEqual(lines, ['stage;clients;entered;left;zombies', 'lead;2;2;3;2', 'contacted;2;2;1;1', 'qualified;1;1;1;0', 'proposal;1;1;1;0', 'customer;3;1;0;0', 'lost;4;1;0;0', 'total;13;8;6;3']);

    const xlsx = await fetch(`${app.baseUrl}/api/reports/funnel?from=2025-03-03&to=2025-03-16&format=xlsx`, { headers: { authorization: `Bearer ${sup.token}` } });
    assert.equal(xlsx.status, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    assert.deepEqual(book.worksheets.map((w) => w.name), ['stages', 'moves', 'weeks', 'zombies', 'forecast']);
    const moves = book.getWorksheet('moves')!.getRow(2);
    assert.deepEqual([1, 2, 3].map((c) => moves.getCell(c).value), ['new', 'lead', 2]);
    assert.deepEqual(book.getWorksheet('zombies')!.getRow(2).getCell(1).value, ids.Z5);
    assert.equal(book.getWorksheet('forecast')!.getRow(6).getCell(8).value, 3.8);
  });
  test('the zombies’ list across batches: a client created long ago but contacted lately is not among the quietest', async () => {
    const op4 = await app.user('operator');
    const team3 = await insertTeam(app, mgr.token, 'Team three', [op4]);
    // 510 clients created 100 days ago, each answered 15 days ago (quiet for 15 days): the first batch of 500 by creation.
    const row = (name: string, createdAt: Date) => ({ kind: 'person' as const, name, nameSearch: name.toLowerCase(), organization: null, source: null, ownerId: op4.id, stage: 'lead' as const, revenue: 0, createdAt, updatedAt: createdAt, deletedAt: null });
    const early = Array.from({ length: 510 }, (_, i) => row(`Early ${i}`, new Date(daysAgo(100).getTime() + i * 1000)));
    const late = Array.from({ length: 60 }, (_, i) => row(`Late ${i}`, new Date(daysAgo(50).getTime() + i * 1000))); // never contacted: quiet for 50 days
    for (let i = 0; i < early.length; i += 100) await app.ds.getRepository(ClientEntity).insert(early.slice(i, i + 100));
    await app.ds.getRepository(ClientEntity).insert(late);
    const earlyIds = (await app.ds.getRepository(ClientEntity).find({ where: { ownerId: op4.id }, order: { id: 'ASC' } })).filter((c) => c.name.startsWith('Early')).map((c) => c.id);
    for (const id of earlyIds) await call(id, op4.id, daysAgo(15), 'answered');
    const res = await get(`?teamId=${team3}`);
    assert.equal(byStage(res.body.stages).lead.zombies, 570);
    assert.equal(res.body.zombies.length, 50);
    assert.deepEqual(res.body.zombies.map((z: { name: string }) => z.name), Array.from({ length: 50 }, (_, i) => `Late ${i}`));
    assert.ok(res.body.zombies.every((z: { lastContactAt: string | null }) => z.lastContactAt === null));
    const quietest = await get(`?teamId=${team3}&zombieDays=40`);
    assert.equal(byStage(quietest.body.stages).lead.zombies, 60, 'only the never-contacted are quiet for 40 days');
  });
});

describe('stage history', () => {
  const history = async (clientId: number) =>
    (await app.ds.getRepository(ClientStageChangeEntity).find({ where: { clientId }, order: { id: 'ASC' } })).map((h) => ({ from: h.fromStage, to: h.toStage, by: h.changedById, call: h.callId }));

  test('creating a client records its entry; PATCH records a change of stage and nothing else', async () => {
    const created = await app.api('POST', '/api/clients', { token: op1.token, body: { name: 'Новый клиент', stage: 'qualified' } });
    assert.equal(created.status, 201);
    const id = created.body.id as number;
    assert.deepEqual(await history(id), [{ from: null, to: 'qualified', by: op1.id, call: null }]);
    const at = (await app.ds.getRepository(ClientStageChangeEntity).findOneByOrFail({ clientId: id })).changedAt.getTime();
    assert.equal(at, Date.parse(created.body.createdAt), 'at the client’s creation');

    assert.equal((await app.api('PATCH', `/api/clients/${id}`, { token: op1.token, body: { name: 'Переименован' } })).status, 200);
    assert.equal((await app.api('PATCH', `/api/clients/${id}`, { token: op1.token, body: { stage: 'qualified' } })).status, 200);
    assert.equal((await history(id)).length, 1, 'no move: no row');
    assert.equal((await app.api('PATCH', `/api/clients/${id}`, { token: sup.token, body: { stage: 'proposal' } })).status, 200);
    assert.deepEqual((await history(id)).slice(1), [{ from: 'qualified', to: 'proposal', by: sup.id, call: null }]);

    // A refused PATCH leaves no history behind (same transaction).
    assert.equal((await app.api('PATCH', `/api/clients/${id}`, { token: op1.token, body: { stage: 'customer', tier: 'gold' } })).status, 403);
    assert.equal((await history(id)).length, 2);
  });

  test('the unknown caller’s lead enters the funnel with no actor', async () => {
    const id = await app.ds.transaction((em) => app.services.clients.createLead(em, { phone: '+79165550101', name: null }));
    assert.deepEqual(await history(id), [{ from: null, to: 'lead', by: null, call: null }]);
  });

  test('wrap-up: a sale makes a customer, a lost code a lost client, each recorded with the call and audited', async () => {
    const id = (await app.api('POST', '/api/clients', { token: op1.token, body: { name: 'Покупатель', stage: 'proposal' } })).body.id as number;
    const wrap = async (disposition: string) => {
      const callId = await call(id, op1.id, new Date(Date.now() - 120_000), 'answered');
      const res = await app.api('PATCH', `/api/calls/${callId}`, { token: op1.token, body: { disposition } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return callId;
    };
    const stage = async () => (await app.ds.getRepository(ClientEntity).findOneByOrFail({ id })).stage;

    const sale = await wrap('sale');
    assert.equal(await stage(), 'customer');
    assert.deepEqual((await history(id)).slice(1), [{ from: 'proposal', to: 'customer', by: op1.id, call: sale }]);
    const audit = await app.api('GET', `/api/audit?entity=client&entityId=${id}`, { token: mgr.token });
    const entry = audit.body.items.find((e: { after: { stage?: string } }) => e.after?.stage === 'customer');
    assert.ok(entry, 'the move to customer is audited');
    assert.deepEqual({ actorId: entry.actorId, before: entry.before, byCallId: entry.after.byCallId, disposition: entry.after.disposition }, { actorId: op1.id, before: { stage: 'proposal' }, byCallId: sale, disposition: 'sale' });

    await wrap('sale'); // a customer buying again stays a customer: no move
    assert.equal((await history(id)).length, 2);
    await wrap('info_given'); // a code that does neither
    assert.equal((await history(id)).length, 2);

    assert.equal((await app.api('PATCH', '/api/dispositions/not_interested', { token: mgr.token, body: { marksLost: true } })).status, 200);
    const lost = await wrap('not_interested');
    assert.equal(await stage(), 'lost');
    const back = await wrap('sale'); // a lost client who buys is a customer again
    assert.equal(await stage(), 'customer');
    assert.deepEqual((await history(id)).slice(2), [
      { from: 'customer', to: 'lost', by: op1.id, call: lost },
      { from: 'lost', to: 'customer', by: op1.id, call: back },
    ]);
    await app.api('PATCH', '/api/dispositions/not_interested', { token: mgr.token, body: { marksLost: false } });
  });

  test('the migration’s backfill: one row per client, null → the current stage at its creation', async () => {
    const runner = app.ds.createQueryRunner();
    try {
      await runner.dropTable('client_stage_changes');
      await new CreateClientStageChanges1795500000150().up(runner);
    } finally {
      await runner.release();
    }
    const clients = await app.ds.getRepository(ClientEntity).find({ order: { id: 'ASC' } });
    const rows = await app.ds.getRepository(ClientStageChangeEntity).find({ order: { clientId: 'ASC' } });
    assert.deepEqual(
      rows.map((r) => [r.clientId, r.fromStage, r.toStage, r.changedAt.getTime(), r.changedById, r.callId]),
      clients.map((c) => [c.id, null, c.stage, c.createdAt.getTime(), null, null]),
    );
  });
});
