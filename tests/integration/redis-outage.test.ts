import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { In } from 'typeorm';
import { CallbackEntity, CallbackHistoryEntity, CallEntity, UserEntity } from '../../server/db/entities';
import { openDatabase } from '../../server/db/data-source';
import { BullJobQueue } from '../../server/jobs/bull-job-queue';
import { createLogger } from '../../server/logging/logger';
import { CallbacksService, ROUTE_JOB, SWEEP_JOB } from '../../server/modules/callbacks/callbacks.service';
import { LeadRouter } from '../../server/modules/routing/lead-router.service';
import { silentNotifier } from '../../server/realtime/notifier';
import { AmiServer, inboundCall, type CallScript } from '../../telephony/simulator';
import { freePort, spawnServer, waitForOk, type ServerProcess } from '../helpers/spawn-server';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { createTestDatabase } from '../helpers/test-db';
import { TcpProxy } from '../helpers/tcp-proxy';

// Redis blips and restarts in the scale-out shape. Outages are played by cutting a TCP proxy in front of
// the machine's Redis (each test with its own key prefix, only its keys deleted); a restart that loses
// the data runs on a redis-server of this test's own, on a free port, shut down afterwards.
const skip = process.env.TEST_DB === 'sqlite' ? 'Redis and a networked database: the scale-out shape' : false;
let app: TestApp;
let teamId: number;
let ops: number[] = [];
let clientId: number;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

before(async () => {
  if (skip) return;
  app = await startTestApp({ sweepEveryMs: 3_600_000 });
  await app.services.jobs.close(); // the tests build their own queues
  const mgr = await app.user('manager');
  teamId = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name: 'Смена Р' } })).body.id;
  for (const ext of ['301', '302']) ops.push((await app.user('operator', { extension: ext })).id);
  for (const id of ops) await app.ds.getRepository(UserEntity).update({ id }, { teamId, state: 'available' });
  clientId = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Клиент Редис', phones: ['+79165557788'] } })).body.id;
  await app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: 'rr', graceMinutes: 1, action: { type: 'round_robin', teamId } } });
});
after(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  await app?.close();
});

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
const prefixKeysGone = (url: string, prefix: string) => async () => {
  const r = new Redis(url);
  const keys = await r.keys(`${prefix}:*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
};

/** A redis-server of this test's own (never the machine's): started, restarted without its data, stopped. */
async function ownRedis(): Promise<{ url: string; restart(): Promise<void>; stop(): Promise<void> }> {
  const port = await freePort();
  const start = () => execFileSync('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--pidfile', `/tmp/crm-test-redis-${port}.pid`, '--logfile', `/tmp/crm-test-redis-${port}.log`]);
  const ping = () => {
    try {
      return execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() === 'PONG';
    } catch {
      return false;
    }
  };
  const shutdown = async () => {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    } catch {
      /* gone already */
    }
    await until('redis down', () => !ping(), 10_000);
  };
  start();
  await until('redis up', ping, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: async () => {
      await shutdown();
      start();
      await until('redis up again', ping, 10_000);
    },
    stop: shutdown,
  };
}

test('Redis restarted without its data: the sweep and the timers come back on their own; a callback due after it is routed', { skip }, async () => {
  const redis = await ownRedis();
  cleanups.push(() => redis.stop());
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const jobs = new BullJobQueue(redis.url, prefix, createLogger('silent'), 32, 300);
  cleanups.push(() => jobs.close());
  const router = new LeadRouter(app.ds, app.services.routingRules, silentNotifier, createLogger('silent'));
  const callbacks = new CallbacksService(app.ds, app.services.audit, router, jobs, silentNotifier, createLogger('silent'));
  await callbacks.start(2_000);
  await new Promise((r) => setTimeout(r, 500)); // the queue's marker is set
  // A minute's grace, due 52 s ago: its router acts in 8 s, after the restart (and, once moved, it is not
  // late again within the test). Its timer and the sweep live in Redis only.
  const id = (await callbacks.create(null, { clientId, assigneeId: ops[0]!, dueAt: new Date(Date.now() - 52_000), priority: 0 })).id;
  assert.equal(await jobs.pending(ROUTE_JOB), 1);
  await redis.restart();
  await until('the sweep registered again', async () => (await jobs.pending(SWEEP_JOB)) > 0, 15_000);
  await until('the timer set again', async () => (await jobs.pending(ROUTE_JOB)) > 0, 15_000);
  await until('routed', async () => (await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id })).assigneeId !== ops[0], 30_000);
  assert.equal((await app.ds.getRepository(CallbackHistoryEntity).findBy({ callbackId: id })).length, 1, 'moved once');
});

test('a callback created while Redis is out of reach answers at once and exists once (no hang, nothing for a retry to double)', { skip }, async () => {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  await proxy.start();
  cleanups.push(() => proxy.cut());
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  cleanups.push(prefixKeysGone('redis://127.0.0.1:6379', prefix));
  const jobs = new BullJobQueue(`redis://127.0.0.1:${proxy.port}`, prefix, createLogger('silent'));
  cleanups.push(() => jobs.close());
  const router = new LeadRouter(app.ds, app.services.routingRules, silentNotifier, createLogger('silent'));
  const callbacks = new CallbacksService(app.ds, app.services.audit, router, jobs, silentNotifier, createLogger('silent'));
  await callbacks.start(3_600_000);
  await proxy.cut();
  let restored = false;
  const restoreLater = setTimeout(() => {
    restored = true;
    void proxy.restore();
  }, 20_000);
  try {
    const before = await app.ds.getRepository(CallbackEntity).countBy({ clientId });
    const created = await callbacks.create(null, { clientId, assigneeId: ops[1]!, dueAt: new Date(Date.now() + 3600_000), priority: 0, note: 'во время сбоя Redis' });
    assert.equal(restored, false, 'answered while Redis was still out of reach');
    assert.ok(created.id);
    assert.equal(await app.ds.getRepository(CallbackEntity).countBy({ clientId }), before + 1);
  } finally {
    clearTimeout(restoreLater);
    if (!restored) await proxy.restore();
  }
  // Once Redis answers, its timers are there.
  await until('timers set once Redis is back', async () => (await jobs.pending(ROUTE_JOB)) > 0, 20_000);
});

