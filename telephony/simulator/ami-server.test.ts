import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { AmiServer } from './ami-server';
import type { AmiAction } from './ami-session';
import { AmiTestClient } from './ami-test-client';
import { inboundCall } from './call-scripts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('AmiServer: sessions and simple actions', () => {
  let server: AmiServer;
  let port: number;
  const clients: AmiTestClient[] = [];
  const connect = async (): Promise<AmiTestClient> => {
    const c = await AmiTestClient.connect(port);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = new AmiServer({ username: 'crm', secret: 's3cret' });
    port = await server.listen();
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('sends the Asterisk 23 banner on connect', async () => {
    const c = await connect();
    assert.equal(c.banner, 'Asterisk Call Manager/12.0.0\r\n');
  });

  it('logs in (keys in any case), echoes the ActionID, then sends FullyBooted and SuccessfulAuth', async () => {
    const c = await connect();
    c.socket.write('action: LOGIN\r\nactionid: l-1\r\nusername: crm\r\nSECRET: s3cret\r\n\r\n');
    const res = await c.waitFor((m) => m.response !== undefined);
    assert.equal(res.raw, 'Response: Success\r\nActionID: l-1\r\nMessage: Authentication accepted\r\n\r\n');
    const booted = await c.waitFor((m) => m.event === 'FullyBooted');
    assert.equal(booted.get('Status'), 'Fully Booted');
    const auth = await c.waitFor((m) => m.event === 'SuccessfulAuth');
    assert.equal(auth.get('AccountID'), 'crm');
    assert.match(auth.get('Timestamp') ?? '', /^\d{10}\.\d{6}$/);
  });

  it('refuses a wrong secret with "Authentication failed" and closes the socket, like Asterisk', async () => {
    const c = await connect();
    const res = await c.login('crm', 'wrong');
    assert.equal(res.response, 'Error');
    assert.equal(res.get('Message'), 'Authentication failed');
    await c.closed;
  });

  it('answers actions before Login with "Permission denied" and keeps the connection', async () => {
    const c = await connect();
    const res = await c.action('Ping', { ActionID: 'early-1' });
    assert.equal(res.raw, 'Response: Error\r\nActionID: early-1\r\nMessage: Permission denied\r\n\r\n');
    assert.equal((await c.login('crm', 's3cret')).response, 'Success');
  });

  it('answers Ping with Pong and a timestamp', async () => {
    const c = await connect();
    await c.login('crm', 's3cret');
    const res = await c.action('Ping');
    assert.equal(res.response, 'Success');
    assert.equal(res.get('Ping'), 'Pong');
    assert.match(res.get('Timestamp') ?? '', /^\d{10}\.\d{6}$/);
  });

  it('says Goodbye on Logoff and closes', async () => {
    const c = await connect();
    await c.login('crm', 's3cret');
    const res = await c.action('Logoff', { ActionID: 'bye' });
    assert.equal(res.raw, 'Response: Goodbye\r\nActionID: bye\r\nMessage: Thanks for all the fish.\r\n\r\n');
    await c.closed;
  });

  it('rejects unknown actions as Asterisk does', async () => {
    const c = await connect();
    await c.login('crm', 's3cret');
    const res = await c.action('NoSuchAction', { ActionID: 'x-9' });
    assert.equal(res.response, 'Error');
    assert.equal(res.get('Message'), 'Invalid/unknown command: NoSuchAction. Use Action: ListCommands to show available commands.');
    const missing = await (async () => {
      c.socket.write('ActionID: no-action\r\n\r\n');
      return c.waitFor((m) => m.actionId === 'no-action');
    })();
    assert.equal(missing.get('Message'), 'Missing action in request');
  });

  it('reports every action received, parsed, to an `action` listener', async () => {
    const seen: AmiAction[] = [];
    const onAction = (a: AmiAction): void => void seen.push(a);
    server.on('action', onAction);
    try {
      const c = await connect();
      await c.login('crm', 's3cret');
      await c.action('Originate', { ActionID: 'o-1', Channel: 'PJSIP/101', Exten: '89161234567', Context: 'click-to-call', Async: 'true' });
      const originate = seen.find((a) => a.name === 'Originate');
      assert.ok(originate);
      assert.equal(originate.actionId, 'o-1');
      assert.equal(originate.message.get('channel'), 'PJSIP/101');
      assert.equal(originate.message.get('EXTEN'), '89161234567');
    } finally {
      server.off('action', onAction);
    }
  });

  it('counts sessions, broadcasts raw bytes to logged-in ones and drops connections abruptly', async () => {
    const before = server.sessions;
    const a = await connect();
    const b = await connect();
    await a.login('crm', 's3cret');
    assert.equal(server.sessions, before + 2);
    server.broadcast('Event: Custom\r\nX: 1\r\n\r\n');
    await a.waitFor((m) => m.event === 'Custom');
    await sleep(50);
    assert.equal(b.messages.length, 0, 'a session that did not log in gets nothing');
    server.dropConnections();
    await Promise.all([a.closed, b.closed]);
    for (let i = 0; i < 50 && server.sessions > 0; i++) await sleep(10);
    assert.equal(server.sessions, 0);
  });
});

