import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { In } from 'typeorm';
import { CallEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { CallLogService } from '../../server/modules/calls/call-log.service';
import { CallSpool } from '../../server/modules/calls/call-spool';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { AmiServer, inboundCall, type CallScript } from '../../telephony/simulator';
import { fixtureEvents } from '../helpers/call-events';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { createTestDatabase, viaPort, type TestDatabase } from '../helpers/test-db';
import { TcpProxy } from '../helpers/tcp-proxy';

// The call log's durable spool: calls held while MariaDB is down (reached through a proxy the test cuts)
// survive the node stopping, and the next node with the same CALL_SPOOL_DIR writes each of them once.
const skip = process.env.TEST_DB === 'sqlite' ? 'needs a networked database to cut' : false;
let db: TestDatabase;
let proxy: TcpProxy;
let app: TestApp;
const dirs: string[] = [];

before(async () => {
  db = await createTestDatabase();
  if (db.config.type !== 'mysql') {
    app = await startTestApp({ db });
    return;
  }
  const server = new URL(db.config.url);
  proxy = new TcpProxy({ host: server.hostname, port: Number(server.port || 3306) });
  await proxy.start();
  app = await startTestApp({ db, dbConfig: viaPort(db.config, proxy.port) });
});
after(async () => {
  await app?.close();
  await proxy?.cut();
  await db.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'crm-spool-'));
  dirs.push(d);
  return d;
};
const logWith = (spool: CallSpool, flushIntervalMs = 5) => new CallLogService(app.ds, app.services.clients, new ExtensionDirectory(app.ds), createLogger('silent'), { createLeads: true, region: 'RU', flushIntervalMs, retryMs: 100, maxRetryMs: 400, spool });
const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

test('calls not yet written when the node stops (before its batched write) are written by the next run (both shapes)', async () => {
  const dir = tempDir();
  const events = fixtureEvents('inbound-ringnoanswer').map((e) => ({ ...e, pbx: 'unflushed' }));
  const spool = new CallSpool(dir, createLogger('silent'));
  const first = logWith(spool, 60_000); // its batch would be written a minute later
  await first.restore();
  for (const e of events) first.handle(e);
  await spool.synced();
  first.stop(); // stops without flushing, as a killed node would
  await first.closeSpool();
  assert.equal(await app.ds.getRepository(CallEntity).countBy({ pbx: 'unflushed' }), 0, 'nothing written by the first run');
  const nextSpool = new CallSpool(dir, createLogger('silent'));
  const next = logWith(nextSpool);
  assert.equal(await next.restore(), 1);
  await until('written', () => next.pending === 0);
  const rows = await app.ds.getRepository(CallEntity).findBy({ pbx: 'unflushed' });
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.outcome, 'answered');
  next.stop();
  await next.closeSpool();
});

test('calls held while the database is down are in the spool; the next run writes them once and empties it', { skip }, async () => {
  const dir = tempDir();
  const events = fixtureEvents('asterisk-23.4.1/burst-8-full');
  const spool = new CallSpool(dir, createLogger('silent'));
  const first = logWith(spool);
  assert.equal(await first.restore(), 0, 'an empty spool replays nothing');
  await proxy.cut();
  for (const e of events) first.handle(e);
  await spool.synced();
  assert.equal(first.pending, 8, 'held in memory');
  assert.ok(spool.size > 0, 'and on disk');
  // The node stops with the database still down: the calls stay in the spool.
  first.stop();
  await first.closeSpool();

  await proxy.restore();
  const nextSpool = new CallSpool(dir, createLogger('silent'));
  const next = logWith(nextSpool);
  assert.equal(await next.restore(), 8, 'every held call replayed');
  await until('written', () => next.pending === 0);
  await nextSpool.synced();
  const rows = await app.ds.getRepository(CallEntity).findBy({ pbx: events[0]!.pbx });
  assert.equal(rows.length, 8);
  assert.ok(rows.every((r) => r.outcome === 'answered' && r.endedAt && r.talkSeconds !== null));
  assert.equal(nextSpool.size, 0, 'committed: the spool is emptied');
  next.stop();
  await next.closeSpool();
  const again = logWith(new CallSpool(dir, createLogger('silent')));
  assert.equal(await again.restore(), 0, 'nothing left to replay');
  again.stop();
  await again.closeSpool();
});

test('a torn last line (a crash mid-write) is skipped; the calls before it are replayed', { skip }, async () => {
  const dir = tempDir();
  const spool = new CallSpool(dir, createLogger('silent'));
  const log = logWith(spool);
  await log.restore();
  await proxy.cut();
  const events = fixtureEvents('inbound-ringnoanswer').map((e) => ({ ...e, pbx: 'torn' }));
  for (const e of events) log.handle(e);
  log.stop();
  await log.closeSpool();
  const slot = join(dir, readdirSync(dir)[0]!);
  const file = join(slot, 'calls.jsonl');
  const text = readFileSync(file, 'utf8');
  const { appendFileSync } = await import('node:fs');
  appendFileSync(file, '{"e":[{"pbx":"torn","callId":"x","at":"2026-');
  await proxy.restore();
  const next = logWith(new CallSpool(dir, createLogger('silent')));
  assert.equal(await next.restore(), 1);
  await until('written', () => next.pending === 0);
  const [row] = await app.ds.getRepository(CallEntity).findBy({ pbx: 'torn' });
  assert.equal(row?.outcome, 'answered');
  assert.ok(text.length > 0 && statSync(file).size === 0, 'emptied once written');
  next.stop();
  await next.closeSpool();
});

