import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall, TrafficGenerator } from '../../telephony/simulator';
import { demoCallers, KNOWN_CALLER_SHARE } from '../../server/demo/demo-callers';
import { DEMO_PASSWORD, seedDemoData } from '../../server/demo/demo-seed';
import { createLogger } from '../../server/logging/logger';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The demo shows the headline: most demo calls come from seeded clients with a history, and the lead
// router is switched on.
let server: AmiServer;
let app: TestApp;

before(async () => {
  server = new AmiServer({ username: 'crm', secret: 'demo', speed: 10 });
  const port = await server.listen(0);
  app = await startTestApp({ pbx: new AsteriskConnector({ url: `ami://crm:demo@127.0.0.1:${port}`, name: 'demo' }) });
  await seedDemoData(app.ds, createLogger('silent'), { clients: 600, days: 3, callsPerDay: 30 });
});
after(async () => {
  await app.close();
  await server.close();
});

const login = async (name: string) => (await app.api('POST', '/api/auth/login', { body: { login: name, password: DEMO_PASSWORD } })).body.token as string;

test('the demo seed has regulars with calls, notes, deals and open callbacks, and routing rules switched on', async () => {
  const manager = await login('manager');
  const rules = (await app.api('GET', '/api/routing-rules', { token: manager })).body.items as { enabled: boolean; graceMinutes: number; action: { type: string } }[];
  assert.deepEqual(
    rules.filter((r) => r.enabled).map((r) => [r.graceMinutes, r.action.type]),
    [
      [10, 'least_loaded'],
      [3 * 1440, 'supervisor'],
    ],
  );

  const callers = await demoCallers(app.ds);
  const known: string[] = [];
  for (const c of callers) {
    const found = (await app.api('GET', `/api/clients?phone=${encodeURIComponent(c.number)}`, { token: manager })).body;
    if (found.total === 1) known.push(String(found.items[0].id));
  }
  const share = known.length / callers.length;
  assert.ok(Math.abs(share - KNOWN_CALLER_SHARE) < 0.05, `about 60% of the demo's callers are clients it knows (${share.toFixed(2)})`);
  let withCallbacks = 0;
  for (const id of known.slice(0, 40)) {
    const calls = (await app.api('GET', `/api/calls?clientId=${id}&limit=1`, { token: manager })).body.total;
    const notes = (await app.api('GET', `/api/clients/${id}/notes`, { token: manager })).body;
    const deals = (await app.api('GET', `/api/clients/${id}/deals`, { token: manager })).body;
    assert.ok(calls >= 2, `client ${id} has past calls`);
    assert.ok((notes.items ?? notes).length >= 1, `client ${id} has notes`);
    assert.ok((deals.items ?? deals).length >= 1, `client ${id} has deals`);
    if ((await app.api('GET', `/api/callbacks?clientId=${id}&status=pending`, { token: manager })).body.total > 0) withCallbacks++;
  }
  assert.ok(withCallbacks >= 10, `many regulars have open callbacks (${withCallbacks} of 40)`);

  // The demo PBX's traffic asks for its callers at every call: before the seed is known, its own pool.
  let list: readonly { number: string; name: string }[] = [];
  const traffic = new TrafficGenerator(server, { callers: () => list, seed: 5, mix: { 'inbound-answered': 1 } });
  const numbers = new Set(callers.map((c) => c.number));
  const callerOf = (script: ReturnType<TrafficGenerator['plan']>) => [...(JSON.stringify(script).match(/\+?\d{10,13}/g) ?? [])];
  assert.ok(!callerOf(traffic.plan('inbound-answered', server.clock.now())).some((n) => numbers.has(n)));
  list = callers.slice(0, 1);
  assert.ok(callerOf(traffic.plan('inbound-answered', server.clock.now())).includes(callers[0]!.number));
});

test('a call from a demo regular pops their card with the history', async () => {
  const callers = await demoCallers(app.ds);
  const operator = await login('operator1'); // extension 101
  const s = await connectSocket(app.baseUrl, operator);
  try {
    await server.play(inboundCall(server.pbx, { caller: callers[0]!, attempts: [{ ext: '101', ringMs: 3000, answered: true }], talkMs: 5000 }, server.clock.now()));
    const end = Date.now() + 15_000;
    while (s.of('screenpop').length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const pop = s.of('screenpop')[0]?.payload;
    assert.ok(pop, 'the operator got a pop');
    assert.ok(pop.client, 'not an empty new lead');
    assert.ok(pop.recentCalls.length >= 2, 'with past calls');
    assert.ok(pop.recentDeals.length >= 1, 'with deals');
    assert.ok(pop.lastNote, 'with a note');
  } finally {
    s.socket.close();
  }
});