describe('AmiServer: link trouble', () => {
  it('can stop answering Ping (a silently dead link) while other actions still work', async () => {
    const server = new AmiServer({ answerPings: false });
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login();
      const pingId = c.send('Ping');
      const res = await c.action('CoreSettings');
      assert.equal(res.response, 'Success');
      await sleep(100);
      assert.equal(c.messages.find((m) => m.actionId === pingId), undefined);
      server.answerPings = true;
      assert.equal((await c.action('Ping')).get('Ping'), 'Pong');
    } finally {
      c.close();
      await server.close();
    }
  });

  it('delays replies, or never answers, per action', async () => {
    const server = new AmiServer({ replyDelayMs: (a) => (a.name === 'Status' ? Infinity : a.name === 'Ping' ? 150 : 0) });
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login();
      const statusId = c.send('Status');
      const started = performance.now();
      await c.action('Ping');
      assert.ok(performance.now() - started >= 140, 'Ping answered after its delay');
      await sleep(50);
      assert.equal(c.messages.find((m) => m.actionId === statusId), undefined, 'Status never answered');
    } finally {
      c.close();
      await server.close();
    }
  });

  it('plays a PBX restart: Shutdown event, socket closed, logins accepted again on the same port', async () => {
    const server = new AmiServer();
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login();
      const restarted = server.restart(100);
      const shutdown = await c.waitFor((m) => m.event === 'Shutdown');
      assert.equal(shutdown.get('Restart'), 'True');
      await c.closed;
      await restarted;
      const again = await AmiTestClient.connect(port);
      assert.equal((await again.login()).response, 'Success');
      again.close();
    } finally {
      c.close();
      await server.close();
    }
  });
});

