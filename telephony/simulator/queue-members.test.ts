import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AmiServer } from './ami-server';
import { AmiTestClient } from './ami-test-client';
import { parseMessage, type AmiMessage } from './ami-wire';

// The queue actions as Asterisk 23.4.1 answers them (tests/fixtures/asterisk-ami/asterisk-23.4.1/queue-member-ops).
const FIXTURE = join(import.meta.dirname, '../../tests/fixtures/asterisk-ami/asterisk-23.4.1/queue-member-ops.jsonl');
const recorded = readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(1).map((line) => parseMessage((JSON.parse(line) as { data: string }).data));
const keysOf = (m: AmiMessage) => m.fields.map(([k]) => k).filter((k) => k !== 'Timestamp' && k !== 'SystemName');

let server: AmiServer;
let port: number;
before(async () => {
  server = new AmiServer({ username: 'crm', secret: 's' });
  port = await server.listen(0);
});
after(() => server.close());

async function client() {
  const c = await AmiTestClient.connect(port);
  await c.login('crm', 's');
  return c;
}

test('QueuePause pauses and unpauses a member with Asterisk’s answers and QueueMemberPause fields', async () => {
  const c = await client();
  const watcher = await client();
  try {
    const paused = await c.action('QueuePause', { Interface: 'Local/102@queue-agents/n', Paused: 'true', Reason: 'Lunch' });
    assert.equal(paused.get('Response'), 'Success');
    assert.equal(paused.get('Message'), 'Interface paused successfully');
    const event = await watcher.waitFor((m) => m.event === 'QueueMemberPause' && m.get('Paused') === '1');
    const real = recorded.find((m) => m.event === 'QueueMemberPause' && m.get('Paused') === '1')!;
    assert.deepEqual(keysOf(event), keysOf(real), 'the same fields in the same order as Asterisk 23');
    assert.equal(event.get('Interface'), 'Local/102@queue-agents/n');
    assert.equal(event.get('PausedReason'), 'Lunch');
    assert.equal(event.get('Queue'), 'hotline');
    assert.ok(server.queueMembers.isAway('102'));
    const status = await c.action('QueueStatus');
    await c.waitFor((m) => m.event === 'QueueStatusComplete' && m.actionId === status.actionId);
    const member = c.messages.find((m) => m.event === 'QueueMember' && m.actionId === status.actionId && m.get('Location') === 'Local/102@queue-agents/n')!;
    assert.equal(member.get('Paused'), '1');
    assert.equal(member.get('PausedReason'), 'Lunch');

    const unpaused = await c.action('QueuePause', { Interface: 'Local/102@queue-agents/n', Paused: 'false' });
    assert.equal(unpaused.get('Message'), 'Interface unpaused successfully');
    const back = await watcher.waitFor((m) => m.event === 'QueueMemberPause' && m.get('Paused') === '0');
    assert.equal(back.get('PausedReason'), '');
    assert.ok(!server.queueMembers.isAway('102'));
    assert.equal(server.queueMembers.list().filter((m) => m.paused).length, 0);
  } finally {
    c.close();
    watcher.close();
  }
});

test('QueueAdd and QueueRemove manage dynamic members; errors are Asterisk’s', async () => {
  const c = await client();
  try {
    const added = await c.action('QueueAdd', { Queue: 'hotline', Interface: 'PJSIP/109', MemberName: 'Trainee 109', Penalty: '2', Paused: 'false' });
    assert.equal(added.get('Message'), 'Added interface to queue');
    const event = await c.waitFor((m) => m.event === 'QueueMemberAdded');
    const real = recorded.find((m) => m.event === 'QueueMemberAdded')!;
    assert.deepEqual(keysOf(event), keysOf(real));
    assert.equal(event.get('Membership'), 'dynamic');
    assert.equal((await c.action('QueueAdd', { Queue: 'hotline', Interface: 'pjsip/109' })).get('Message'), 'Unable to add interface: Already there');
    assert.equal((await c.action('QueueAdd', { Queue: 'nosuch', Interface: 'PJSIP/109' })).get('Message'), 'Unable to add interface to queue: No such queue');
    assert.equal((await c.action('QueuePause', { Interface: 'PJSIP/109', Paused: 'true', Queue: 'hotline' })).get('Response'), 'Success');
    assert.ok(server.queueMembers.isAway('109'));

    const removed = await c.action('QueueRemove', { Queue: 'hotline', Interface: 'PJSIP/109' });
    assert.equal(removed.get('Message'), 'Removed interface from queue');
    await c.waitFor((m) => m.event === 'QueueMemberRemoved' && m.get('Interface') === 'PJSIP/109');
    // The recorded error answers of the fixture.
    assert.equal((await c.action('QueueRemove', { Queue: 'hotline', Interface: 'Local/199@queue-members/n' })).get('Message'), 'Unable to remove interface: Not there');
    const notFound = await c.action('QueuePause', { Queue: 'nosuchqueue', Interface: 'Local/101@queue-agents/n', Paused: 'true' });
    assert.equal(notFound.get('Response'), 'Error');
    assert.equal(notFound.get('Message'), recorded.find((m) => m.actionId === 'queue-member-ops-559')!.get('Message'));
    assert.equal((await c.action('QueueRemove', { Queue: 'hotline', Interface: 'Local/101@queue-agents/n' })).get('Message'), 'Unable to remove interface: Not dynamic');
    assert.equal((await c.action('QueuePause', { Interface: 'PJSIP/101' })).get('Message'), "Need 'Interface' and 'Paused' parameters.");
  } finally {
    c.close();
  }
});
