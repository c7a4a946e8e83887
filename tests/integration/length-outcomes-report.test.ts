import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { CallEntity, ClientEntity, type CallDirection, type CallOutcome, type FunnelStage } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { CallLogService } from '../../server/modules/calls/call-log.service';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { CallClientStage1795500000160 } from '../../migrations/1795500000160-CallClientStage';
import { fixtureEvents } from '../helpers/call-events';
import { download, insertCall, insertClient, insertFloor } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Hand-built contacts whose bands, stages and outcome counts are known. The floor's time zone is the test
// app's default, Europe/Moscow (UTC+3, no DST): local midnight is 21:00 UTC the day before.
// Contact length reads 2026-11-10..11 = [2026-11-09T21:00Z, 2026-11-11T21:00Z);
// outcomes read 2026-10-10..11 = [2026-10-09T21:00Z, 2026-10-11T21:00Z).
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let op3: { id: number; token: string };
let sup: { token: string };
let mgr: { token: string };
let team1: number;
let team2: number;
let seq = 0;

const client = (name: string, stage: FunnelStage) => insertClient(app, name, { stage });

type CallExtra = { disposition?: string | null; talk?: number | null; clientId?: number | null; stage?: FunnelStage | null; direction?: CallDirection; outcome?: CallOutcome };
async function call(operatorId: number | null, startedAt: string, extra: CallExtra = {}): Promise<void> {
  await insertCall(app, {
    pbxCallId: `lo${++seq}`, operatorId, startedAt, outcome: extra.outcome, direction: extra.direction, clientId: extra.clientId, clientStage: extra.stage, disposition: extra.disposition,
    talkSeconds: extra.talk === undefined ? 60 : extra.talk,
  });
}
/** `count` answered contacts of a client, a day apart from `from`, by `operatorId`. */
async function contacts(clientId: number, operatorId: number, from: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await call(operatorId, new Date(Date.parse(from) + i * 86400_000).toISOString(), { clientId, direction: i % 2 ? 'outbound' : 'inbound', disposition: 'info_given' });
}

const clients: Record<string, number> = {};