// The whole product: a node holding the PBX link (AMI simulator) loses Redis twice, for 10 s and for 16 s,
// while calls come in. It keeps the link (nobody else could take it), and every call is logged once with
// its outcome.
test('Redis outages of 10 s and 16 s on a single node: the PBX link is kept and every call is logged once, as it went', { skip }, async () => {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const sim = new AmiServer({ username: 'crm', secret: 'blip', speed: 2 });
  const amiPort = await sim.listen(0);
  cleanups.push(() => sim.close());
  let logins = 0;
  sim.on('login', () => logins++);
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  await proxy.start();
  cleanups.push(() => proxy.cut());
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  cleanups.push(prefixKeysGone('redis://127.0.0.1:6379', prefix));
  const port = await freePort();
  const node: ServerProcess = spawnServer({
    PORT: String(port),
    DATABASE_URL: (db.config as { url: string }).url,
    REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    REDIS_PREFIX: prefix,
    AMI_URL: `ami://crm:blip@127.0.0.1:${amiPort}`,
    ADMIN_LOGIN: 'admin',
    ADMIN_PASSWORD: 'redis-blip-admin-pw',
    DEMO_DATA: '0',
    CALL_SPOOL_DIR: `/tmp/crm-test-spool-${prefix}`,
    LOG_LEVEL: 'error',
  });
  cleanups.push(() => node.stop());
  cleanups.push(() => execFileSync('rm', ['-rf', `/tmp/crm-test-spool-${prefix}`]));
  await waitForOk(`http://127.0.0.1:${port}/healthz`, node, 60_000);
  const pbx = async () => ((await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { pbx: { status: string } }).pbx.status;
  await until('the node holds the PBX link', async () => (await pbx().catch(() => '')) === 'connected');
  const loginsBefore = logins;

  const scripts: CallScript[] = [];
  const plays: Promise<void>[] = [];
  const play = (s: CallScript) => {
    scripts.push(s);
    plays.push(sim.play(s));
  };
  const caller = (i: number) => ({ number: `+7916555${String(1000 + i)}`, name: `Звонок ${i}` });
  let i = 0;
  for (const outageMs of [10_000, 16_000]) {
    // Calls that span the outage: begin before it, are answered and end inside it or after.
    play(inboundCall(sim.pbx, { caller: caller(i++), attempts: [{ ext: '101', ringMs: 3000, answered: true }], talkMs: 10_000 }, sim.clock.now()));
    play(inboundCall(sim.pbx, { caller: caller(i++), attempts: [{ ext: '102', ringMs: 2000, answered: true }], talkMs: 2 * outageMs + 4000 }, sim.clock.now()));
    await proxy.cut();
    const cutAt = Date.now();
    while (Date.now() - cutAt < outageMs) {
      // Calls that happen entirely inside the outage: answered, abandoned, missed.
      play(inboundCall(sim.pbx, { caller: caller(i), attempts: [{ ext: String(103 + (i % 3)), ringMs: 2000, answered: i % 3 !== 1 }], talkMs: 4000, abandonAfterMs: 6000 }, sim.clock.now()));
      i++;
      await new Promise((r) => setTimeout(r, 1500));
    }
    assert.equal(await pbx(), 'connected', 'the link is up during the outage');
    await proxy.restore();
    await new Promise((r) => setTimeout(r, 3000)); // Redis back for a while before the next outage
  }
  await Promise.all(plays);
  const ds = await openDatabase(db.config);
  cleanups.push(() => ds.destroy());
  const rowsOf = () => ds.getRepository(CallEntity).findBy({ pbxCallId: In(scripts.map((s) => s.linkedid)) });
  await until('every call written', async () => (await rowsOf()).filter((r) => r.endedAt).length === scripts.length, 60_000);
  const rows = await rowsOf();
  assert.equal(rows.length, scripts.length, 'one row per call');
  for (const s of scripts) {
    const row = rows.find((r) => r.pbxCallId === s.linkedid)!;
    assert.equal(row.outcome === 'missed' ? 'abandoned' : row.outcome, s.truth.outcome, `${s.kind} ${s.linkedid}`);
    if (s.truth.talkMs !== null) assert.ok(row.talkSeconds !== null && Math.abs(row.talkSeconds - s.truth.talkMs / 1000) <= 1, `talk ${row.talkSeconds} for ${s.truth.talkMs} ms`);
  }
  assert.equal(logins - loginsBefore, 0, 'the PBX link was never dropped');
  assert.equal(await pbx(), 'connected');
});

