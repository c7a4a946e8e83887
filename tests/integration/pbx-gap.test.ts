import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallEntity, CallLegEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { CallLogService } from '../../server/modules/calls/call-log.service';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall } from '../../telephony/simulator';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { TcpProxy } from '../helpers/tcp-proxy';

// The PBX link is cut (a proxy between the connector and the AMI simulator) while calls go on; what
// happened in the gap is rebuilt from the PBX's channel list when the link is back.
let app: TestApp;
const ops: Record<string, number> = {};
before(async () => {
  app = await startTestApp();
  for (const ext of ['101', '102', '103']) ops[ext] = (await app.user('operator', { extension: ext })).id;
});
after(() => app.close());

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

test('a phone picked up while the link was down is answered, not abandoned; a phone that stopped ringing meanwhile is closed then', async () => {
  const sim = new AmiServer({ username: 'crm', secret: 'gap' });
  const simPort = await sim.listen(0);
  const proxy = new TcpProxy({ host: '127.0.0.1', port: simPort });
  await proxy.start();
  const pbx = 'gap';
  const log = new CallLogService(app.ds, app.services.clients, new ExtensionDirectory(app.ds), createLogger('silent'), { createLeads: true, region: 'RU', flushIntervalMs: 5 });
  const connector = new AsteriskConnector({ url: `ami://crm:gap@127.0.0.1:${proxy.port}`, name: pbx, reconnect: { minDelayMs: 100, maxDelayMs: 400 }, pingIntervalMs: 1000, actionTimeoutMs: 1000 });
  connector.onResync((live) => void log.closeStale(pbx, live));
  const ringing = new Set<string>();
  log.onEvent((_record, e) => {
    if (e.type === 'ringing' && e.extension) ringing.add(e.extension);
  });
  connector.start((e) => log.handle(e));
  try {
    await until('connected', () => connector.state().status === 'connected');
    // A: 101 rings 3 s and answers. B: 102 rings 1.5 s unanswered, then 103 rings and answers.
    const a = inboundCall(sim.pbx, { caller: { number: '+79165550201', name: 'Ответили В Разрыве' }, attempts: [{ ext: '101', ringMs: 3000, answered: true }], talkMs: 5000 }, sim.clock.now());
    const b = inboundCall(sim.pbx, { caller: { number: '+79165550202', name: 'Перешёл В Разрыве' }, attempts: [{ ext: '102', ringMs: 1500 }, { ext: '103', ringMs: 1000, answered: true }], talkMs: 5000 }, sim.clock.now());
    const plays = [sim.play(a), sim.play(b)];
    await until('both phones ring', () => ringing.has('101') && ringing.has('102'));
    await proxy.cut();
    const up = (ext: string) => sim.liveChannels().some((c) => c.name.includes(`/${ext}-`) && c.state === 6);
    await until('both answered on the PBX meanwhile', () => up('101') && up('103'));
    await proxy.restore();
    await Promise.all(plays);
    await until('both written', async () => (await app.ds.getRepository(CallEntity).findBy({ pbx })).filter((r) => r.endedAt).length === 2);

    const rowA = await app.ds.getRepository(CallEntity).findOneByOrFail({ pbx, pbxCallId: a.linkedid });
    assert.equal(rowA.outcome, 'answered', 'seen ringing before the gap, up after it: answered');
    assert.equal(rowA.operatorId, ops['101']);
    assert.ok(rowA.answeredAt && rowA.talkSeconds !== null && rowA.talkSeconds > 0);

    const rowB = await app.ds.getRepository(CallEntity).findOneByOrFail({ pbx, pbxCallId: b.linkedid });
    assert.equal(rowB.outcome, 'answered');
    assert.equal(rowB.operatorId, ops['103']);
    const legs = await app.ds.getRepository(CallLegEntity).find({ where: { pbx, pbxCallId: b.linkedid }, order: { legNo: 'ASC' } });
    assert.deepEqual(legs.map((l) => [l.extension, l.outcome]), [['102', 'missed'], ['103', 'answered']]);
    assert.ok(legs[0]!.endedAt! < rowB.endedAt!, 'the ring that stopped in the gap ended at the resync, not with the call');
  } finally {
    await connector.stop();
    log.stop();
    await proxy.cut();
    await sim.close();
  }
});

// The lease moves the link away and back (scale-out): the re-taken link resyncs, and a call that ended
// while this node stood by is closed with what was seen of it (answered stays answered), once.
test('a link given up to another node and taken back resyncs; a call that ended meanwhile is closed answered, once', { skip: process.env.TEST_DB === 'sqlite' ? 'the lease is the scale-out shape (Redis)' : false }, async () => {
  const { Redis } = await import('ioredis');
  const { LeasedPbx } = await import('../../server/pbx/leased-pbx');
  const prefix = `test-gap-${process.pid}-${Date.now()}`;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const sim = new AmiServer({ username: 'crm', secret: 'gap' });
  const simPort = await sim.listen(0);
  const pbx = 'gaplease';
  const log = new CallLogService(app.ds, app.services.clients, new ExtensionDirectory(app.ds), createLogger('silent'), { createLeads: true, region: 'RU', flushIntervalMs: 5 });
  const connector = new AsteriskConnector({ url: `ami://crm:gap@127.0.0.1:${simPort}`, name: pbx, reconnect: { minDelayMs: 100, maxDelayMs: 400 } });
  let resyncs = 0;
  connector.onResync((live) => {
    resyncs++;
    void log.closeStale(pbx, live);
  });
  const leased = new LeasedPbx(connector, redis, { prefix, logger: createLogger('silent'), ttlMs: 1500, renewEveryMs: 300, nodeId: 'gap-node', onRelease: () => log.release(pbx) });
  const answered = new Set<string>();
  log.onEvent((_r, e) => e.type === 'answered' && answered.add(e.callId));
  leased.start((e) => log.handle(e));
  try {
    await until('holding the link', () => leased.isHolder && connector.state().status === 'connected' && resyncs === 1);
    const call = inboundCall(sim.pbx, { caller: { number: '+79165550203', name: 'Пока Ждали' }, attempts: [{ ext: '101', ringMs: 500, answered: true }], talkMs: 2500 }, sim.clock.now());
    const played = sim.play(call);
    await until('answered', () => answered.has(call.linkedid));
    await log.flush();
    // Another node takes the lease for 2.5 s: this one stands by, the call ends meanwhile.
    await redis.set(`${prefix}:pbx:${pbx}:holder`, 'another-node', 'PX', 2500);
    await until('standing by', () => !leased.isHolder);
    await played;
    await until('the link taken back and resynced', () => leased.isHolder && resyncs >= 2);
    await until('closed', async () => (await app.ds.getRepository(CallEntity).findOneBy({ pbx, pbxCallId: call.linkedid }))?.endedAt != null);
    const rows = await app.ds.getRepository(CallEntity).findBy({ pbx });
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.outcome, 'answered', 'seen answered before the link went away: stays answered');
    assert.equal(rows[0]!.operatorId, ops['101']);
    assert.equal(log.live().filter((c) => c.pbx === pbx).length, 0, 'no call left open in memory');
  } finally {
    await leased.stop();
    log.stop();
    await sim.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
});