before(async () => {
  app = await startTestApp();
  ({ op1, op2, op3, sup, mgr, team1, team2 } = await insertFloor(app));
  const refused = await app.api('POST', '/api/dispositions', { token: mgr.token, body: { code: 'refused', names: { ru: 'Отказ', uk: 'Відмова', en: 'Refused' }, marksLost: true } });
  assert.equal(refused.status, 201, JSON.stringify(refused.body));

  // Contact length. The client was a lead then and is a customer now: the calls count at "lead".
  clients.wasLead = await client('Was a lead', 'customer');
  clients.contacted = await client('Contacted', 'contacted');
  clients.qualified = await client('Qualified', 'qualified');
  clients.customer = await client('Customer', 'customer');
  await call(op1.id, '2026-11-10T08:00:00Z', { talk: 59, clientId: clients.wasLead, stage: 'lead' });
  await call(op1.id, '2026-11-10T08:10:00Z', { talk: 60, clientId: clients.wasLead, stage: 'lead', direction: 'outbound' });
  await call(op1.id, '2026-11-10T08:20:00Z', { talk: 89, clientId: clients.contacted, stage: 'contacted' });
  await call(op1.id, '2026-11-10T08:30:00Z', { talk: 90, clientId: clients.contacted, stage: 'contacted' });
  await call(op1.id, '2026-11-10T08:40:00Z', { talk: 179, clientId: clients.qualified, stage: 'qualified' });
  await call(op1.id, '2026-11-10T08:50:00Z', { talk: 180 }); // no client: no stage
  await call(op2.id, '2026-11-09T21:00:00Z', { talk: 150, clientId: clients.wasLead, stage: 'lead' }); // 00:00 local on the 10th: in
  await call(op2.id, '2026-11-09T20:59:59Z', { talk: 100, clientId: clients.wasLead, stage: 'lead' }); // 23:59:59 on the 9th: out
  await call(op2.id, '2026-11-10T09:00:00Z', { talk: 120, direction: 'internal' }); // not a contact
  await call(op2.id, '2026-11-10T09:10:00Z', { outcome: 'missed', clientId: clients.wasLead, stage: 'lead' }); // not a contact
  await call(op3.id, '2026-11-11T20:59:59Z', { talk: 70, clientId: clients.customer, stage: 'customer' }); // 23:59:59 on the 11th: in
  await call(op3.id, '2026-11-11T21:00:00Z', { talk: 70, clientId: clients.customer, stage: 'customer' }); // the 12th: out

  // Outcomes, in October.
  clients.s1 = await client('Sale after five', 'customer');
  await contacts(clients.s1, op2.id, '2026-09-01T10:00:00Z', 2);
  await contacts(clients.s1, op3.id, '2026-09-10T10:00:00Z', 2); // four contacts before the period, by others
  await call(op2.id, '2026-09-20T10:00:00Z', { clientId: clients.s1, outcome: 'missed' }); // not a contact
  await call(op1.id, '2026-10-10T10:00:00Z', { clientId: clients.s1, disposition: 'sale' }); // the 5th contact
  await call(op1.id, '2026-10-11T08:00:00Z', { clientId: clients.s1, disposition: 'info_given' });
  await call(op2.id, '2026-10-11T09:00:00Z', { clientId: clients.s1, disposition: 'sale' }); // a second sale: not the first outcome
  clients.s2 = await client('Sale at once', 'customer');
  await call(op1.id, '2026-10-10T11:00:00Z', { clientId: clients.s2, disposition: 'sale', direction: 'outbound' });
  clients.s3 = await client('Sale after twelve', 'customer');
  await contacts(clients.s3, op1.id, '2026-08-01T10:00:00Z', 11);
  await call(op2.id, '2026-10-10T12:00:00Z', { clientId: clients.s3, disposition: 'sale' });
  clients.m = await client('Sale at midnight', 'customer');
  await call(op1.id, '2026-10-09T20:59:00Z', { clientId: clients.m, disposition: 'sale' }); // 23:59 on the 9th: before the period, still a contact
  await call(op1.id, '2026-10-09T21:00:00Z', { clientId: clients.m, disposition: 'sale' }); // 00:00 on the 10th: the outcome, 2nd contact
  await call(op1.id, '2026-10-11T21:00:00Z', { clientId: clients.s2, disposition: 'sale' }); // the 12th: out (and not first anyway)
  clients.l1 = await client('Lost after two', 'lost');
  await contacts(clients.l1, op3.id, '2026-10-01T10:00:00Z', 1);
  await call(op3.id, '2026-10-10T13:00:00Z', { clientId: clients.l1, disposition: 'refused' });
  clients.l2 = await client('Lost at once', 'lost');
  await call(op3.id, '2026-10-10T14:00:00Z', { clientId: clients.l2, disposition: 'refused' });
  clients.l3 = await client('Lost after six', 'lost');
  await contacts(clients.l3, op1.id, '2026-09-01T10:00:00Z', 5);
  await call(op2.id, '2026-10-11T10:00:00Z', { clientId: clients.l3, disposition: 'refused' });
  clients.l4 = await client('Lost after four', 'lost');
  await contacts(clients.l4, op2.id, '2026-09-01T10:00:00Z', 3);
  await call(op3.id, '2026-10-11T11:00:00Z', { clientId: clients.l4, disposition: 'refused' });
  await call(op3.id, '2026-10-11T12:00:00Z', { disposition: 'refused' }); // no client: no outcome for anyone
  await call(op3.id, '2026-10-11T13:00:00Z', { clientId: clients.l2, disposition: 'refused', outcome: 'missed' }); // not a contact
});
after(async () => {
  await app?.close();
});

const bands = (under60: number, s60to90: number, s90to120: number, s120to180: number, over180: number) => ({ under60, s60to90, s90to120, s120to180, over180 });

