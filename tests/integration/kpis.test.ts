import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall, outboundCall } from '../../telephony/simulator';
import { CallEntity, UserEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { KpiService } from '../../server/modules/kpis/kpi.service';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { silentNotifier } from '../../server/realtime/notifier';
import { dayStartOf } from '../../server/modules/kpis/local-days';
import { fixtureEvents } from '../helpers/call-events';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// A known call sequence from the simulator, through the connector and the call log, into live KPIs.
let server: AmiServer;
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let sup: { id: number; token: string };

before(async () => {
  server = new AmiServer({ username: 'crm', secret: 'kpi', speed: 10 });
  const port = await server.listen(0);
  app = await startTestApp({ pbx: new AsteriskConnector({ url: `ami://crm:kpi@127.0.0.1:${port}`, name: 'kpi' }) });
  op1 = await app.user('operator', { extension: '101' });
  op2 = await app.user('operator', { extension: '102' });
  sup = await app.user('supervisor');
  const team = await app.api('POST', '/api/teams', { token: (await app.user('manager')).token, body: { name: 'KPI team', supervisorId: sup.id } });
  for (const op of [op1, op2]) await app.ds.getRepository(UserEntity).update({ id: op.id }, { teamId: team.body.id });
  await app.services.kpis.rebuild();
  await new Promise((r) => setTimeout(r, 300));
});
after(async () => {
  await app.close();
  await server.close();
});

test('live KPIs follow a known sequence of calls; supervisors get kpi:update; a rebuild from the database agrees', async () => {
  const s = await connectSocket(app.baseUrl, sup.token);
  try {
    const at = () => server.clock.now();
    await Promise.all([
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000001', name: 'A' }, attempts: [{ ext: '101', ringMs: 5000, answered: true }], talkMs: 60_000 }, at())),
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000002', name: 'B' }, attempts: [{ ext: '101', ringMs: 8000 }, { ext: '102', ringMs: 2000, answered: true }], talkMs: 30_000 }, at())),
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000003', name: 'C' }, attempts: [], abandonAfterMs: 12_000 }, at())),
      server.play(outboundCall(server.pbx, { ext: '102', number: '+79160000004', outcome: 'answered', ringMs: 4000, talkMs: 90_000 }, at())),
    ]);
    await app.services.callLog.flush();
    const end = Date.now() + 10_000;
    while (app.services.callLog.pending > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // the throttled broadcast

    const live = await app.api('GET', '/api/kpis?window=today', { token: sup.token });
    assert.equal(live.status, 200);
    const f = live.body.floor;
    assert.deepEqual({ calls: f.calls, inbound: f.inbound, outbound: f.outbound, answered: f.answered, abandoned: f.abandoned }, { calls: 4, inbound: 3, outbound: 1, answered: 3, abandoned: 1 });
    assert.equal(f.longestTalkSeconds, 90);
    assert.ok(f.serviceLevel !== null && f.serviceLevel > 0 && f.serviceLevel < 1, 'one of the three offered inbound calls was abandoned');
    const o1 = live.body.operators.find((o: { id: number }) => o.id === op1.id);
    const o2 = live.body.operators.find((o: { id: number }) => o.id === op2.id);
    assert.deepEqual({ answered: o1.answered, missed: o1.missed }, { answered: 1, missed: 1 });
    assert.deepEqual({ answered: o2.answered, outbound: o2.outbound }, { answered: 2, outbound: 1 });
    assert.equal(live.body.teams[0].answered, 3);
    assert.ok(s.of('kpi:update').length > 0, 'supervisors were told');
    const lastUpdate = s.of('kpi:update').at(-1)!.payload;
    assert.equal(lastUpdate.windows.today.floor.calls, 4);

    // The operator's wrap-up moves the share of effective contacts.
    const row = await app.ds.getRepository(CallEntity).findOneByOrFail({ externalE164: '+79160000001' });
    await app.api('PATCH', `/api/calls/${row.id}`, { token: op1.token, body: { disposition: 'sale' } });
    assert.equal((await app.api('GET', '/api/kpis', { token: sup.token })).body.floor.effectiveShare, 1);

    // A restart: fresh state from the database gives the same figures.
    const rebuilt = new KpiService(app.ds, new ExtensionDirectory(app.ds), silentNotifier, createLogger('silent'), { timeZone: 'Europe/Moscow', slaSeconds: 20, wrapUpSeconds: 0 });
    await rebuilt.rebuild();
    const again = rebuilt.snapshot('today');
    for (const key of ['calls', 'inbound', 'outbound', 'answered', 'abandoned', 'missed', 'longestTalkSeconds', 'avgTalkSeconds', 'serviceLevel', 'effectiveShare'] as const) {
      assert.equal(again.floor[key], (await app.api('GET', '/api/kpis', { token: sup.token })).body.floor[key], key);
    }
    // The simulator runs 10× fast: its calls end "in the future" by our clock, hence the wide range.
    const history = await app.api('GET', `/api/kpis/history?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`, { token: sup.token });
    assert.deepEqual({ calls: history.body.floor.calls, answered: history.body.floor.answered, abandoned: history.body.floor.abandoned }, { calls: 4, answered: 3, abandoned: 1 });
    assert.equal(history.body.operators.find((o: { id: number }) => o.id === op1.id).missed, 1);
  } finally {
    s.socket.close();
  }
});

test('history: whole past days come from the daily rollup with the raw figures; a late wrap-up of a rolled day counts at once', async () => {
  const tz = 'Europe/Moscow'; // the test app's KPI time zone (the default)
  const base = dayStartOf(new Date(Date.now() - 3 * 86400_000), tz).getTime() + 10 * 3600_000; // 10:00 there, three days ago
  for (const [i, name] of ['inbound-answered', 'outbound-answered', 'inbound-abandoned'].entries()) for (const e of fixtureEvents(name, base + i * 3600_000)) app.services.callLog.handle(e);
  await app.services.callLog.flush();
  // From the day before those calls (partial: 06:00) to now: whole days in the middle, partial ends.
  const query = `from=${new Date(base - 86400_000 - 4 * 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`; // the simulator’s clock runs ahead
  const raw = await app.api('GET', `/api/kpis/history?${query}`, { token: sup.token });
  assert.equal(raw.status, 200);
  assert.equal(raw.body.floor.calls, 7, 'the three past calls and today’s four');
  const sorted = (r: { operators: { id: number }[] }) => ({ ...r, operators: [...r.operators].sort((a, b) => a.id - b.id) });
  // Calls written a moment ago may still be committing: a day with one is not kept rolled up.
  assert.ok((await app.services.kpiHistory.rollUp()) >= 1);
  assert.ok((await app.services.kpiHistory.rollUp()) >= 1, 'rolled again: the fresh day was dropped');
  assert.deepEqual(sorted((await app.api('GET', `/api/kpis/history?${query}`, { token: sup.token })).body), sorted(raw.body));
  // As if written an hour ago: now the day stays rolled up.
  await app.ds.getRepository(CallEntity).createQueryBuilder().update().set({ updatedAt: new Date(Date.now() - 3600_000) }).where('ended_at < :today', { today: dayStartOf(new Date(), tz) }).execute();
  assert.ok((await app.services.kpiHistory.rollUp()) >= 1, 'the past days are rolled up');
  assert.equal(await app.services.kpiHistory.rollUp(), 0, 'and only once');
  const rolled = await app.api('GET', `/api/kpis/history?${query}`, { token: sup.token });
  assert.deepEqual(sorted(rolled.body), sorted(raw.body), 'the same report from the rollup');

  const [past] = await app.ds.getRepository(CallEntity).find({ where: { outcome: 'answered' }, order: { endedAt: 'ASC' }, take: 1 });
  assert.ok(past!.endedAt! < dayStartOf(new Date(), tz));
  assert.equal((await app.api('PATCH', `/api/calls/${past!.id}`, { token: sup.token, body: { disposition: 'not_interested' } })).status, 200);
  const end = Date.now() + 5000;
  let later = rolled;
  while (later.body.floor.effectiveShare === rolled.body.floor.effectiveShare && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    later = await app.api('GET', `/api/kpis/history?${query}`, { token: sup.token });
  }
  assert.notEqual(later.body.floor.effectiveShare, rolled.body.floor.effectiveShare, 'the late wrap-up is in the history at once');
  await app.services.kpiHistory.rollUp();
  assert.deepEqual(sorted((await app.api('GET', `/api/kpis/history?${query}`, { token: sup.token })).body), sorted(later.body), 'and in the day rolled up again');
});

test('KPIs are for supervisors and up; bad windows and ranges are refused', async () => {
  assert.equal((await app.api('GET', '/api/kpis', { token: op1.token })).status, 403);
  assert.equal((await app.api('GET', '/api/kpis?window=week', { token: sup.token })).status, 400);
  assert.equal((await app.api('GET', '/api/kpis/history?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z', { token: sup.token })).status, 400);
});

test('managers set the targets the board colours against; the change is audited', async () => {
  const mgr = await app.user('manager');
  const defaults = await app.api('GET', '/api/kpis/targets', { token: sup.token });
  assert.equal(defaults.body.avgTalkSecondsMin, 90);
  assert.equal((await app.api('PUT', '/api/kpis/targets', { token: sup.token, body: { serviceLevel: 0.9 } })).status, 403);
  assert.equal((await app.api('PUT', '/api/kpis/targets', { token: mgr.token, body: { serviceLevel: 1.5 } })).status, 400);
  const set = await app.api('PUT', '/api/kpis/targets', { token: mgr.token, body: { avgTalkSecondsMin: 60, serviceLevel: 0.9, longCallSeconds: 900 } });
  assert.equal(set.status, 200);
  assert.equal((await app.api('GET', '/api/kpis/targets', { token: sup.token })).body.serviceLevel, 0.9);
  const audit = await app.api('GET', '/api/audit?entity=setting&entityId=kpi_targets', { token: mgr.token });
  assert.equal(audit.body.items[0].after.avgTalkSecondsMin, 60);
});
