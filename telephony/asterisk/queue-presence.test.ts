import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { AgentPresenceEvent } from '../call-event';
import { AmiServer, AmiTestClient, type AmiAction } from '../simulator';
import { parseFrame } from './ami-framer';
import { AsteriskConnector } from './asterisk-connector';
import { extensionOfInterface, presenceOfEvent } from './queue-presence';

const FIXTURE = join(import.meta.dirname, '../../tests/fixtures/asterisk-ami/asterisk-23.4.1/queue-member-ops.jsonl');
const frames = readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(1).map((line) => (JSON.parse(line) as { data: string }).data);

test('QueueMemberPause of Asterisk 23 (and QueueMemberPaused of older ones) in the CRM’s words', () => {
  const pauses = frames.filter((f) => f.startsWith('Event: QueueMemberPause\r\n')).map((f) => presenceOfEvent(parseFrame(f), 'PJSIP/{extension}'));
  assert.deepEqual(pauses, [
    { iface: 'Local/102@queue-members/n', extension: '102', paused: true, reason: 'Lunch' },
    { iface: 'Local/102@queue-members/n', extension: '102', paused: false, reason: null },
  ]);
  const old = parseFrame('Event: QueueMemberPaused\r\nPrivilege: agent,all\r\nQueue: sales\r\nLocation: SIP/205\r\nMemberName: Ivan\r\nPaused: 1\r\nReason: Обед\r\n\r\n');
  assert.deepEqual(presenceOfEvent(old, 'SIP/{extension}'), { iface: 'SIP/205', extension: '205', paused: true, reason: 'Обед' });
  assert.equal(presenceOfEvent(parseFrame(frames.find((f) => f.startsWith('Event: QueueMemberAdded'))!), 'PJSIP/{extension}'), null, 'other queue events are not presence');
  assert.equal(presenceOfEvent(parseFrame('Event: QueueMemberPause\r\nInterface: PJSIP/101\r\nPaused: maybe\r\n\r\n'), 'PJSIP/{extension}'), null, 'a malformed event is dropped');

  assert.equal(extensionOfInterface('Local/{extension}@from-queue/n', 'Local/301@from-queue/n'), '301');
  assert.equal(extensionOfInterface('PJSIP/{extension}', 'PJSIP/101'), '101');
  assert.equal(extensionOfInterface('PJSIP/{extension}', 'hint:104@agent-hints'), '104');
  assert.equal(extensionOfInterface('PJSIP/{extension}', 'garbage'), null);
});

let server: AmiServer;
let port: number;
const actions: AmiAction[] = [];
before(async () => {
  server = new AmiServer({ username: 'crm', secret: 's' });
  port = await server.listen(0);
  server.on('action', (a) => actions.push(a));
});
after(() => server.close());

