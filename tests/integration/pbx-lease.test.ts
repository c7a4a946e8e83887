import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { createLogger } from '../../server/logging/logger';
import { LeasedPbx } from '../../server/pbx/leased-pbx';
import { AmiActionError } from '../../telephony/asterisk/ami-client';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer } from '../../telephony/simulator';

// Several nodes, one Redis, one (simulated) Asterisk over real AMI: one link at a time, handed over when
// the holder loses Redis; click-to-call from a standby node reaches the PBX through the holder.
const skip = process.env.TEST_DB === 'sqlite' ? 'the lease is the scale-out shape (Redis)' : false;
const prefix = `test-${randomBytes(4).toString('hex')}`;
let sim: AmiServer;
let port: number;
const redises: Redis[] = [];
const nodes: LeasedPbx[] = [];

before(async () => {
  sim = new AmiServer({ username: 'crm', secret: 'lease' });
  port = await sim.listen(0);
});
after(async () => {
  for (const n of nodes) await n.stop().catch(() => undefined);
  const cleanup = new Redis('redis://127.0.0.1:6379');
  const keys = await cleanup.keys(`${prefix}:*`);
  if (keys.length) await cleanup.del(...keys);
  await cleanup.quit();
  for (const r of redises) r.disconnect();
  await sim.close();
});

/** A node: its own Redis connection (as its own process would have) and its own AMI connector. */
function node(name: string): { pbx: LeasedPbx; redis: Redis } {
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  redises.push(redis);
  const link = new AsteriskConnector({ url: `ami://crm:lease@127.0.0.1:${port}`, reconnect: { minDelayMs: 50, maxDelayMs: 200 } });
  const pbx = new LeasedPbx(link, redis, { prefix, logger: createLogger('silent'), ttlMs: 1500, renewEveryMs: 300, forwardTimeoutMs: 3000, nodeId: name });
  nodes.push(pbx);
  return { pbx, redis };
}

const until = async (check: () => boolean, ms = 8000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return check();
};

test('one node holds the link; a standby forwards click-to-call; the link moves when the holder loses Redis', { skip }, async () => {
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

  // The holder's Redis goes away: it lets go before its lease can have expired, and b takes over.
  a.redis.disconnect();
  assert.ok(await until(() => !a.pbx.isHolder), 'the holder lets go');
  assert.ok(await until(() => b.pbx.isHolder && b.pbx.state().status === 'connected'), 'the standby takes over');
  assert.ok(await until(() => sim.loggedInSessions === 1));
  assert.equal(a.pbx.state().status, 'standby');
});

test('with no holder, click-to-call fails at once as "not connected"', { skip }, async () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  redises.push(redis);
  const lone = new LeasedPbx(new AsteriskConnector({ url: `ami://crm:lease@127.0.0.1:${port}` }), redis, { prefix: `${prefix}-none`, logger: createLogger('silent'), nodeId: 'lone' });
  nodes.push(lone);
  await assert.rejects(lone.originate({ extension: '101', number: '+79160000000' }), (err) => err instanceof AmiActionError && err.code === 'not_connected');
});
