import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { Redis } from 'ioredis';
import { CallbackEntity, CallbackHistoryEntity, RoutingRuleEntity, UserEntity } from '../../server/db/entities';
import { BullJobQueue } from '../../server/jobs/bull-job-queue';
import { InlineJobQueue } from '../../server/jobs/inline-job-queue';
import type { JobQueue } from '../../server/jobs/job-queue';
import { createLogger } from '../../server/logging/logger';
import { CallbacksService, REMIND_JOB, ROUTE_JOB } from '../../server/modules/callbacks/callbacks.service';
import { RoutingRulesService } from '../../server/modules/routing/routing-rules.service';
import { LeadRouter } from '../../server/modules/routing/lead-router.service';
import { silentNotifier, type Notifier } from '../../server/realtime/notifier';
import { fixtureEvents } from '../helpers/call-events';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let mgr: { id: number; token: string };
let sup: { id: number; token: string };
const ops: { id: number; token: string }[] = [];
let teamId: number;
let clientA: number;
let clientC: number;

before(async () => {
  // The app's own timers and sweep stay out of the way: these tests drive routers with their own clocks.
  app = await startTestApp({ sweepEveryMs: 3_600_000 });
  // Nor its timers (a rule change re-plans them): tests that need timers build their own service.
  await app.services.jobs.close();
  mgr = await app.user('manager');
  sup = await app.user('supervisor');
  teamId = (await app.api('POST', '/api/teams', { token: mgr.token, body: { name: 'Смена А', supervisorId: sup.id } })).body.id;
  for (const ext of ['101', '102', '103']) ops.push(await app.user('operator', { extension: ext }));
  for (const op of ops) await app.ds.getRepository(UserEntity).update({ id: op.id }, { teamId, state: 'available' });
  await app.ds.getRepository(UserEntity).update({ id: sup.id }, { teamId });
  clientA = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Клиент А', phones: ['+79161112233'], tier: 'gold' } })).body.id;
  clientC = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Клиент Ц', phones: ['+79035556677'] } })).body.id;
  await app.ds.query("UPDATE clients SET abc_class = 'A' WHERE id = ?", [clientA]);
  await app.ds.query("UPDATE clients SET abc_class = 'C' WHERE id = ?", [clientC]);
});
after(() => app.close());
beforeEach(async () => {
  await app.ds.getRepository(CallbackHistoryEntity).createQueryBuilder().delete().execute();
  await app.ds.getRepository(CallbackEntity).createQueryBuilder().delete().execute();
  await app.ds.getRepository(RoutingRuleEntity).createQueryBuilder().delete().execute();
});

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const routerAt = (at: Date) => new LeadRouter(app.ds, app.services.routingRules, silentNotifier, createLogger('silent'), () => at);
const rule = (body: Record<string, unknown>) => app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: 'rule', graceMinutes: 10, ...body } });
/** A pending callback written straight to the table (no timers: the routers under test do the timing). */
const callback = async (assignee: number | null, dueAt: Date, clientId = clientA) => {
  const now = new Date();
  const { identifiers } = await app.ds.getRepository(CallbackEntity).insert({ clientId, assigneeId: assignee, dueAt, originCallId: null, status: 'pending', priority: 0, note: null, reassignCount: 0, version: 1, createdById: null, createdAt: now, updatedAt: now, completedAt: null });
  return identifiers[0]!.id as number;
};
const assigneeOf = async (id: number) => (await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id })).assigneeId;

