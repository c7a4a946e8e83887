import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallEntity, CallLegEntity, ClientEntity, UserEntity } from '../../server/db/entities';
import { CallLogService } from '../../server/modules/calls/call-log.service';
import { createLogger } from '../../server/logging/logger';
import { fixtureEvents } from '../helpers/call-events';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app';
import { createTestDatabase, viaPort, type TestDatabase } from '../helpers/test-db';
import { TcpProxy } from '../helpers/tcp-proxy';

let app: TestApp;
let ops: Record<string, number> = {};
before(async () => {
  app = await startTestApp();
  for (const ext of ['101', '102', '103', '104']) ops[ext] = (await app.user('operator', { extension: ext })).id;
});
after(() => app.close());

const logFor = (a: TestApp, createLeads = true) => new CallLogService(a.ds, a.services.clients, new ExtensionDirectory(a.ds), createLogger('silent'), { createLeads, region: 'RU', flushIntervalMs: 5 });
const rowsOf = (a: TestApp, callId: string) => a.ds.getRepository(CallEntity).findBy({ pbxCallId: callId });

test('a fixture call becomes one row with operator, client, durations; its legs record who missed it', async () => {
  const known = await app.services.clients.create({ userId: ops['101']!, role: 'operator', ip: null }, { name: 'ООО Ромашка', phones: ['8 (495) 123-45-67'], emails: [], tags: [], kind: 'organization', stage: 'customer' });
  const log = logFor(app);
  const events = fixtureEvents('inbound-ringnoanswer');
  for (const e of events) log.handle(e);
  await log.flush();
  const [row] = await rowsOf(app, events[0]!.callId);
  assert.ok(row);
  assert.equal(row.clientId, known.id);
  assert.equal(row.operatorId, ops['102']);
  assert.equal(row.externalE164, '+74951234567');
  assert.equal(row.outcome, 'answered');
  assert.equal(row.queue, 'hotline');
  assert.ok(Math.abs(row.waitSeconds! - 11) <= 1 && Math.abs(row.ringSeconds! - 2) <= 1 && Math.abs(row.talkSeconds! - 6) <= 1);
  const legs = await app.ds.getRepository(CallLegEntity).find({ where: { pbxCallId: row.pbxCallId }, order: { legNo: 'ASC' } });
  assert.deepEqual(legs.map((l) => [l.extension, l.operatorId, l.outcome]), [['101', ops['101'], 'missed'], ['102', ops['102'], 'answered']]);
  assert.equal(log.pending, 0, 'no state kept once a call is written');
});

test('the same stream twice, or every event twice, yields the same rows; the wrap-up survives', async () => {
  const events = fixtureEvents('burst');
  const log = logFor(app);
  for (const e of events) log.handle(e);
  await log.flush();
  const ids = [...new Set(events.map((e) => e.callId))];
  const first = await app.ds.getRepository(CallEntity).createQueryBuilder('c').where('c.pbx_call_id IN (:...ids)', { ids }).orderBy('c.pbx_call_id').getMany();
  assert.equal(first.length, 12);
  assert.equal(first.filter((r) => r.outcome === 'answered').length, 7);
  assert.equal(first.filter((r) => r.outcome === 'abandoned').length, 5);
  await app.ds.getRepository(CallEntity).update({ id: first[0]!.id }, { disposition: 'sale', note: 'оформил заказ' });

  const again = logFor(app);
  for (const e of events) {
    again.handle(e);
    again.handle(e);
  }
  await again.flush();
  const second = await app.ds.getRepository(CallEntity).createQueryBuilder('c').where('c.pbx_call_id IN (:...ids)', { ids }).orderBy('c.pbx_call_id').getMany();
  assert.equal(second.length, 12);
  const strip = (r: CallEntityRow) => ({ ...r, updatedAt: null, createdAt: null, disposition: null, note: null });
  assert.deepEqual(second.map(strip), first.map(strip));
  assert.equal(second[0]!.disposition, 'sale', 'a replay does not erase the operator’s wrap-up');
  assert.equal(second[0]!.note, 'оформил заказ');
});
type CallEntityRow = Awaited<ReturnType<typeof rowsOf>>[number];

