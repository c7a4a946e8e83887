import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { AmiServer } from '../simulator';
import { AmiActionError, AmiClient, sanitizeAction } from './ami-client';

const servers: AmiServer[] = [];
const clients: AmiClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  await Promise.all(servers.map((s) => s.close()));
});

async function setup(serverOpts: ConstructorParameters<typeof AmiServer>[0] = {}, clientOpts: Partial<ConstructorParameters<typeof AmiClient>[0]> = {}) {
  const server = new AmiServer({ username: 'crm', secret: 'right', ...serverOpts });
  servers.push(server);
  const port = await server.listen(0);
  const warnings: string[] = [];
  const client = new AmiClient({
    host: '127.0.0.1',
    port,
    username: 'crm',
    secret: 'right',
    reconnect: { minDelayMs: 100, maxDelayMs: 1000 },
    logger: { info: () => undefined, warn: (_o, m) => warnings.push(m) },
    ...clientOpts,
  });
  clients.push(client);
  return { server, client, port, warnings };
}

const until = async (what: string, check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test('logs in, answers actions, and reconnects within 2 s after the link drops', async () => {
  const { server, client } = await setup();
  client.start();
  await until('connected', () => client.state().status === 'connected');
  const pong = await client.action({ Action: 'Ping' });
  assert.equal(pong.ping, 'Pong');
  server.dropConnections();
  await until('disconnected', () => client.state().status !== 'connected', 1000);
  const dropped = Date.now();
  await until('reconnected', () => client.state().status === 'connected', 2000);
  assert.ok(Date.now() - dropped < 2000);
  assert.equal((await client.action({ Action: 'Ping' })).response, 'Success');
});

test('wrong credentials: one clear log line per attempt, state auth_failed, retries with backoff, no crash', async () => {
  const { server, client, warnings } = await setup({}, { secret: 'wrong' });
  let logins = 0;
  server.on('action', (a) => a.name.toLowerCase() === 'login' && logins++);
  client.start();
  await until('auth_failed', () => client.state().status === 'auth_failed');
  assert.equal(client.state().detail, 'Authentication failed');
  await until('a retry', () => logins >= 2, 3000);
  assert.match(warnings[0]!, /AMI login refused: Authentication failed; retrying/);
  assert.ok(!warnings.join('\n').includes('wrong'), 'the secret is never logged');
});

test('a silent dead link (no answer to Ping) is found by the heartbeat and replaced', async () => {
  const { server, client } = await setup({}, { pingIntervalMs: 150, actionTimeoutMs: 150 });
  let connects = 0;
  client.on('connected', () => connects++);
  client.start();
  await until('connected', () => connects === 1);
  server.answerPings = false;
  await until('a new connection after the heartbeat died', () => connects >= 2, 3000);
  server.answerPings = true;
});

test('every action gets a timeout and a clear error; none leaks; actions while down fail at once', async () => {
  const { server, client } = await setup({ replyDelayMs: (a) => (a.name.toLowerCase() === 'originate' ? Infinity : 0) }, { actionTimeoutMs: 200 });
  client.start();
  await until('connected', () => client.state().status === 'connected');
  await assert.rejects(client.action({ Action: 'Originate', Channel: 'PJSIP/101', Exten: '100', Context: 'x', Priority: 1 }), (err: AmiActionError) => err.code === 'timeout' && /no answer in 200 ms/.test(err.message));
  await client.stop();
  const started = Date.now();
  await assert.rejects(client.action({ Action: 'Ping' }), (err: AmiActionError) => err.code === 'not_connected');
  assert.ok(Date.now() - started < 50);
  void server;
});

test('CR/LF in a value cannot inject a second action', async () => {
  const { server, client } = await setup();
  const seen: string[] = [];
  server.on('action', (a) => seen.push(a.name.toLowerCase()));
  client.start();
  await until('connected', () => client.state().status === 'connected');
  const evil = 'Иван\r\n\r\nAction: Command\r\nCommand: core stop now';
  await client.action({ Action: 'Originate', Channel: 'PJSIP/101', Context: 'click-to-call', Exten: '89161112233', Priority: 1, CallerID: evil, Async: 'true' }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(!seen.includes('command'), `actions seen: ${seen.join(', ')}`);
  assert.deepEqual(sanitizeAction({ CallerID: evil, 'Bad\r\nKey': 'x' }), { CallerID: 'Иван Action: Command Command: core stop now', BadKey: 'x' });
});

for (const mode of ['close', 'reset', 'unlisten'] as const) {
  test(`the PBX refuses the first reconnects (${mode}): one login after the outage, and the new link stays up`, async () => {
    // Login deadline longer than the outage: a deadline left over from a refused attempt would fire on the new link.
    const { server, client } = await setup({}, { actionTimeoutMs: 2000, pingIntervalMs: 200, reconnect: { minDelayMs: 50, maxDelayMs: 400 } });
    let logins = 0;
    let drops = 0;
    server.on('login', () => logins++);
    server.on('disconnect', (s) => s.loggedIn && drops++);
    client.start();
    await until('connected', () => client.state().status === 'connected');
    const firstConnectedAt = client.state().lastConnectedAt!;
    assert.equal(client.state().reconnects, 0);

    await server.refuseConnections(1200, { mode, dropOpen: true });
    if (mode !== 'unlisten') assert.ok(server.refusedConnections >= 2, `only ${server.refusedConnections} attempts were refused`);
    await until('reconnected', () => client.state().status === 'connected', 3000);
    // Longer than the login deadline of any refused attempt: the link must outlive all of them.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(logins, 2, `${logins} logins for one outage`);
    assert.equal(drops, 1, `the new link was dropped ${drops - 1} more time(s)`);
    assert.equal(client.state().status, 'connected');
    assert.equal(client.state().reconnects, 1);
    assert.ok(client.state().lastConnectedAt! > firstConnectedAt);
    assert.equal((await client.action({ Action: 'Ping' })).response, 'Success');
  });
}
