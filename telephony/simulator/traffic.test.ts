import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AmiServer } from './ami-server';
import { AmiTestClient } from './ami-test-client';
import { AmiStreamSplitter } from './ami-wire';
import { startDemoPbx } from './demo-pbx';
import { flood, TrafficGenerator } from './traffic';

describe('traffic generator', () => {
  it('keeps starting calls that interleave on the wire, never double-books an operator, and every call ends', async () => {
    const server = new AmiServer({ speed: 200, pbx: { seed: 11 } });
    const port = await server.listen();
    const client = await AmiTestClient.connect(port);
    const traffic = new TrafficGenerator(server, { callsPerSecond: 0.5, maxConcurrent: 12, seed: 5, durations: { talkMs: [20_000, 60_000] } });
    try {
      await client.login();
      traffic.start();
      await new Promise((r) => setTimeout(r, 800));
      traffic.stop();
      await client.until(() => server.activeCalls === 0, 5_000, 'calls to finish');
      await new Promise((r) => setTimeout(r, 20));

      assert.ok(traffic.stats.started >= 10, `started ${traffic.stats.started} calls`);
      assert.ok(Object.keys(traffic.stats.byKind).length >= 3, `kinds: ${JSON.stringify(traffic.stats.byKind)}`);
      const events = client.messages.filter((m) => m.event && m.event !== 'FullyBooted' && m.event !== 'SuccessfulAuth');
      const live = new Map<string, string>();
      const busy = new Map<string, number>();
      let maxCalls = 0;
      const calls = new Set<string>();
      for (const m of events) {
        const ch = m.get('Channel') ?? '';
        const phone = /^PJSIP\/(1\d\d)-/.exec(ch)?.[1];
        if (m.event === 'Newchannel') {
          live.set(ch, m.get('Linkedid') ?? '');
          calls.add(m.get('Linkedid') ?? '');
          if (phone) {
            busy.set(phone, (busy.get(phone) ?? 0) + 1);
            assert.ok((busy.get(phone) ?? 0) <= 1, `operator ${phone} on two calls at once`);
          }
        } else if (m.event === 'Hangup') {
          assert.ok(live.delete(ch), `Hangup of unknown ${ch}`);
          if (phone) busy.set(phone, (busy.get(phone) ?? 1) - 1);
        }
        maxCalls = Math.max(maxCalls, new Set(live.values()).size);
      }
      assert.equal(live.size, 0, 'every channel hung up');
      assert.equal(calls.size, traffic.stats.started);
      assert.ok(maxCalls >= 2, `calls overlapped (max ${maxCalls} at once)`);
    } finally {
      traffic.stop();
      client.close();
      await server.close();
    }
  });
});

describe('flood', () => {
  for (const chunk of ['small', 'large'] as const) {
    it(`writes exactly N whole messages in ${chunk} writes and reports the rate`, async () => {
      const server = new AmiServer();
      const port = await server.listen();
      const client = await AmiTestClient.connect(port);
      try {
        const loggedIn = server.nextLogin();
        await client.login();
        const session = await loggedIn;
        const before = client.received().length;
        const report = await flood(session, { events: 20_000, chunk });
        assert.equal(report.events, 20_000);
        await client.until(() => client.received().length >= before + report.bytes, 60_000, 'all flood bytes');
        const splitter = new AmiStreamSplitter();
        const messages = splitter.push(client.received().subarray(before));
        assert.equal(messages.length, 20_000);
        assert.equal(splitter.pending, '');
        assert.ok(messages.every((m) => m.startsWith('Event: ')));
        if (chunk === 'small') assert.equal(report.writes, 20_000);
        else assert.ok(report.writes < 20);
        assert.ok(report.eventsPerSecond > 0);
      } finally {
        client.close();
        await server.close();
      }
    });
  }
});

describe('demo PBX', () => {
  it('listens with its credentials, plays calls to a logged-in client, and stops cleanly', async () => {
    const demo = await startDemoPbx({ username: 'crm', secret: 'crm-secret', server: { speed: 100 }, traffic: { callsPerSecond: 1, seed: 3 } });
    const client = await AmiTestClient.connect(demo.port, demo.host);
    try {
      assert.equal((await client.login(demo.username, demo.secret)).response, 'Success');
      const first = await client.waitFor((m) => m.event === 'Newchannel', 3_000);
      assert.match(first.get('Uniqueid') ?? '', /^sim-\d{10}\.\d+$/);
    } finally {
      client.close();
      await demo.stop();
    }
    assert.equal(demo.traffic.running, false);
  });
});