test('an unknown inbound caller becomes a lead; an outbound call to an unknown number does not', async () => {
  const log = logFor(app);
  for (const name of ['asterisk-23.4.1/inbound-abandoned-ringing', 'asterisk-23.4.1/outbound-noanswer', 'asterisk-23.4.1/inbound-anonymous']) {
    for (const e of fixtureEvents(name)) log.handle(e);
  }
  await log.flush();
  const lead = (await app.services.lookup.findByPhone('+79261112233'))!;
  assert.equal(lead.name, 'Pavel Morozov');
  assert.equal(lead.stage, 'lead');
  assert.equal(lead.source, 'inbound_call');
  assert.equal((await app.ds.getRepository(CallEntity).findOneByOrFail({ externalE164: '+79261112233' })).clientId, lead.id);
  assert.equal(await app.services.lookup.findByPhone('89168888888'), null);
  const anonymous = await app.ds.getRepository(CallEntity).findOneByOrFail({ externalNumber: 'anonymous' });
  assert.equal(anonymous.clientId, null);
  const audit = await app.services.audit.list({ entity: 'client', entityId: String(lead.id), limit: 5, offset: 0 });
  assert.equal(audit.items[0]?.action, 'create');
});

test('an open call is a row at once; a call still open after a restart is closed, not left open forever', async () => {
  const events = fixtureEvents('asterisk-23.4.1/inbound-answered');
  const log = logFor(app);
  const answeredAt = events.findIndex((e) => e.type === 'answered');
  for (const e of events.slice(0, answeredAt + 1)) log.handle(e);
  await log.flush();
  const [open] = await rowsOf(app, events[0]!.callId);
  assert.equal(open?.endedAt, null);
  assert.equal(open?.operatorId, ops['101']);
  assert.ok(open?.answeredAt);

  // The process restarts: a fresh call log, and the PBX says the call is gone.
  const restarted = logFor(app);
  assert.equal(await restarted.closeStale('asterisk', new Set()), 1);
  const [closed] = await rowsOf(app, events[0]!.callId);
  assert.ok(closed?.endedAt);
  assert.equal(closed?.outcome, 'answered');
  assert.equal(await restarted.closeStale('asterisk', new Set()), 0);
});

test('with MariaDB down for a while, ended calls wait and are written once it is back; none lost or doubled', { skip: process.env.TEST_DB === 'sqlite' ? 'needs a networked database' : false }, async () => {
  const db: TestDatabase = await createTestDatabase();
  const server = new URL((db.config as { url: string }).url);
  const proxy = new TcpProxy({ host: server.hostname, port: Number(server.port || 3306) });
  const port = await proxy.start();
  const outage = await startTestApp({ db, dbConfig: viaPort(db.config, port) });
  try {
    const log = new CallLogService(outage.ds, outage.services.clients, new ExtensionDirectory(outage.ds), createLogger('silent'), { createLeads: true, region: 'RU', flushIntervalMs: 5, retryMs: 100, maxRetryMs: 400 });
    await proxy.cut();
    const events = fixtureEvents('asterisk-23.4.1/burst-8-full');
    for (const e of events) log.handle(e);
    await new Promise((r) => setTimeout(r, 1500)); // several failed attempts
    assert.equal(log.pending, 8, 'every call is still held');
    await proxy.restore();
    for (let i = 0; i < 100 && log.pending > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(log.pending, 0);
    const rows = await outage.ds.getRepository(CallEntity).find();
    assert.equal(rows.length, 8);
    assert.ok(rows.every((r) => r.outcome === 'answered' && r.endedAt));
    assert.equal(await outage.ds.getRepository(ClientEntity).count(), 7, 'one lead per valid unknown number (the anonymous caller is none)');
  } finally {
    await outage.close();
    await proxy.cut();
    await db.drop();
  }
});

test('whoever talked on a transferred call may wrap it up and link it to a client; others may not', async () => {
  const events = fixtureEvents('blind-transfer'); // 101 answers, blind transfer to 102
  const log = logFor(app);
  for (const e of events) log.handle(e);
  await log.flush();
  const row = await app.ds.getRepository(CallEntity).findOneByOrFail({ pbxCallId: events[0]!.callId });
  const op2 = await app.services.auth.login((await app.ds.getRepository(UserEntity).findOneByOrFail({ id: ops['102']! })).login, TEST_PASSWORD, '127.0.0.1', null);
  const op3 = await app.services.auth.login((await app.ds.getRepository(UserEntity).findOneByOrFail({ id: ops['103']! })).login, TEST_PASSWORD, '127.0.0.1', null);
  const mgr = await app.user('manager');
  const client = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Пётр Сидоров' } });
  const res = await app.api('PATCH', `/api/calls/${row.id}`, { token: op2.token, body: { disposition: 'info_given', clientId: client.body.id } });
  assert.equal(res.status, 200);
  assert.equal(res.body.clientId, client.body.id);
  assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: op3.token, body: { disposition: 'sale' } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: op2.token, body: { clientId: 2147483000 } })).status, 400);
  assert.equal((await app.api('PATCH', `/api/calls/${row.id}`, { token: op2.token, body: { disposition: 'bought_a_yacht' } })).status, 400);
});