const waitFor = async (what: string, check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function connector(queuePresence: ConstructorParameters<typeof AsteriskConnector>[0]['queuePresence']) {
  const c = new AsteriskConnector({ url: `ami://crm:s@127.0.0.1:${port}`, name: 'qp', queuePresence, reconnect: { minDelayMs: 50, maxDelayMs: 200 } });
  const events: AgentPresenceEvent[] = [];
  c.onAgentPresence((e) => events.push(e));
  c.start(() => undefined);
  await waitFor('connected', () => c.state().status === 'connected');
  return { c, events };
}

/** Everything the PBX sent before this marker has been read by the connector. */
async function settled(c: AsteriskConnector) {
  const name = `m${Math.random()}`;
  let seen = false;
  c.client.on('event', (m) => (seen ||= m.event === 'UserEvent' && m.userevent === name));
  server.broadcast(`Event: UserEvent\r\nUserEvent: ${name}\r\n\r\n`);
  await waitFor('marker', () => seen);
}

test('pause mode: QueuePause on the wire; our own echo is not reported, a pause made elsewhere is', async () => {
  const { c, events } = await connector({ mode: 'pause', interface: 'Local/{extension}@queue-agents/n', queues: [] });
  const phone = await AmiTestClient.connect(port);
  try {
    actions.length = 0;
    await c.setAgentPresence({ extension: '103', presence: 'paused', reason: 'Break' });
    const sent = actions.filter((a) => a.name === 'QueuePause');
    assert.deepEqual(sent.map((a) => [a.message.get('Interface'), a.message.get('Paused'), a.message.get('Reason'), a.message.get('Queue')]), [['Local/103@queue-agents/n', 'true', 'Break', undefined]]);
    assert.ok(server.queueMembers.isAway('103'));
    await c.setAgentPresence({ extension: '103', presence: 'logged_out', reason: 'Offline' });
    await c.setAgentPresence({ extension: '103', presence: 'available' });
    assert.equal(actions.at(-1)!.message.get('Paused'), 'false');
    assert.ok(!server.queueMembers.isAway('103'));
    await settled(c);
    assert.equal(events.length, 0, 'the CRM’s own changes come back as events and are not news');

    // Someone else (the phone's feature code, another tool) pauses 104.
    await phone.login('crm', 's');
    await phone.action('QueuePause', { Interface: 'Local/104@queue-agents/n', Paused: 'true', Reason: 'Lunch' });
    await waitFor('pause reported', () => events.length === 1);
    assert.deepEqual({ ...events[0], at: undefined }, { pbx: 'qp', extension: '104', presence: 'paused', reason: 'Lunch', at: undefined });
    await phone.action('QueuePause', { Interface: 'Local/104@queue-agents/n', Paused: 'false' });
    await waitFor('unpause reported', () => events.length === 2);
    assert.equal(events[1]!.presence, 'available');

    await assert.rejects(c.setAgentPresence({ extension: '999', presence: 'paused' }), /Interface not found/, 'an extension that is no member is an error');
  } finally {
    phone.close();
    await c.stop();
  }
});

test('add-remove mode: available joins the queues, break pauses, offline leaves; already there / not there are fine', async () => {
  const { c } = await connector({ mode: 'add-remove', interface: 'PJSIP/{extension}', queues: ['hotline'] });
  try {
    actions.length = 0;
    const member = () => server.queueMembers.list('hotline').find((m) => m.iface === 'PJSIP/120');
    await c.setAgentPresence({ extension: '120', presence: 'available' });
    assert.equal(member()?.paused, false);
    await c.setAgentPresence({ extension: '120', presence: 'paused', reason: 'Break' });
    assert.equal(member()?.paused, true);
    await c.setAgentPresence({ extension: '120', presence: 'available' });
    assert.equal(member()?.paused, false, 'back from a break: QueueAdd says already there, so it unpauses');
    await c.setAgentPresence({ extension: '120', presence: 'logged_out' });
    assert.equal(member(), undefined);
    await c.setAgentPresence({ extension: '120', presence: 'logged_out' });
    await c.setAgentPresence({ extension: '120', presence: 'paused', reason: 'Break' });
    assert.equal(member()?.paused, true, 'a break while out of the queue joins it paused');
    assert.deepEqual(
      actions.map((a) => `${a.name} ${a.message.get('Paused') ?? ''}`.trim()).filter((a) => a.startsWith('Queue')),
      ['QueueAdd false', 'QueuePause true', 'QueueAdd false', 'QueuePause false', 'QueueRemove', 'QueueRemove', 'QueuePause true', 'QueueAdd true'],
    );
  } finally {
    await c.stop();
  }
});

test('off: nothing is sent', async () => {
  const { c } = await connector({ mode: 'off', interface: 'PJSIP/{extension}', queues: [] });
  try {
    actions.length = 0;
    await c.setAgentPresence({ extension: '101', presence: 'paused' });
    assert.equal(actions.filter((a) => a.name.startsWith('Queue')).length, 0);
  } finally {
    await c.stop();
  }
});