test('callbacks API: operators promise for themselves; status changes are audited; bad input is refused', async () => {
  const [op1, op2] = ops;
  const mine = await app.api('POST', '/api/callbacks', { token: op1!.token, body: { clientId: clientA, assigneeId: op1!.id, dueAt: minutes(30).toISOString(), note: 'после обеда' } });
  assert.equal(mine.status, 201);
  assert.equal(mine.body.status, 'pending');
  assert.equal((await app.api('POST', '/api/callbacks', { token: op1!.token, body: { clientId: clientA, assigneeId: op2!.id, dueAt: minutes(30).toISOString() } })).status, 403);
  for (const body of [{ clientId: clientA, assigneeId: op1!.id, dueAt: 'tomorrow' }, { clientId: 99999999, assigneeId: null, dueAt: minutes(5).toISOString() }, { clientId: clientA, assigneeId: null, dueAt: minutes(5).toISOString(), extra: 1 }]) {
    assert.equal((await app.api('POST', '/api/callbacks', { token: op1!.token, body })).status, 400, JSON.stringify(body));
  }
  assert.equal((await app.api('PATCH', `/api/callbacks/${mine.body.id}`, { token: op2!.token, body: { status: 'done' } })).status, 403);
  const done = await app.api('PATCH', `/api/callbacks/${mine.body.id}`, { token: op1!.token, body: { status: 'done' } });
  assert.equal(done.body.status, 'done');
  assert.ok(done.body.completedAt);
  const late = await callback(op2!.id, minutes(-90));
  const tails = await app.api('GET', '/api/callbacks/tails', { token: sup.token });
  assert.deepEqual(tails.body.items.find((t: { assigneeId: number }) => t.assigneeId === op2!.id)?.overdue, 1);
  assert.equal((await app.api('GET', '/api/callbacks/tails', { token: op1!.token })).status, 403);
  await app.ds.getRepository(CallbackEntity).delete({ id: late });
  assert.equal((await app.api('GET', `/api/callbacks?assigneeId=${op2!.id}`, { token: op1!.token })).status, 403, 'not someone else’s list');
  const list = await app.api('GET', `/api/callbacks?assigneeId=${op1!.id}&status=done`, { token: op1!.token });
  assert.equal(list.body.total, 1);
  const audit = await app.api('GET', `/api/audit?entity=callback&entityId=${mine.body.id}`, { token: mgr.token });
  assert.deepEqual(audit.body.items.map((a: { action: string }) => a.action), ['update', 'create']);
});