describe('AmiServer: calls in progress', () => {
  it('lists a live call in CoreShowChannels and Status, then nothing once it ended', async () => {
    const server = new AmiServer({ speed: 40 });
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login();
      const script = inboundCall(
        server.pbx,
        { caller: { number: '+79161234567', name: 'Иван Петров' }, attempts: [{ ext: '101', ringMs: 2_000, answered: true }], talkMs: 40_000 },
        server.clock.now(),
      );
      const played = server.play(script);
      await c.waitFor((m) => m.event === 'AgentConnect', 3000);
      await sleep(20);

      const list = c.send('CoreShowChannels');
      const complete = await c.waitFor((m) => m.event === 'CoreShowChannelsComplete' && m.actionId === list);
      const start = c.messages.find((m) => m.actionId === list && m.response === 'Success');
      assert.equal(start?.get('EventList'), 'start');
      assert.equal(start?.get('Message'), 'Channels will follow');
      const items = c.messages.filter((m) => m.event === 'CoreShowChannel' && m.actionId === list);
      assert.equal(complete.get('EventList'), 'Complete');
      assert.equal(complete.get('ListItems'), '4');
      assert.deepEqual(
        items.map((m) => m.get('Channel')?.replace(/-[0-9a-f]{8}/, '')).sort(),
        ['Local/101@queue-agents;1', 'Local/101@queue-agents;2', 'PJSIP/101', 'PJSIP/trunk'],
      );
      for (const m of items) {
        assert.equal(m.get('Linkedid'), script.linkedid);
        assert.equal(m.get('ChannelStateDesc'), 'Up');
        assert.match(m.get('Duration') ?? '', /^\d\d:\d\d:\d\d$/);
        assert.notEqual(m.get('BridgeId'), '');
      }
      const trunk = items.find((m) => m.get('Channel')?.startsWith('PJSIP/trunk-'));
      assert.equal(trunk?.get('Application'), 'Queue');
      assert.equal(trunk?.get('CallerIDNum'), '+79161234567');

      const status = c.send('Status');
      const statusDone = await c.waitFor((m) => m.event === 'StatusComplete' && m.actionId === status);
      assert.equal(statusDone.get('Items'), '4');
      const statuses = c.messages.filter((m) => m.event === 'Status' && m.actionId === status);
      assert.equal(statuses.length, 4);
      assert.ok(statuses.every((m) => m.get('Privilege') === 'Call' && /^\d+$/.test(m.get('Seconds') ?? '')));

      await played;
      const after = c.send('CoreShowChannels');
      const empty = await c.waitFor((m) => m.event === 'CoreShowChannelsComplete' && m.actionId === after);
      assert.equal(empty.get('ListItems'), '0');
    } finally {
      c.close();
      await server.close();
    }
  });

  it('plays Originate as a click-to-call: queued response, operator rings and answers, OriginateResponse with the ActionID, client dialed through the trunk', async () => {
    const server = new AmiServer({
      speed: 50,
      originate: () => ({ agentRingMs: 2_000, clientRingMs: 3_000, talkMs: 6_000, hangupBy: 'operator' }),
    });
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login();
      const res = await c.action('Originate', {
        ActionID: 'c2c-1',
        Channel: 'PJSIP/101',
        Exten: '89161112233',
        Context: 'click-to-call',
        Priority: '1',
        CallerID: '"Иван Петров" <89161112233>',
        Async: 'true',
      });
      assert.equal(res.raw, 'Response: Success\r\nActionID: c2c-1\r\nMessage: Originate successfully queued\r\n\r\n');
      const cdr = await c.waitFor((m) => m.event === 'Cdr', 3000);
      const events = c.messages.filter((m) => m.event !== undefined && !['FullyBooted', 'SuccessfulAuth'].includes(m.event));
      const names = events.map((m) => m.event);
      const originate = events.find((m) => m.event === 'OriginateResponse');
      assert.ok(originate);
      assert.equal(originate.get('ActionID'), 'c2c-1');
      assert.equal(originate.get('Response'), 'Success');
      assert.equal(originate.get('Reason'), '4');
      assert.match(originate.get('Channel') ?? '', /^PJSIP\/101-[0-9a-f]{8}$/);
      // The operator's phone rings and answers before OriginateResponse; the trunk leg comes after.
      const phoneUp = events.findIndex((m) => m.event === 'Newstate' && m.get('Channel') === originate.get('Channel') && m.get('ChannelStateDesc') === 'Up');
      const trunkNew = events.findIndex((m) => m.event === 'Newchannel' && m.get('Channel')?.startsWith('PJSIP/trunk-'));
      assert.ok(names.indexOf('Newchannel') < phoneUp && phoneUp < names.indexOf('OriginateResponse') && names.indexOf('OriginateResponse') < trunkNew);
      const trunkDial = events.find((m) => m.event === 'DialBegin' && m.get('DestChannel')?.startsWith('PJSIP/trunk-'));
      assert.equal(trunkDial?.get('DialString'), '89161112233@trunk');
      assert.equal(cdr.get('Disposition'), 'ANSWERED');
      assert.equal(cdr.get('Destination'), '89161112233');
      assert.equal(cdr.get('DestinationContext'), 'click-to-call');
      assert.equal(cdr.get('UniqueID'), originate.get('Uniqueid'));
      const linked = new Set(events.filter((m) => m.has('Linkedid')).map((m) => m.get('Linkedid')));
      assert.deepEqual([...linked], [originate.get('Uniqueid')]);
    } finally {
      c.close();
      await server.close();
    }
  });

  it('plays Originate into ChanSpy: queued like Asterisk, the supervisor rings and answers, OriginateResponse names the application, ChanSpyStart on the operator, then hangs up', async () => {
    const server = new AmiServer({ speed: 50, chanSpy: () => ({ supervisorRingMs: 1_000, spyMs: 3_000 }) });
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login();
      // The operator (101) is on a call; 1015 is too, and the prefix with its dash must not pick it.
      const call = (ext: string, number: string) => inboundCall(server.pbx, { caller: { number, name: '' }, attempts: [{ ext, ringMs: 500, answered: true }], talkMs: 60_000 }, server.clock.now());
      void server.play(call('1015', '+79160000015'));
      void server.play(call('101', '+79160000101'));
      await c.waitFor((m) => m.event === 'Newstate' && m.get('Channel')?.startsWith('PJSIP/101-') === true && m.get('ChannelStateDesc') === 'Up', 3000);
      const res = await c.action('Originate', { ActionID: 'spy-1', Channel: 'PJSIP/201', Application: 'ChanSpy', Data: 'PJSIP/101-,qwES', CallerID: '101', Timeout: '30000', Async: 'true' });
      assert.equal(res.raw, 'Response: Success\r\nActionID: spy-1\r\nMessage: Originate successfully queued\r\n\r\n');
      const response = await c.waitFor((m) => m.event === 'OriginateResponse', 3000);
      assert.equal(response.get('ActionID'), 'spy-1');
      assert.equal(response.get('Response'), 'Success');
      assert.equal(response.get('Application'), 'ChanSpy');
      assert.equal(response.get('Data'), 'PJSIP/101-,qwES');
      const supervisor = response.get('Channel') ?? '';
      assert.match(supervisor, /^PJSIP\/201-[0-9a-f]{8}$/);
      const start = await c.waitFor((m) => m.event === 'ChanSpyStart', 3000);
      assert.equal(start.get('SpyerChannel'), supervisor);
      assert.match(start.get('SpyeeChannel') ?? '', /^PJSIP\/101-/);
      await c.waitFor((m) => m.event === 'Hangup' && m.get('Channel') === supervisor, 3000);
      // The supervisor's leg dials nobody: a call of its own, with no Dial of a trunk or a phone from it.
      const legEvents = c.messages.filter((m) => m.get('Channel') === supervisor);
      assert.ok(legEvents.some((m) => m.event === 'Newexten' && m.get('Application') === 'ChanSpy' && m.get('AppData') === 'PJSIP/101-,qwES'));
      assert.ok(!c.messages.some((m) => m.event === 'DialBegin' && m.get('Channel') === supervisor));

      // Nobody on 109's line: Asterisk still queues the Originate; with S, ChanSpy stops as soon as the phone answers.
      const none = await c.action('Originate', { ActionID: 'spy-2', Channel: 'PJSIP/201', Application: 'ChanSpy', Data: 'PJSIP/109-,qES', Async: 'true' });
      assert.equal(none.get('Response'), 'Success');
      const second = await c.waitFor((m) => m.event === 'OriginateResponse' && m.get('ActionID') === 'spy-2', 3000);
      await c.waitFor((m) => m.event === 'Hangup' && m.get('Channel') === second.get('Channel'), 3000);
      assert.ok(!c.messages.some((m) => m.event === 'ChanSpyStart' && m.get('SpyerChannel') === second.get('Channel')));

      const other = await c.action('Originate', { ActionID: 'app-1', Channel: 'PJSIP/201', Application: 'Playback', Data: 'hello-world' });
      assert.equal(other.get('Response'), 'Error');
    } finally {
      c.close();
      await server.close();
    }
  });

  it('sends no events to a session that logged in with Events: off, but still answers it', async () => {
    const server = new AmiServer({ speed: 100 });
    const port = await server.listen();
    const quiet = await AmiTestClient.connect(port);
    const loud = await AmiTestClient.connect(port);
    try {
      await quiet.login('admin', 'amp111', 'off');
      await loud.login();
      await server.play(
        inboundCall(server.pbx, { caller: { number: '84951234567', name: '' }, attempts: [{ ext: '102', ringMs: 1_000, answered: true }], talkMs: 2_000 }, server.clock.now()),
      );
      await loud.waitFor((m) => m.event === 'Cdr');
      assert.equal((await quiet.action('Ping')).get('Ping'), 'Pong');
      assert.deepEqual(
        quiet.messages.map((m) => m.response ?? m.event),
        ['Success', 'Success'],
      );
    } finally {
      quiet.close();
      loud.close();
      await server.close();
    }
  });
});