// A real server process on MariaDB through a proxy, fed by the AMI simulator: the database goes down,
// calls happen and end, the node is killed outright (SIGKILL); the database returns and a new node with
// the same CALL_SPOOL_DIR logs every call once, with its outcome.
test('calls held while the database is down survive a SIGKILL: the next node logs each once', { skip }, async () => {
  const spoolDir = tempDir();
  const sim = new AmiServer({ username: 'crm', secret: 'spool', speed: 4 });
  const amiPort = await sim.listen(0);
  const url = new URL((db.config as { url: string }).url);
  url.host = `127.0.0.1:${proxy.port}`;
  const env = async () => ({
    PORT: String(await freePort()),
    DATABASE_URL: url.toString(),
    AMI_URL: `ami://crm:spool@127.0.0.1:${amiPort}`,
    ADMIN_LOGIN: 'admin',
    ADMIN_PASSWORD: 'spool-admin-password',
    DEMO_DATA: '0',
    CALL_SPOOL_DIR: spoolDir,
    LOG_LEVEL: 'error',
  });
  const nodes: ServerProcess[] = [];
  try {
    const first = await env();
    nodes.push(spawnServer(first));
    await waitForOk(`http://127.0.0.1:${first.PORT}/readyz`, nodes[0]!, 60_000);
    const pbxUp = async () => ((await (await fetch(`http://127.0.0.1:${first.PORT}/readyz`)).json()) as { pbx: { status: string } }).pbx.status === 'connected';
    await until('the PBX link', pbxUp);

    await proxy.cut();
    const scripts: CallScript[] = [];
    const plays: Promise<void>[] = [];
    const play = (s: CallScript) => {
      scripts.push(s);
      plays.push(sim.play(s));
    };
    const t = () => sim.clock.now();
    play(inboundCall(sim.pbx, { caller: { number: '+79165550101', name: 'Отвеченный' }, attempts: [{ ext: '101', ringMs: 2000, answered: true }], talkMs: 6000 }, t()));
    play(inboundCall(sim.pbx, { caller: { number: '+79165550102', name: 'Бросил' }, attempts: [], abandonAfterMs: 3000 }, t()));
    play(inboundCall(sim.pbx, { caller: { number: '+79165550103', name: 'Не взяли' }, attempts: [{ ext: '102', ringMs: 3000 }], abandonAfterMs: 5000 }, t()));
    play(inboundCall(sim.pbx, { caller: { number: '+79165550104', name: 'Переведённый' }, attempts: [{ ext: '103', ringMs: 1000, answered: true }], talkMs: 5000, transfer: { to: '104', afterMs: 2000, ringMs: 1000, talkMs: 3000 } }, t()));
    await Promise.all(plays);
    await new Promise((r) => setTimeout(r, 1000)); // the node has read the last events (and spooled them)
    nodes[0]!.child.kill('SIGKILL');
    await nodes[0]!.exited;
    assert.equal(await app.ds.getRepository(CallEntity).count().catch(() => -1), -1, 'the database is still down');

    await proxy.restore();
    const second = await env();
    nodes.push(spawnServer(second));
    await waitForOk(`http://127.0.0.1:${second.PORT}/readyz`, nodes[1]!, 60_000);
    const rowsNow = async () => app.ds.getRepository(CallEntity).findBy({ pbxCallId: In(scripts.map((s) => s.linkedid)) });
    await until('every call written', async () => (await rowsNow().catch(() => [])).filter((r) => r.endedAt).length >= scripts.length, 30_000);
    const rows = await rowsNow();
    assert.equal(rows.length, scripts.length, 'one row per call, none doubled');
    for (const s of scripts) {
      const row = rows.find((r) => r.pbxCallId === s.linkedid);
      assert.ok(row, `no row for ${s.kind}`);
      assert.ok(row.endedAt, `${s.kind} closed`);
      assert.equal(row.outcome === 'missed' ? 'abandoned' : row.outcome, s.truth.outcome, `${s.kind} outcome`);
      if (s.truth.talkMs !== null && s.kind !== 'inbound-transfer') assert.ok(row.talkSeconds !== null && Math.abs(row.talkSeconds - s.truth.talkMs / 1000) <= 1, `${s.kind} talk ${row.talkSeconds}`);
    }
  } finally {
    for (const n of nodes) await n.stop();
    await sim.close();
  }
});