describe('contact length', () => {
  test('bands at their edges per operator, shares, average talk, totals; local midnights', async () => {
    const res = await app.api('GET', '/api/reports/contact-length?from=2026-11-10&to=2026-11-11', { token: sup.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body;
    assert.deepEqual(r.range, { from: '2026-11-09T21:00:00.000Z', to: '2026-11-11T21:00:00.000Z' });
    assert.deepEqual(r.bands.map((b: { key: string; verdict: string }) => [b.key, b.verdict]), [['under60', 'short'], ['s60to90', 'unprepared'], ['s90to120', 'neutral'], ['s120to180', 'prepared'], ['over180', 'long']]);
    assert.deepEqual(r.items.map((i: { operatorId: number }) => i.operatorId), [op1.id, op2.id, op3.id]);
    const [a, b, c] = r.items;
    assert.deepEqual([a.contacts, a.bands, a.avgTalkSeconds], [6, bands(1, 2, 1, 1, 1), 110]); // 59 | 60, 89 | 90 | 179 | 180; 657/6
    assert.deepEqual(a.shares, { under60: 0.1667, s60to90: 0.3333, s90to120: 0.1667, s120to180: 0.1667, over180: 0.1667 });
    assert.equal(a.teamId, team1);
    assert.deepEqual([b.contacts, b.bands, b.avgTalkSeconds], [1, bands(0, 0, 0, 1, 0), 150]);
    assert.deepEqual([c.contacts, c.bands, c.avgTalkSeconds], [1, bands(0, 1, 0, 0, 0), 70]);
    assert.deepEqual([r.total.contacts, r.total.bands, r.total.avgTalkSeconds], [8, bands(1, 3, 1, 2, 1), 110]); // 877/8
    assert.equal(r.total.shares.s60to90, 0.375);
  });

  test('split by the stage at the time of the call, not the client’s stage now; operators at the first stages', async () => {
    const r = (await app.api('GET', '/api/reports/contact-length?from=2026-11-10&to=2026-11-11', { token: sup.token })).body;
    const stages = Object.fromEntries(r.stages.map((s: { stage: string | null; contacts: number; bands: unknown }) => [String(s.stage), [s.contacts, s.bands]]));
    assert.deepEqual(stages, {
      lead: [3, bands(1, 1, 0, 1, 0)], // the client is a customer now; their calls were at "lead"
      contacted: [2, bands(0, 1, 1, 0, 0)],
      qualified: [1, bands(0, 0, 0, 1, 0)],
      proposal: [0, bands(0, 0, 0, 0, 0)],
      customer: [1, bands(0, 1, 0, 0, 0)],
      lost: [0, bands(0, 0, 0, 0, 0)],
      null: [1, bands(0, 0, 0, 0, 1)],
    });
    assert.deepEqual(r.firstStages, ['lead', 'contacted']);
    assert.deepEqual(r.firstStageItems.map((i: { operatorId: number; contacts: number; bands: unknown }) => [i.operatorId, i.contacts, i.bands]), [[op1.id, 4, bands(1, 2, 1, 0, 0)], [op2.id, 1, bands(0, 0, 0, 1, 0)]]);
    assert.deepEqual(r.firstStageItems[0].byStage.map((s: { stage: string; contacts: number }) => [s.stage, s.contacts]), [['lead', 2], ['contacted', 2]]);
    assert.equal(r.firstStageItems[0].shares.s60to90, 0.5);
    assert.deepEqual(r.firstStageItems.map((i: { verdict: string | null }) => i.verdict), ['unprepared', 'prepared'], 'op1: two at 1–1.5 min, none at 2–3; op2: one at 2–3');
    assert.deepEqual([r.firstStageTotal.contacts, r.firstStageTotal.bands], [5, bands(1, 2, 1, 1, 0)]);
  });

  test('team and operator filters; an empty period', async () => {
    const team = (await app.api('GET', `/api/reports/contact-length?from=2026-11-10&to=2026-11-11&teamId=${team2}`, { token: sup.token })).body;
    assert.deepEqual([team.items.map((i: { operatorId: number }) => i.operatorId), team.total.contacts], [[op3.id], 1]);
    const one = (await app.api('GET', `/api/reports/contact-length?from=2026-11-10&to=2026-11-11&operatorId=${op2.id}`, { token: sup.token })).body;
    assert.deepEqual([one.total.contacts, one.total.bands], [1, bands(0, 0, 0, 1, 0)]);
    const day = (await app.api('GET', '/api/reports/contact-length?from=2026-11-09&to=2026-11-09', { token: sup.token })).body;
    assert.equal(day.total.contacts, 1, 'only the call at 23:59:59 local on the 9th');
    const empty = await app.api('GET', '/api/reports/contact-length?from=2026-01-01&to=2026-01-31', { token: sup.token });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.items, []);
    assert.deepEqual(empty.body.firstStageItems, []);
    assert.deepEqual(empty.body.total, { contacts: 0, bands: bands(0, 0, 0, 0, 0), shares: { under60: null, s60to90: null, s90to120: null, s120to180: null, over180: null }, avgTalkSeconds: null });
    assert.equal(empty.body.stages.length, 6, 'every stage, no "none" row');
  });
});

describe('contacts before an outcome', () => {
  const pick = (d: { clients: number; buckets: Record<string, number>; median: number | null }) => [d.clients, Object.values(d.buckets), d.median];

  test('first outcome per client in the period; earlier contacts outside it count; per operator and total', async () => {
    const res = await app.api('GET', '/api/reports/outcomes?from=2026-10-10&to=2026-10-11', { token: sup.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const r = res.body;
    assert.deepEqual(r.codes, { sale: ['sale'], lost: ['refused'] });
    assert.deepEqual(r.buckets.map((b: { key: string }) => b.key), ['c1', 'c2', 'c3', 'c4', 'c5', 'c6to10', 'over10']);
    const by = new Map(r.items.map((i: { operatorId: number }) => [i.operatorId, i]));
    const o1 = by.get(op1.id) as any;
    const o2 = by.get(op2.id) as any;
    const o3 = by.get(op3.id) as any;
    // op1 sold after 5 (s1), 1 (s2) and 2 (m, the first at local midnight, an earlier contact the minute before).
    assert.deepEqual(pick(o1.sale), [3, [1, 1, 0, 0, 1, 0, 0], 2]);
    assert.equal(o1.sale.avgContacts, 2.67);
    assert.deepEqual(pick(o1.lost), [0, [0, 0, 0, 0, 0, 0, 0], null]);
    assert.equal(o1.givesUpEarly, false);
    // op2: s3 after 12; their later sale to s1 is not s1's first; l3 lost after 6.
    assert.deepEqual(pick(o2.sale), [1, [0, 0, 0, 0, 0, 0, 1], 12]);
    assert.deepEqual(pick(o2.lost), [1, [0, 0, 0, 0, 0, 1, 0], 6]);
    assert.deepEqual([o2.lost.early, o2.lost.earlyShare, o2.givesUpEarly], [0, 0, false]);
    // op3 gave up after 2, 1 and 4 contacts: two of three early.
    assert.deepEqual(pick(o3.lost), [3, [1, 1, 0, 1, 0, 0, 0], 2]);
    assert.deepEqual([o3.lost.early, o3.lost.earlyShare, o3.givesUpEarly], [2, 0.6667, true]);
    assert.equal(o3.sale.clients, 0);
    assert.deepEqual(pick(r.total.sale), [4, [1, 1, 0, 0, 1, 0, 1], 3.5]);
    assert.equal(r.total.sale.avgContacts, 5);
    assert.deepEqual(pick(r.total.lost), [4, [1, 1, 0, 1, 0, 1, 0], 3]);
    assert.deepEqual([r.total.lost.early, r.total.lost.earlyShare], [2, 0.5]);
    assert.deepEqual(r.items.map((i: { operatorId: number }) => i.operatorId), [op1.id, op3.id, op2.id], 'most outcomes first');
  });

  test('filters apply to the outcome call after the first one is chosen; an empty period', async () => {
    const two = (await app.api('GET', `/api/reports/outcomes?from=2026-10-10&to=2026-10-11&operatorId=${op2.id}`, { token: sup.token })).body;
    assert.deepEqual(two.items.map((i: { operatorId: number }) => i.operatorId), [op2.id]);
    assert.deepEqual(pick(two.total.sale), [1, [0, 0, 0, 0, 0, 0, 1], 12], 'the later sale to s1 is not promoted');
    const team = (await app.api('GET', `/api/reports/outcomes?from=2026-10-10&to=2026-10-11&teamId=${team2}`, { token: sup.token })).body;
    assert.deepEqual([team.total.sale.clients, team.total.lost.clients], [0, 3]);
    // One day: only the 10th's outcomes; s1's sale on the 10th still counts its September contacts.
    const day = (await app.api('GET', '/api/reports/outcomes?from=2026-10-10&to=2026-10-10', { token: sup.token })).body;
    assert.deepEqual(pick(day.total.sale), [4, [1, 1, 0, 0, 1, 0, 1], 3.5]);
    assert.deepEqual(pick(day.total.lost), [2, [1, 1, 0, 0, 0, 0, 0], 1.5]);
    // The 9th: m's sale at 23:59 local is the first of that day (one contact).
    const ninth = (await app.api('GET', '/api/reports/outcomes?from=2026-10-09&to=2026-10-09', { token: sup.token })).body;
    assert.deepEqual(pick(ninth.total.sale), [1, [1, 0, 0, 0, 0, 0, 0], 1]);
    const empty = await app.api('GET', '/api/reports/outcomes?from=2026-01-01&to=2026-01-31', { token: sup.token });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.items, []);
    assert.deepEqual(pick(empty.body.total.sale), [0, [0, 0, 0, 0, 0, 0, 0], null]);
    assert.equal(empty.body.total.lost.earlyShare, null);
  });
});

describe('files, validation, roles', () => {
  test('CSV and XLSX of both reports', async () => {
    const csv = await download(app, '/api/reports/contact-length?from=2026-11-10&to=2026-11-11&format=csv', sup.token);
    assert.equal(csv.status, 200);
    assert.match(csv.type ?? '', /text\/csv/);
    assert.match(csv.disposition ?? '', /filename="contact-length-2026-11-10-2026-11-11\.csv"/);
    const lines = csv.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    assert.equal(lines[0], 'operatorId;operatorName;teamId;contacts;under60;s60to90;s90to120;s120to180;over180;under60Share;s60to90Share;s90to120Share;s120to180Share;over180Share;avgTalkSeconds');
    assert.equal(lines.length, 1 + 3 + 1);
    assert.equal(lines.at(-1), ';total;;8;1;3;1;2;1;0.125;0.375;0.125;0.25;0.125;110');

    const xlsx = await download(app, '/api/reports/contact-length?from=2026-11-10&to=2026-11-11&format=xlsx', sup.token);
    assert.match(xlsx.type ?? '', /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as never);
    assert.deepEqual(book.worksheets.map((w) => w.name), ['operators', 'stages', 'first stages']);
    const stages = book.getWorksheet('stages')!;
    assert.deepEqual((stages.getRow(2).values as unknown[]).slice(1, 7), ['lead', 3, 1, 1, 0, 1]);

    const out = await download(app, '/api/reports/outcomes?from=2026-10-10&to=2026-10-11&format=csv', sup.token);
    assert.match(out.disposition ?? '', /filename="outcomes-2026-10-10-2026-10-11\.csv"/);
    const rows = out.bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    assert.equal(rows.length, 1 + 3 + 1);
    assert.ok(rows[0]!.startsWith('operatorId;operatorName;teamId;saleClients;sale_c1;'), rows[0]);
    assert.ok(rows.at(-1)!.startsWith(';total;;4;1;1;0;0;1;0;1;3.5;5;4;'), rows.at(-1));
    const ox = await download(app, '/api/reports/outcomes?from=2026-10-10&to=2026-10-11&format=xlsx', sup.token);
    const ob = new ExcelJS.Workbook();
    await ob.xlsx.load(ox.bytes as never);
    const sheet = ob.getWorksheet('outcomes')!;
    assert.equal(sheet.getRow(5).getCell(2).value, 'total');
    assert.equal(sheet.getRow(5).getCell(4).value, 4);
  });

  test('bad queries are a 400; operators get a 403', async () => {
    for (const path of ['/api/reports/contact-length', '/api/reports/outcomes']) {
      for (const q of ['?from=2026-11-31', '?from=2026-11-10&to=2026-11-01', '?teamId=abc', '?operatorId=0', '?format=pdf', '?days=3', '?from=2020-01-01&to=2026-01-01']) {
        const res = await app.api('GET', path + q, { token: sup.token });
        assert.equal(res.status, 400, path + q);
        assert.equal(typeof res.body.error.code, 'string');
      }
      assert.equal((await app.api('GET', path, { token: op1.token })).status, 403, path);
      assert.equal((await app.api('GET', `${path}?format=csv`, { token: op1.token })).status, 403, path);
      assert.equal((await app.api('GET', path)).status, 401, path);
      assert.equal((await app.api('GET', path, { token: mgr.token })).status, 200, path);
    }
  });
});

describe('the stage a call is counted at', () => {
  test('set at ingest from the matched client (a new lead is at "lead"), and at wrap-up when the client changes', async () => {
    const known = await app.services.clients.create({ userId: op1.id, role: 'operator', ip: null }, { name: 'ООО Ромашка', phones: ['8 (495) 123-45-67'], emails: [], tags: [], kind: 'organization', stage: 'qualified' });
    const log = new CallLogService(app.ds, app.services.clients, new ExtensionDirectory(app.ds), createLogger('silent'), { createLeads: true, region: 'RU', flushIntervalMs: 5 });
    const known1 = fixtureEvents('inbound-ringnoanswer');
    for (const e of known1) log.handle(e);
    const lead1 = fixtureEvents('asterisk-23.4.1/inbound-abandoned-ringing');
    for (const e of lead1) log.handle(e);
    await log.flush();
    const row = await app.ds.getRepository(CallEntity).findOneByOrFail({ pbxCallId: known1[0]!.callId });
    assert.deepEqual([row.clientId, row.clientStage], [known.id, 'qualified']);
    const lead = await app.ds.getRepository(CallEntity).findOneByOrFail({ pbxCallId: lead1[0]!.callId });
    assert.ok(lead.clientId);
    assert.equal(lead.clientStage, 'lead');

    // The client moves on; the call keeps the stage it was made at.
    await app.ds.getRepository(ClientEntity).update({ id: known.id }, { stage: 'customer' });
    assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).clientStage, 'qualified');

    // Linked to another client at wrap-up: that client's stage; unlinked: none; a note alone changes nothing.
    const other = await client('Other', 'proposal');
    assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: sup.token, body: { clientId: other } })).status, 200);
    assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).clientStage, 'proposal');
    await app.ds.getRepository(ClientEntity).update({ id: other }, { stage: 'lost' });
    assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: sup.token, body: { note: 'checked', clientId: other } })).status, 200);
    assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).clientStage, 'proposal', 'the same client again: unchanged');
    assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: sup.token, body: { clientId: null } })).status, 200);
    assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ id: row.id })).clientStage, null);
  });

  test('the migration backfills existing calls from their client’s stage now', async () => {
    const qr = app.ds.createQueryRunner();
    try {
      const migration = new CallClientStage1795500000160();
      await migration.down(qr);
      await migration.up(qr);
    } finally {
      await qr.release();
    }
    const rows: { client_stage: string | null; stage: string | null }[] = await app.ds.query('SELECT k.client_stage AS client_stage, c.stage AS stage FROM calls k LEFT JOIN clients c ON c.id = k.client_id');
    assert.ok(rows.length > 40);
    for (const r of rows) assert.equal(r.client_stage, r.stage);
    assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ pbxCallId: 'lo1' })).clientStage, 'customer', 'the approximation: a past lead shows at today’s stage');
  });
});
