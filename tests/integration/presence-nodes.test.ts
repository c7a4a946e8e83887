import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { UserEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { RedisAgentStatePeers } from '../../server/modules/agents/agent-state-peers';
import { AgentStateService } from '../../server/modules/agents/agent-state.service';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { LeasedPbx } from '../../server/pbx/leased-pbx';
import { silentNotifier } from '../../server/realtime/notifier';
import type { AgentPresenceEvent, CallEvent } from '../../telephony/call-event';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, AmiTestClient } from '../../telephony/simulator';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Presence with several nodes, on the machine's Redis: the phone's events reach the node holding the PBX
// link, an operator's choices the node of their browser. Each node is built here as main.ts builds it.
const skip = process.env.TEST_DB === 'sqlite' ? 'several nodes is the scale-out shape (Redis)' : false;
const prefix = `test-${randomBytes(4).toString('hex')}`;
const logger = createLogger('silent');
let app: TestApp;
const redises: Redis[] = [];
const stops: (() => unknown)[] = [];

before(async () => {
  if (!skip) app = await startTestApp();
});
after(async () => {
  for (const stop of stops.reverse()) await stop();
  for (const r of redises) r.disconnect();
  await app?.close();
});

const redis = () => {
  const r = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  redises.push(r);
  return r;
};
const waitFor = async (what: string, check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** An agent-state service as a node has it: its own directory, its own Redis connection, short wrap-up. */
function agentsNode() {
  const peers = new RedisAgentStatePeers(redis(), prefix, logger);
  const agents = new AgentStateService(app.ds, new ExtensionDirectory(app.ds), silentNotifier, logger, 200, undefined, peers);
  stops.push(() => agents.stop());
  return agents;
}
const ev = (callId: string, e: Record<string, unknown>) => ({ pbx: 'nodes', callId, at: new Date(), ...e }) as CallEvent;
const dbState = async (id: number) => (await app.ds.getRepository(UserEntity).findOneByOrFail({ id })).state;

test('the PBX node returns an operator to what they chose on another node, not to a stale choice', { skip }, async () => {
  const holder = agentsNode();
  const browserNode = agentsNode();
  const op = await app.user('operator', { extension: '301' });
  await new Promise((r) => setTimeout(r, 200)); // both subscriptions are in
  await browserNode.choose(op.id, 'available');
  // A call: the holder follows it.
  holder.handle(ev('n1', { type: 'answered', extension: '301' }));
  await waitFor('on call', async () => (await holder.stateOf(op.id)) === 'on_call');
  // They sign out on the other node during the call.
  await browserNode.signOff(op.id);
  holder.handle(ev('n1', { type: 'ended', cause: 'answered' }));
  // After the wrap-up the holder puts them where they chose to be: offline (it had them as available).
  await waitFor('offline after the wrap-up', async () => (await holder.stateOf(op.id)) === 'offline' && (await dbState(op.id)) === 'offline');

  // A break chosen on the browser's node: a ring that stops returns them to the break, not to available.
  await browserNode.choose(op.id, 'break');
  await waitFor('the holder knows', async () => (await holder.stateOf(op.id)) === 'break');
  holder.handle(ev('n2', { type: 'ringing', extension: '301' }));
  await waitFor('ringing', async () => (await holder.stateOf(op.id)) === 'ringing');
  holder.handle(ev('n2', { type: 'ring_stopped', extension: '301' }));
  await waitFor('back on the break', async () => (await holder.stateOf(op.id)) === 'break' && (await dbState(op.id)) === 'break');
  assert.equal(await browserNode.stateOf(op.id), 'break');
});

test('queue presence set on a standby node reaches the PBX through the holder; the holder hears pauses made on the phone', { skip }, async () => {
  const sim = new AmiServer({ username: 'crm', secret: 'nodes' });
  const port = await sim.listen(0);
  stops.push(() => sim.close());
  const node = (name: string) => {
    const link = new AsteriskConnector({ url: `ami://crm:nodes@127.0.0.1:${port}`, reconnect: { minDelayMs: 50, maxDelayMs: 200 }, queuePresence: { mode: 'pause', interface: 'Local/{extension}@queue-agents/n', queues: [] } });
    const pbx = new LeasedPbx(link, redis(), { prefix, logger, ttlMs: 1500, renewEveryMs: 300, forwardTimeoutMs: 3000, nodeId: name });
    const heard: AgentPresenceEvent[] = [];
    pbx.onAgentPresence((e) => heard.push(e));
    pbx.start(() => undefined);
    stops.push(() => pbx.stop());
    return { pbx, heard };
  };
  const a = node('node-a');
  const b = node('node-b');
  await waitFor('one holder, connected', () => [a, b].some((n) => n.pbx.isHolder && n.pbx.state().status === 'connected'));
  const [holder, standby] = a.pbx.isHolder ? [a, b] : [b, a];
  await new Promise((r) => setTimeout(r, 300)); // the holder's subscription to forwarded actions is in

  await standby.pbx.setAgentPresence({ extension: '106', presence: 'paused', reason: 'Break' });
  assert.ok(sim.queueMembers.isAway('106'), 'paused on the PBX by the holder for the standby node');
  await standby.pbx.setAgentPresence({ extension: '106', presence: 'available' });
  assert.ok(!sim.queueMembers.isAway('106'));
  await assert.rejects(standby.pbx.setAgentPresence({ extension: '999', presence: 'paused' }), /Interface not found/, 'the PBX’s refusal comes back to the asking node');

  const phone = await AmiTestClient.connect(port);
  try {
    await phone.login('crm', 'nodes');
    await phone.action('QueuePause', { Interface: 'Local/107@queue-agents/n', Paused: 'true', Reason: 'Lunch' });
    await waitFor('the holder hears it', () => holder.heard.some((e) => e.extension === '107' && e.presence === 'paused'));
    assert.equal(standby.heard.length, 0, 'a standby node has no link to hear it on');
    assert.equal(holder.heard.filter((e) => e.extension === '106').length, 0, 'its own pauses are not news');
  } finally {
    phone.close();
  }
});