describe('AmiServer: refusing connections and losing events (test hooks)', () => {
  const tryConnect = (port: number) =>
    new Promise<'banner' | 'closed' | 'refused' | 'reset'>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (d) => (String(d).startsWith('Asterisk Call Manager/') ? resolve('banner') : resolve('closed')));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
      socket.once('close', () => resolve('closed'));
      setTimeout(() => socket.destroy(), 2000).unref();
    });

  for (const [mode, expected] of [['close', 'closed'], ['reset', 'reset'], ['unlisten', 'refused']] as const) {
    it(`refuseConnections(${mode}) turns connections away for a while, then welcomes them again`, async () => {
      const server = new AmiServer({ username: 'crm', secret: 's3cret' });
      const port = await server.listen();
      try {
        const c = await AmiTestClient.connect(port);
        assert.equal((await c.login('crm', 's3cret')).response, 'Success');
        const back = server.refuseConnections(400, { mode, dropOpen: true });
        await c.closed;
        assert.equal(await tryConnect(port), expected);
        await back;
        assert.equal(await tryConnect(port), 'banner');
        if (mode !== 'unlisten') assert.equal(server.refusedConnections, 1);
      } finally {
        await server.close();
      }
    });
  }

  it('loseEvent drops exactly the messages it names, even from a batch', async () => {
    const server = new AmiServer({ username: 'crm', secret: 's3cret', speed: 50 });
    const port = await server.listen();
    const c = await AmiTestClient.connect(port);
    try {
      await c.login('crm', 's3cret');
      const script = inboundCall(server.pbx, { caller: { number: '+79160000001', name: 'Тест' }, attempts: [{ ext: '101', ringMs: 1000, answered: true }], talkMs: 2000 }, server.clock.now());
      const lost: string[] = [];
      server.loseEvent = (m) => m.startsWith('Event: Hangup\r\n') && lost.push(m) > 0;
      await server.play(script);
      server.broadcast('Event: UserEvent\r\nUserEvent: done\r\n\r\n');
      await c.waitFor((m) => m.event === 'UserEvent');
      assert.ok(lost.length >= 2);
      assert.equal(c.messages.filter((m) => m.event === 'Hangup').length, 0);
      assert.ok(c.messages.some((m) => m.event === 'HangupRequest' || m.event === 'BridgeLeave'), 'the rest of the batch still came');
    } finally {
      c.close();
      await server.close();
    }
  });
});
