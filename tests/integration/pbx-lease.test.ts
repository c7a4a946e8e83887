import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { createLogger } from '../../server/logging/logger';
import { LeasedPbx } from '../../server/pbx/leased-pbx';
import { AmiActionError } from '../../telephony/asterisk/ami-client';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, type AmiAction } from '../../telephony/simulator';
import { TcpProxy } from '../helpers/tcp-proxy';

// Several nodes, one Redis, one (simulated) Asterisk over real AMI: one link at a time; click-to-call from
// a standby node reaches the PBX through the holder. Redis outages are played by cutting TCP proxies in
// front of the machine's Redis (never by stopping it); each test has its own key prefix.
const skip = process.env.TEST_DB === 'sqlite' ? 'the lease is the scale-out shape (Redis)' : false;
const prefix = `test-${randomBytes(4).toString('hex')}`;
let sim: AmiServer;
let port: number;
const redises: Redis[] = [];
const nodes: LeasedPbx[] = [];
const proxies: TcpProxy[] = [];
let logins = 0;

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'lease' });
  port = await sim.listen(0);
  sim.on('login', () => logins++);
});
after(async () => {
  for (const n of nodes) await n.stop().catch(() => undefined);
  const cleanup = new Redis('redis://127.0.0.1:6379');
  const keys = await cleanup.keys(`${prefix}:*`);
  if (keys.length) await cleanup.del(...keys);
  await cleanup.quit();
  for (const r of redises) r.disconnect();
  for (const p of proxies) await p.cut();
  await sim.close();
});

/** A proxy in front of the machine's Redis that a test cuts to play an outage. */
async function redisProxy(): Promise<TcpProxy> {
  const proxy = new TcpProxy({ host: '127.0.0.1', port: 6379 });
  await proxy.start();
  proxies.push(proxy);
  return proxy;
}

/** A node: its own Redis connection (as its own process would have, optionally through a proxy) and its own AMI connector. */
function node(name: string, opts: { redisPort?: number; prefix?: string; renewEveryMs?: number } = {}): { pbx: LeasedPbx; redis: Redis } {
  // As main.ts connects (commands wait out an outage), reconnecting quickly.
  const redis = new Redis(`redis://127.0.0.1:${opts.redisPort ?? 6379}`, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  redis.on('error', () => undefined);
  redises.push(redis);
  const link = new AsteriskConnector({ url: `ami://crm:lease@127.0.0.1:${port}`, reconnect: { minDelayMs: 50, maxDelayMs: 200 } });
  const pbx = new LeasedPbx(link, redis, { prefix: opts.prefix ?? prefix, logger: createLogger('silent'), ttlMs: 1500, renewEveryMs: opts.renewEveryMs ?? 300, forwardTimeoutMs: 3000, nodeId: name });
  nodes.push(pbx);
  return { pbx, redis };
}

/** Stops every node started so far (the next test starts from an empty floor). */
async function stopAll(): Promise<void> {
  for (const n of nodes.splice(0)) await n.stop().catch(() => undefined);
}

const until = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return check();
};

test('one node holds the link; a standby forwards click-to-call', { skip }, async () => {
  // Node ids as real nodes have them (host:pid:random), of two different processes.
  const a = node('host-a:101:aaaa');
  const b = node('host-b:202:bbbb');
  a.pbx.start(() => undefined);
  assert.ok(await until(() => a.pbx.isHolder && a.pbx.state().status === 'connected'), 'the first node takes the link');
  b.pbx.start(() => undefined);
  await new Promise((r) => setTimeout(r, 1000)); // several of b's tries
  assert.equal(b.pbx.isHolder, false);
  assert.equal(b.pbx.state().status, 'standby');
  assert.equal(sim.loggedInSessions, 1, 'one AMI session for the cluster');

  const originates: string[] = [];
  sim.on('action', (act) => {
    if (act.name.toLowerCase() === 'originate') originates.push(act.message.get('Channel') ?? '');
  });
  const res = await b.pbx.originate({ extension: '105', number: '+79165554433' });
  assert.match(res.actionId, /^c2c-/);
  assert.deepEqual(originates, ['PJSIP/105'], 'dialed once, through the holder');

  // Garbage on the request channel changes nothing.
  await a.redis.publish(`${prefix}:pbx:asterisk:originate`, '{"id": 1, "nonsense": true');
  await a.redis.publish(`${prefix}:pbx:asterisk:originate`, JSON.stringify({ id: 'x', replyTo: 'elsewhere', expiresAt: Date.now() + 60_000, request: { extension: '1', number: '2' } }));
  // A request whose asker has given up (it went out late, after a Redis outage) is not dialed.
  await a.redis.publish(`${prefix}:pbx:asterisk:originate`, JSON.stringify({ id: 'late', replyTo: `${prefix}:pbx:asterisk:reply:host-b:202:bbbb`, expiresAt: Date.now() - 1, request: { extension: '107', number: '+79165554435' } }));
  assert.equal((await b.pbx.originate({ extension: '106', number: '+79165554434' })).message.length > 0, true);
  assert.deepEqual(originates, ['PJSIP/105', 'PJSIP/106'], 'neither the garbage nor the expired request was dialed');

  // Only the holder is cut off from Redis (a partition): it keeps its link, as it cannot know that another
  // node took over; the others see the lease expire and take it: two links for a while (the documented
  // price). Once the old holder reaches Redis again it sees the new token and lets go.
  await stopAll();
});