test('rules API: managers only, validated, audited; dry-run shows what would move and moves nothing', async () => {
  assert.equal((await app.api('POST', '/api/routing-rules', { token: ops[0]!.token, body: { name: 'x', graceMinutes: 5, action: { type: 'pool' } } })).status, 403);
  for (const body of [{ name: 'x', graceMinutes: -1, action: { type: 'pool' } }, { name: 'x', graceMinutes: 5, action: { type: 'teleport' } }, { name: 'x', graceMinutes: 5, action: { type: 'user' } }, { name: 'x', graceMinutes: 5, action: { type: 'pool' }, workingHours: { timezone: 'Mars/Base', days: [1], from: '09:00', to: '18:00' } }]) {
    assert.equal((await rule(body)).status, 400, JSON.stringify(body));
  }
  const created = await rule({ name: 'Опоздание 10 минут', action: { type: 'round_robin', teamId } });
  assert.equal(created.status, 201);
  const late = await callback(ops[0]!.id, minutes(-30));
  const dry = await app.api('POST', '/api/routing-rules/dry-run', { token: mgr.token, body: {} });
  assert.equal(dry.body.total, 1);
  assert.equal(dry.body.items[0].callbackId, late);
  assert.equal(await assigneeOf(late), ops[0]!.id, 'a dry run changes nothing');
  await app.api('PATCH', `/api/routing-rules/${created.body.id}`, { token: mgr.token, body: { maxReassignments: 5, workingHours: { timezone: 'Europe/Moscow', days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' } } });
  const patched = await app.api('PATCH', `/api/routing-rules/${created.body.id}`, { token: mgr.token, body: { enabled: false } });
  assert.equal(patched.body.enabled, false);
  assert.equal(patched.body.maxReassignments, 5, 'a PATCH changes only what it sends');
  assert.equal(patched.body.workingHours.timezone, 'Europe/Moscow');
  assert.equal((await app.api('POST', '/api/routing-rules/dry-run', { token: mgr.token, body: {} })).body.total, 0);
  const audit = await app.api('GET', `/api/audit?entity=routing_rule&entityId=${created.body.id}`, { token: mgr.token });
  assert.deepEqual(audit.body.items.map((a: { action: string }) => a.action), ['update', 'update', 'create']);
});

test('each strategy: round-robin, least loaded, supervisor, named user, pool; history and audit record it', async () => {
  const [op1, op2, op3] = ops;
  await rule({ name: 'rr', action: { type: 'round_robin', teamId } });
  const a = await callback(op1!.id, minutes(-20));
  const b = await callback(op1!.id, minutes(-20));
  await routerAt(new Date()).route();
  assert.deepEqual(new Set([await assigneeOf(a), await assigneeOf(b)]), new Set([op2!.id, op3!.id]), 'round-robin spreads them');
  const [h] = await app.ds.getRepository(CallbackHistoryEntity).findBy({ callbackId: a });
  assert.equal(h!.fromId, op1!.id);
  assert.match(h!.reason, /min late: round-robin/);
  const rr = (await app.api('GET', `/api/callbacks/${a}`, { token: mgr.token })).body;
  assert.equal(rr.history.length, 1);
  assert.equal(rr.reassignCount, 1);
  const audit = await app.api('GET', `/api/audit?entity=callback&entityId=${a}`, { token: mgr.token });
  assert.equal(audit.body.items[0].action, 'reassign');

  await app.ds.getRepository(RoutingRuleEntity).createQueryBuilder().delete().execute();
  await rule({ name: 'least', action: { type: 'least_loaded', teamId } });
  await callback(op2!.id, minutes(60));
  await callback(op2!.id, minutes(60));
  await callback(op3!.id, minutes(60));
  const c = await callback(op1!.id, minutes(-20), clientC);
  await routerAt(new Date()).route([c]);
  // op2 has 3 open (two plus the round-robin one), op3 has 2: the least loaded is op3.
  assert.equal(await assigneeOf(c), op3!.id);

  for (const [action, expected] of [
    [{ type: 'supervisor' }, sup.id],
    [{ type: 'user', userId: op2!.id }, op2!.id],
    [{ type: 'pool' }, null],
  ] as const) {
    await app.ds.getRepository(RoutingRuleEntity).createQueryBuilder().delete().execute();
    await rule({ name: action.type, action });
    const id = await callback(op1!.id, minutes(-20), clientC);
    await routerAt(new Date()).route([id]);
    assert.equal(await assigneeOf(id), expected, action.type);
  }
});

test('scope and order: first matching rule wins; out-of-scope callbacks stay; grace is respected', async () => {
  const [op1, op2] = ops;
  await rule({ name: 'A-class fast', position: 0, scope: { classes: ['A'] }, graceMinutes: 5, action: { type: 'user', userId: op2!.id } });
  await rule({ name: 'gold slow', position: 1, scope: { tiers: ['gold'] }, graceMinutes: 60, action: { type: 'pool' } });
  const a = await callback(op1!.id, minutes(-10));
  const cEarly = await callback(op1!.id, minutes(-10), clientC);
  await routerAt(new Date()).route();
  assert.equal(await assigneeOf(a), op2!.id, 'the first rule took the A-class callback');
  assert.equal(await assigneeOf(cEarly), op1!.id, 'no rule covers class C');
  const b = await callback(op1!.id, minutes(-3));
  await routerAt(new Date()).route();
  assert.equal(await assigneeOf(b), op1!.id, 'within the grace period');
  await routerAt(minutes(3)).route();
  assert.equal(await assigneeOf(b), op2!.id, 'past the grace period');
  const row = await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id: b });
  assert.ok(row.dueAt.getTime() > Date.now() + 60_000, 'the new assignee gets a fresh due time');
});

test('working hours across midnight in a time zone; max reassignments escalate to the supervisor', async () => {
  const [op1] = ops;
  // A night shift in Vladivostok (UTC+10), 22:00–06:00, every day.
  await rule({ name: 'night', action: { type: 'round_robin', teamId }, maxReassignments: 2, workingHours: { timezone: 'Asia/Vladivostok', days: [1, 2, 3, 4, 5, 6, 7], from: '22:00', to: '06:00' } });
  const id = await callback(op1!.id, new Date('2026-11-23T00:00:00Z'));
  await routerAt(new Date('2026-11-23T05:00:00Z')).route([id]); // 15:00 there: closed
  assert.equal(await assigneeOf(id), op1!.id);
  await routerAt(new Date('2026-11-23T14:30:00Z')).route([id]); // 00:30 there, after midnight: open
  const first = await assigneeOf(id);
  assert.notEqual(first, op1!.id);
  await app.ds.getRepository(CallbackEntity).update({ id }, { dueAt: new Date('2026-11-23T00:00:00Z') });
  await routerAt(new Date('2026-11-23T15:00:00Z')).route([id]);
  await app.ds.getRepository(CallbackEntity).update({ id }, { dueAt: new Date('2026-11-23T00:00:00Z') });
  await routerAt(new Date('2026-11-23T15:30:00Z')).route([id]);
  assert.equal(await assigneeOf(id), sup.id, 'after two reassignments it goes to the supervisor');
  const history = await app.ds.getRepository(CallbackHistoryEntity).find({ where: { callbackId: id }, order: { id: 'ASC' } });
  assert.equal(history.length, 3);
  assert.match(history[2]!.reason, /escalated after 2 reassignments/);
  await app.ds.getRepository(CallbackEntity).update({ id }, { dueAt: new Date('2026-11-23T00:00:00Z') });
  await routerAt(new Date('2026-11-23T16:00:00Z')).route([id]);
  assert.equal(await assigneeOf(id), sup.id, 'a supervisor’s callback is not routed further');
});

test('a callback completed a moment before its timer is not reassigned; four racing workers move each once', async () => {
  const [op1] = ops;
  await rule({ name: 'rr', action: { type: 'round_robin', teamId } });
  const doneJustNow = await callback(op1!.id, minutes(-20));
  const router = routerAt(new Date());
  await app.api('PATCH', `/api/callbacks/${doneJustNow}`, { token: op1!.token, body: { status: 'done' } });
  await router.route([doneJustNow]);
  assert.equal((await app.ds.getRepository(CallbackHistoryEntity).findBy({ callbackId: doneJustNow })).length, 0);

  const ids: number[] = [];
  for (let i = 0; i < 40; i++) ids.push(await callback(op1!.id, minutes(-20)));
  const results = await Promise.all([1, 2, 3, 4].map(() => routerAt(new Date()).route()));
  const moved = results.flatMap((r) => r.reassigned.map((d) => d.callbackId));
  assert.equal(moved.length, 40, 'each callback moved by exactly one worker');
  assert.equal(new Set(moved).size, 40);
  const history = await app.ds.getRepository(CallbackHistoryEntity).find();
  assert.equal(history.length, 40);
});

test('Redis flushed while timers are pending: the sweep restores order; a restart catches up too', { skip: process.env.TEST_DB === 'sqlite' ? 'bull needs Redis' : false }, async () => {
  const [op1] = ops;
  // A minute's grace, the callback due a minute ago less 1.5 s: its timer is 1.5 s away, and once moved it
  // is not late again within the test.
  await rule({ name: 'rr', graceMinutes: 1, action: { type: 'round_robin', teamId } });
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const jobs = new BullJobQueue('redis://127.0.0.1:6379', prefix, createLogger('silent'));
  const router = new LeadRouter(app.ds, app.services.routingRules, silentNotifier, createLogger('silent'));
  const callbacks = new CallbacksService(app.ds, app.services.audit, router, jobs, silentNotifier, createLogger('silent'));
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    const id = (await callbacks.create(null, { clientId: clientA, assigneeId: op1!.id, dueAt: new Date(Date.now() - 60_000 + 1500), priority: 0 })).id;
    assert.equal(await jobs.pending(ROUTE_JOB), 1);
    const keys = await redis.keys(`${prefix}:*`);
    await redis.del(...keys); // Redis lost everything
    await callbacks.start(300); // the sweep (also what a restarted node runs)
    const end = Date.now() + 8000;
    while ((await assigneeOf(id)) === op1!.id && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.notEqual(await assigneeOf(id), op1!.id, 'reassigned by the sweep despite the lost timer');
    assert.equal((await app.ds.getRepository(CallbackHistoryEntity).findBy({ callbackId: id })).length, 1, 'exactly once');
  } finally {
    await jobs.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
});

for (const driver of ['inline', 'bull'] as const) {
  test(`timers chain (${driver}): each timer-driven move arms the new assignee's timer; a skipped callback is not re-fired in a loop`, { skip: driver === 'bull' && process.env.TEST_DB === 'sqlite' ? 'bull needs Redis' : false }, async () => {
    const [op1] = ops;
    // Grace 0 and one reassignment allowed: op1 → a colleague (round-robin) → the supervisor (escalation),
    // each move made by the timer the previous one set; then the supervisor's callback is skipped for good.
    await rule({ name: 'rr', graceMinutes: 0, maxReassignments: 1, action: { type: 'round_robin', teamId } });
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const jobs: JobQueue = driver === 'bull' ? new BullJobQueue('redis://127.0.0.1:6379', prefix, createLogger('silent')) : new InlineJobQueue(createLogger('silent'));
    const events: string[] = [];
    const notifier: Notifier = { toUser: (_id, event) => void events.push(event), toSupervisors: () => undefined } as Notifier;
    const router = new LeadRouter(app.ds, app.services.routingRules, notifier, createLogger('silent'));
    const callbacks = new CallbacksService(app.ds, app.services.audit, router, jobs, notifier, createLogger('silent'));
    try {
      await callbacks.start(3_600_000); // no sweep within the test: only the timers act
      const id = (await callbacks.create(null, { clientId: clientA, assigneeId: op1!.id, dueAt: new Date(Date.now() + 300), priority: 0 })).id;
      const end = Date.now() + 10_000;
      while ((await assigneeOf(id)) !== sup.id && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await assigneeOf(id), sup.id, 'escalated by the second timer');
      const history = await app.ds.getRepository(CallbackHistoryEntity).find({ where: { callbackId: id }, order: { id: 'ASC' } });
      assert.deepEqual(history.map((h) => h.toId === sup.id), [false, true], 'two moves, each once');
      // The supervisor's callback stays pending and due, and the rules skip it: no timer may keep firing.
      await new Promise((r) => setTimeout(r, 1500));
      const due = events.filter((e) => e === 'callback:due').length;
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(events.filter((e) => e === 'callback:due').length, due, 'no reminders in a loop');
      assert.ok(due <= 3, `one reminder per assignee at most, got ${due}`);
      assert.equal(await jobs.pending(ROUTE_JOB), 0, 'no routing timer left for a callback the rules skip');
    } finally {
      await jobs.close();
      if (driver === 'bull') {
        const redis = new Redis('redis://127.0.0.1:6379');
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    }
  });
}

test('a rule change re-plans the routing timers: a shorter grace moves a callback without waiting for the sweep', async () => {
  const [op1] = ops;
  const jobs = new InlineJobQueue(createLogger('silent'));
  let callbacks: CallbacksService | null = null;
  const rules = new RoutingRulesService(app.ds, app.services.audit, () => void callbacks?.rulesChanged());
  const router = new LeadRouter(app.ds, rules, silentNotifier, createLogger('silent'));
  callbacks = new CallbacksService(app.ds, app.services.audit, router, jobs, silentNotifier, createLogger('silent'));
  const manager = { userId: mgr.id, role: 'manager' as const, ip: null };
  try {
    await callbacks.start(3_600_000);
    const slow = await rules.create(manager, { name: 'slow', enabled: true, scope: {}, graceMinutes: 120, action: { type: 'round_robin', teamId }, workingHours: null, maxReassignments: 3 });
    const id = (await callbacks.create(null, { clientId: clientA, assigneeId: op1!.id, dueAt: new Date(Date.now() + 200), priority: 0 })).id;
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(await assigneeOf(id), op1!.id, 'two hours of grace: not yet');
    await rules.update(manager, slow.id, { graceMinutes: 0 });
    const end = Date.now() + 10_000;
    while ((await assigneeOf(id)) === op1!.id && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    assert.notEqual(await assigneeOf(id), op1!.id, 'moved by its re-planned timer (the sweep is an hour away)');
  } finally {
    await jobs.close();
  }
});

test('a restart with in-process timers: recover() routes what came due meanwhile and sets the lost timers again', async () => {
  const [op1] = ops;
  await rule({ name: 'rr', graceMinutes: 10, action: { type: 'round_robin', teamId } });
  const late = await callback(op1!.id, minutes(-30)); // came due while no node ran
  const later = [await callback(op1!.id, minutes(30)), await callback(op1!.id, minutes(90))];
  const jobs = new InlineJobQueue(createLogger('silent')); // a fresh process: no timers at all
  const events: string[] = [];
  const notifier = { toUser: (_id: number, event: string) => void events.push(event), toSupervisors: () => undefined } as Notifier;
  const callbacks = new CallbacksService(app.ds, app.services.audit, new LeadRouter(app.ds, app.services.routingRules, notifier, createLogger('silent')), jobs, notifier, createLogger('silent'));
  try {
    await callbacks.start(3_600_000);
    const res = await callbacks.recover();
    assert.equal(res.reassigned, 1);
    assert.notEqual(await assigneeOf(late), op1!.id);
    assert.equal(await jobs.pending(REMIND_JOB), later.length, 'a reminder timer for each callback still to come');
    assert.equal(await jobs.pending(ROUTE_JOB), 3, 'and a routing timer for each pending one (the moved one again)');
    assert.equal(events.filter((e) => e === 'callback:due').length, 1, 'only the moved callback’s new assignee is reminded now');
    assert.equal((await callbacks.recover()).replanned, 0, 'timers in place: nothing to rebuild');
  } finally {
    await jobs.close();
  }
});

test('calls keep and make promises: an answered outbound call closes it; a missed inbound call opens one for the owner', async () => {
  const [op1] = ops;
  const open = await callback(op1!.id, minutes(10));
  for (const e of fixtureEvents('outbound-answered')) app.services.callLog.handle(e); // 101 → +79161112233 (client A), answered
  await app.services.callLog.flush();
  const end = Date.now() + 5000;
  while ((await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id: open })).status === 'pending' && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await app.ds.getRepository(CallbackEntity).findOneByOrFail({ id: open })).status, 'done');

  await app.api('PATCH', `/api/clients/${clientC}`, { token: mgr.token, body: { ownerId: ops[1]!.id, phones: ['+380441234567'] } });
  for (const e of fixtureEvents('inbound-abandoned')) app.services.callLog.handle(e); // +380441234567 gave up in the queue
  await app.services.callLog.flush();
  let created: { assigneeId: number | null; originCallId: number | null } | null = null;
  while (!created && Date.now() < end + 5000) {
    created = await app.ds.getRepository(CallbackEntity).findOneBy({ clientId: clientC, status: 'pending' });
    if (!created) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(created, 'a callback for the missed caller');
  assert.equal(created.assigneeId, ops[1]!.id, 'to the client’s owner');
  assert.ok(created.originCallId);
});
