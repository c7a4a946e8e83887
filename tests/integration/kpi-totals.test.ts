import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AsteriskConnector } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, inboundCall, outboundCall } from '../../telephony/simulator';
import { UserEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { KpiService, type KpiSnapshot } from '../../server/modules/kpis/kpi.service';
import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { silentNotifier } from '../../server/realtime/notifier';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The wallboard's totals: the "Whole floor" row is exactly the team rows plus the "No team / queue" row.
const ADDITIVE = ['calls', 'inbound', 'outbound', 'answered', 'missed', 'abandoned'] as const;

let server: AmiServer;
let app: TestApp;
let sup: { id: number; token: string };
let teamA: number;
let teamB: number;

before(async () => {
  server = new AmiServer({ username: 'crm', secret: 'totals', speed: 10 });
  const port = await server.listen(0);
  app = await startTestApp({ pbx: new AsteriskConnector({ url: `ami://crm:totals@127.0.0.1:${port}`, name: 'totals' }) });
  const op1 = await app.user('operator', { extension: '101' });
  const op2 = await app.user('operator', { extension: '102' });
  await app.user('operator', { extension: '103' }); // no team
  sup = await app.user('supervisor');
  const manager = (await app.user('manager')).token;
  teamA = (await app.api('POST', '/api/teams', { token: manager, body: { name: 'Team A', supervisorId: sup.id } })).body.id;
  teamB = (await app.api('POST', '/api/teams', { token: manager, body: { name: 'Team B', supervisorId: sup.id } })).body.id;
  await app.ds.getRepository(UserEntity).update({ id: op1.id }, { teamId: teamA });
  await app.ds.getRepository(UserEntity).update({ id: op2.id }, { teamId: teamB });
  await app.services.kpis.rebuild();
});
after(async () => {
  await app.close();
  await server.close();
});

function assertAddsUp(s: Pick<KpiSnapshot, 'floor' | 'teams' | 'unassigned'>, where: string): void {
  for (const key of ADDITIVE) {
    const sum = s.teams.reduce((n, t) => n + t[key], 0) + s.unassigned[key];
    assert.equal(s.floor[key], sum, `${where}: floor ${key} = teams + no team / queue`);
  }
}

test('the floor is the sum of the team rows plus the remainder row, in every window, in kpi:update and after a rebuild', async () => {
  const s = await connectSocket(app.baseUrl, sup.token);
  try {
    const at = () => server.clock.now();
    await Promise.all([
      // Team A answers.
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000011', name: 'A' }, attempts: [{ ext: '101', ringMs: 3000, answered: true }], talkMs: 40_000 }, at())),
      // Rings 101 (team A's miss) in vain, team B answers: the call is team B's.
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000012', name: 'B' }, attempts: [{ ext: '101', ringMs: 8000 }, { ext: '102', ringMs: 2000, answered: true }], talkMs: 30_000 }, at())),
      // Abandoned in the queue: nobody's.
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000013', name: 'C' }, attempts: [], abandonAfterMs: 12_000 }, at())),
      // Rings the operator without a team, then the caller hangs up: a miss and a call of the remainder.
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000014', name: 'D' }, attempts: [{ ext: '103', ringMs: 8000 }], abandonAfterMs: 6000 }, at())),
      // Rings a phone that is nobody's (108), then team A answers.
      server.play(inboundCall(server.pbx, { caller: { number: '+79160000015', name: 'E' }, attempts: [{ ext: '108', ringMs: 8000 }, { ext: '101', ringMs: 2000, answered: true }], talkMs: 20_000 }, at())),
      // Team B calls out.
      server.play(outboundCall(server.pbx, { ext: '102', number: '+79160000016', outcome: 'answered', ringMs: 4000, talkMs: 50_000 }, at())),
    ]);
    await app.services.callLog.flush();
    const end = Date.now() + 10_000;
    while (app.services.callLog.pending > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500)); // the throttled broadcast

    const live: KpiSnapshot = (await app.api('GET', '/api/kpis?window=today', { token: sup.token })).body;
    assert.equal(live.floor.calls, 6);
    assert.equal(live.floor.missed, 3, 'three rings nobody answered: 101, 103 and 108');
    const a = live.teams.find((t) => t.id === teamA)!;
    const b = live.teams.find((t) => t.id === teamB)!;
    assert.deepEqual({ calls: a.calls, answered: a.answered, missed: a.missed }, { calls: 2, answered: 2, missed: 1 });
    assert.deepEqual({ calls: b.calls, inbound: b.inbound, outbound: b.outbound, missed: b.missed }, { calls: 2, inbound: 1, outbound: 1, missed: 0 });
    assert.deepEqual(
      { calls: live.unassigned.calls, abandoned: live.unassigned.abandoned, missed: live.unassigned.missed, answered: live.unassigned.answered },
      { calls: 2, abandoned: 2, missed: 2, answered: 0 },
    );
    assertAddsUp(live, 'today');
    for (const w of ['15m', '60m'] as const) assertAddsUp((await app.api('GET', `/api/kpis?window=${w}`, { token: sup.token })).body, w);
    const update = s.of('kpi:update').at(-1)!.payload as { windows: Record<string, KpiSnapshot> };
    assert.equal(update.windows.today!.unassigned.calls, 2, 'the remainder is whole in every update');

    // A restart rebuilds the same rows from the database.
    const rebuilt = new KpiService(app.ds, new ExtensionDirectory(app.ds), silentNotifier, createLogger('silent'), { timeZone: 'Europe/Moscow', slaSeconds: 20, wrapUpSeconds: 0 });
    await rebuilt.rebuild();
    const again = rebuilt.snapshot('today');
    assertAddsUp(again, 'rebuilt');
    for (const key of ADDITIVE) {
      assert.equal(again.unassigned[key], live.unassigned[key], `rebuilt remainder ${key}`);
      assert.equal(again.teams.find((t) => t.id === teamA)![key], a[key], `rebuilt team A ${key}`);
    }

    // The history counts misses the same way.
    const history = await app.api('GET', `/api/kpis/history?from=${new Date(Date.now() - 3600_000).toISOString()}&to=${new Date(Date.now() + 3600_000).toISOString()}`, { token: sup.token });
    assert.equal(history.body.floor.missed, 3);

    // The last hour in 5-minute intervals: twelve of them, ending with the one in progress, holding every call.
    const hour = await app.api('GET', '/api/kpis/intervals?minutes=60', { token: sup.token });
    assert.equal(hour.status, 200);
    assert.equal(hour.body.buckets.length, 12);
    assert.equal(hour.body.bucketMinutes, 5);
    const sum = (k: 'calls' | 'answered' | 'abandoned' | 'unanswered') => hour.body.buckets.reduce((n: number, x: Record<string, number>) => n + x[k]!, 0);
    assert.deepEqual({ calls: sum('calls'), answered: sum('answered'), abandoned: sum('abandoned'), unanswered: sum('unanswered') }, { calls: 6, answered: 4, abandoned: 2, unanswered: 0 });
    const starts = hour.body.buckets.map((x: { start: string }) => Date.parse(x.start));
    assert.ok(starts.every((t: number, i: number) => t % 300_000 === 0 && (i === 0 || t - starts[i - 1] === 300_000)), 'clock-aligned, 5 minutes apart');
    assert.equal((await app.api('GET', '/api/kpis/intervals?minutes=60&bucket=1', { token: sup.token })).body.buckets.length, 60);
    for (const bad of ['minutes=61', 'minutes=60&bucket=7', 'minutes=7&bucket=5', 'minutes=abc', 'x=1']) {
      assert.equal((await app.api('GET', `/api/kpis/intervals?${bad}`, { token: sup.token })).status, 400, bad);
    }
    const operator = await app.user('operator');
    assert.equal((await app.api('GET', '/api/kpis/intervals', { token: operator.token })).status, 403);
  } finally {
    s.socket.close();
  }
});