test('a standby forwards live coaching (ChanSpy) to the holder, like click-to-call', { skip }, async () => {
  const a = node('host-a:303:cccc');
  const b = node('host-b:404:dddd');
  a.pbx.start(() => undefined);
  assert.ok(await until(() => a.pbx.isHolder && a.pbx.state().status === 'connected'), 'the first node takes the link');
  b.pbx.start(() => undefined);
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(b.pbx.isHolder, false);
  assert.ok(b.pbx.spy, 'a leased Asterisk can spy');
  const spies: string[][] = [];
  const onAction = (act: AmiAction) => {
    if (act.name.toLowerCase() === 'originate') spies.push([act.message.get('Channel') ?? '', act.message.get('Application') ?? '', act.message.get('Data') ?? '']);
  };
  sim.on('action', onAction);
  try {
    const res = await b.pbx.spy!({ supervisorExtension: '401', operatorExtension: '301', mode: 'whisper' });
    assert.match(res.actionId, /^spy-/);
    assert.match(res.message, /successfully queued/i);
    assert.deepEqual(spies, [['PJSIP/401', 'ChanSpy', 'PJSIP/301-,qwES']], 'rung once, through the holder');
    // A forwarded spy with a smuggled option never reaches the PBX: the holder refuses it, the asker hears why.
    await assert.rejects(b.pbx.spy!({ supervisorExtension: '401', operatorExtension: '301,B', mode: 'listen' }), (err) => err instanceof AmiActionError && err.code === 'rejected');
    assert.equal(spies.length, 1);
  } finally {
    sim.off('action', onAction);
    await stopAll();
  }
});

test('a partition: the holder cut off from Redis keeps its link; once back it sees the new holder and lets go', { skip }, async () => {
  const p = `${prefix}-part`;
  const proxy = await redisProxy();
  const a = node('host-a:101:part', { redisPort: proxy.port, prefix: p });
  const b = node('host-b:202:part', { prefix: p });
  a.pbx.start(() => undefined);
  assert.ok(await until(() => a.pbx.isHolder && a.pbx.state().status === 'connected'));
  b.pbx.start(() => undefined);
  await proxy.cut();
  assert.ok(await until(() => b.pbx.isHolder && b.pbx.state().status === 'connected'), 'the others take the expired lease');
  assert.equal(a.pbx.isHolder, true, 'the cut-off holder still holds its link');
  assert.ok(await until(() => sim.loggedInSessions === 2), 'two links for the time of the partition');
  await proxy.restore();
  assert.ok(await until(() => !a.pbx.isHolder), 'back in touch, the old holder sees the new token and lets go');
  assert.ok(await until(() => sim.loggedInSessions === 1));
  assert.equal(b.pbx.isHolder, true);
  await stopAll();
});

test('Redis out of reach for every node, longer than the lease: the holder keeps its link, nobody else takes it, no drop', { skip }, async () => {
  const p = `${prefix}-out`;
  const proxy = await redisProxy();
  const a = node('host-a:101:out', { redisPort: proxy.port, prefix: p });
  const b = node('host-b:202:out', { redisPort: proxy.port, prefix: p });
  a.pbx.start(() => undefined);
  assert.ok(await until(() => a.pbx.isHolder && a.pbx.state().status === 'connected'));
  b.pbx.start(() => undefined);
  await new Promise((r) => setTimeout(r, 700));
  const loginsBefore = logins;
  await proxy.cut();
  await new Promise((r) => setTimeout(r, 3000)); // twice the lease
  assert.equal(a.pbx.isHolder, true, 'the holder kept the link through the outage');
  assert.equal(a.pbx.state().status, 'connected');
  assert.equal(b.pbx.isHolder, false, 'nobody else could take the lease');
  await proxy.restore();
  await new Promise((r) => setTimeout(r, 1500)); // several renewals after Redis is back
  assert.equal(a.pbx.isHolder, true, 'still the holder once Redis answers');
  assert.equal(b.pbx.isHolder, false);
  assert.equal(logins - loginsBefore, 0, 'the PBX link was never dropped');
  assert.equal(sim.loggedInSessions, 1);
  await stopAll();
});

test('Redis lost the lease (a restart without persistence): the holder takes it back at once, without a drop', { skip }, async () => {
  const p = `${prefix}-lost`;
  const a = node('host-a:101:lost', { prefix: p });
  // The standby tries every second: between two of its tries the holder renews (every 300 ms) at least once.
  const b = node('host-b:202:lost', { prefix: p, renewEveryMs: 1000 });
  a.pbx.start(() => undefined);
  assert.ok(await until(() => a.pbx.isHolder && a.pbx.state().status === 'connected'));
  b.pbx.start(() => undefined);
  await new Promise((r) => setTimeout(r, 1200));
  const loginsBefore = logins;
  for (let i = 0; i < 5; i++) {
    await a.redis.del(`${p}:pbx:asterisk:holder`); // what a FLUSHALL or a restart without data does to the lease
    await new Promise((r) => setTimeout(r, 700));
  }
  assert.equal(a.pbx.isHolder, true);
  assert.equal(b.pbx.isHolder, false, 'the standby waits a step before taking a free lease: the holder is first');
  assert.equal(await a.redis.get(`${p}:pbx:asterisk:holder`), 'host-a:101:lost');
  assert.equal(logins - loginsBefore, 0, 'no drop');
  await stopAll();
});

test('with no holder, click-to-call fails at once as "not connected"', { skip }, async () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  redises.push(redis);
  const lone = new LeasedPbx(new AsteriskConnector({ url: `ami://crm:lease@127.0.0.1:${port}` }), redis, { prefix: `${prefix}-none`, logger: createLogger('silent'), nodeId: 'lone' });
  nodes.push(lone);
  await assert.rejects(lone.originate({ extension: '101', number: '+79160000000' }), (err) => err instanceof AmiActionError && err.code === 'not_connected');
});
