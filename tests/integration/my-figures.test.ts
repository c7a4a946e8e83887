import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CallDirection, CallOutcome } from '../../server/db/entities';
import { MyFiguresService } from '../../server/modules/my-figures/my-figures.service';
import { insertCall, insertCallback, insertClient } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// GET /api/kpis/me: the signed-in user's own figures. The floor is the test app's Europe/Moscow (UTC+3, no
// DST). Calls minutes ago are in today and this week whatever day it is; calls 8 days ago in neither.
let app: TestApp;
let op1: { id: number; token: string };
let op2: { id: number; token: string };
let sup: { id: number; token: string };
let clientId: number;
const MIN = 60_000;
const DAY = 86400_000;

async function call(operatorId: number, startedAt: Date | string, outcome: CallOutcome, extra: { talk?: number | null; disposition?: string | null; direction?: CallDirection } = {}): Promise<void> {
  await insertCall(app, { operatorId, startedAt, outcome, clientId, direction: extra.direction, disposition: extra.disposition, talkSeconds: extra.talk ?? 0 });
}

const callback = (assigneeId: number, dueAt: Date, status: 'pending' | 'done' = 'pending') => insertCallback(app, { clientId, assigneeId, dueAt, status });

const ZERO_BANDS = { under60: 0, s60to90: 0, s90to120: 0, s120to180: 0, over180: 0 };

before(async () => {
  app = await startTestApp();
  op1 = await app.user('operator');
  op2 = await app.user('operator');
  sup = await app.user('supervisor');
  clientId = await insertClient(app, 'Client', { createdAt: new Date() });
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  // "Minutes ago", squeezed into today when today began less than ten minutes ago.
  const span = now - app.services.myFigures.windowStart('today', new Date(now)).getTime();
  const recent = (k: number) => new Date(now - Math.min(k * MIN, (span * k) / 10));
  // op1, a minute or so ago: 5 contacts (talk 30, 60, 89, 150, 200 s), 3 effective; an unanswered outbound call; an internal call.
  await call(op1.id, recent(1), 'answered', { talk: 30, disposition: 'sale' });
  await call(op1.id, recent(2), 'answered', { talk: 60, disposition: 'not_interested', direction: 'outbound' });
  await call(op1.id, recent(3), 'answered', { talk: 89, disposition: 'info_given' });
  await call(op1.id, recent(4), 'answered', { talk: 150, disposition: null });
  await call(op1.id, recent(5), 'answered', { talk: 200, disposition: 'callback_promised', direction: 'outbound' });
  await call(op1.id, recent(6), 'no_answer', { direction: 'outbound' });
  await call(op1.id, recent(7), 'answered', { talk: 500, disposition: 'sale', direction: 'internal' });
  await call(op1.id, ago(8 * DAY), 'answered', { talk: 40, disposition: 'sale' }); // last week: in neither window
  // op2's calls, same minutes: must not show in op1's figures.
  await call(op2.id, recent(1), 'answered', { talk: 100, disposition: 'sale' });
  await call(op2.id, recent(2), 'answered', { talk: 10, disposition: 'sale' });
  // Tails: op1's pending callbacks due 5 and 10 days ago count; 1 day ago (not yet a tail) and a done one do not; op2's is op2's.
  await callback(op1.id, ago(5 * DAY));
  await callback(op1.id, ago(10 * DAY));
  await callback(op1.id, ago(1 * DAY));
  await callback(op1.id, ago(20 * DAY), 'done');
  await callback(op2.id, ago(6 * DAY));
});
after(async () => {
  await app?.close();
});

describe('my figures: the signed-in operator, nobody else', () => {
  test('today: calls, contacts, effective share, talk bands and tails of op1 only', async () => {
    const res = await app.api('GET', '/api/kpis/me?window=today', { token: op1.token });
    assert.equal(res.status, 200);
    const b = res.body;
    assert.equal(b.window, 'today');
    assert.deepEqual(
      { calls: b.calls, answered: b.answered, effective: b.effective, effectiveShare: b.effectiveShare, avgTalkSeconds: b.avgTalkSeconds },
      { calls: 6, answered: 5, effective: 3, effectiveShare: 0.6, avgTalkSeconds: 106 }, // (30+60+89+150+200)/5 = 105.8
    );
    assert.deepEqual(b.bands, { under60: 1, s60to90: 2, s90to120: 0, s120to180: 1, over180: 1 });
    assert.deepEqual(b.bandScale.map((x: { key: string }) => x.key), Object.keys(b.bands), 'the scale names the bands in order');
    assert.deepEqual(b.bandScale[1], { key: 's60to90', fromSeconds: 60, toSeconds: 90, verdict: 'unprepared' });
    assert.equal(b.tails.days, 3);
    assert.equal(b.tails.count, 2);
    assert.ok(Math.abs(Date.parse(b.tails.oldestDueAt) - (Date.now() - 10 * DAY)) < 5 * MIN, 'the oldest is the one due 10 days ago');
  });

  test('the week holds today; the call 8 days ago is in neither', async () => {
    const week = (await app.api('GET', '/api/kpis/me?window=week', { token: op1.token })).body;
    const today = (await app.api('GET', '/api/kpis/me', { token: op1.token })).body;
    assert.equal(today.window, 'today', 'today is the default');
    assert.ok(Date.parse(week.from) <= Date.parse(today.from));
    assert.ok(Date.parse(today.from) - Date.parse(week.from) < 7 * DAY);
    assert.equal(week.calls, 6);
    assert.equal(week.answered, 5);
  });

  test("op2 sees op2's own figures; a supervisor their own (none)", async () => {
    const b = (await app.api('GET', '/api/kpis/me?window=week', { token: op2.token })).body;
    assert.deepEqual({ calls: b.calls, answered: b.answered, effective: b.effective, effectiveShare: b.effectiveShare, avgTalkSeconds: b.avgTalkSeconds }, { calls: 2, answered: 2, effective: 2, effectiveShare: 1, avgTalkSeconds: 55 });
    assert.deepEqual(b.bands, { ...ZERO_BANDS, under60: 1, s90to120: 1 });
    assert.equal(b.tails.count, 1);
    const s = (await app.api('GET', '/api/kpis/me?window=week', { token: sup.token })).body;
    assert.deepEqual({ calls: s.calls, answered: s.answered, effectiveShare: s.effectiveShare, avgTalkSeconds: s.avgTalkSeconds, bands: s.bands, tails: s.tails.count }, { calls: 0, answered: 0, effectiveShare: null, avgTalkSeconds: null, bands: ZERO_BANDS, tails: 0 });
  });

  test('no parameter names another operator; bad windows are refused; a session is needed', async () => {
    for (const q of [`operatorId=${op2.id}`, `userId=${op2.id}`, `assigneeId=${op2.id}`, `window=week&operatorId=${op2.id}`, 'window=month', 'window=15m']) {
      const res = await app.api('GET', `/api/kpis/me?${q}`, { token: op1.token });
      assert.equal(res.status, 400, q);
      assert.equal(res.body.error.code, 'validation_failed', q);
    }
    assert.equal((await app.api('GET', `/api/kpis/me/${op2.id}`, { token: op1.token })).status, 404);
    assert.equal((await app.api('GET', '/api/kpis/me')).status, 401);
    // The supervisors' floor KPIs stay closed to operators.
    assert.equal((await app.api('GET', '/api/kpis', { token: op1.token })).status, 403);
  });
});

describe('the windows at their boundaries (Europe/Moscow, a fixed now)', () => {
  const at = (iso: string) => new Date(iso);
  const figures = (now: string) => new MyFiguresService(app.ds, { timeZone: 'Europe/Moscow', effectiveCodes: async () => ['sale'], now: () => at(now) });
  let op3: { id: number };

  before(async () => {
    op3 = await app.user('operator');
    // Monday 2026-11-09 00:00 MSK = 2026-11-08T21:00Z; Wednesday 2026-11-11 00:00 MSK = 2026-11-10T21:00Z.
    await call(op3.id, '2026-11-08T20:59:59Z', 'answered', { talk: 10, disposition: 'sale' }); // Sunday 23:59:59: last week
    await call(op3.id, '2026-11-08T21:00:00Z', 'answered', { talk: 70, disposition: 'sale' }); // Monday 00:00: this week
    await call(op3.id, '2026-11-10T20:59:59Z', 'answered', { talk: 100 }); // Tuesday 23:59:59: the week, not Wednesday
    await call(op3.id, '2026-11-10T21:00:00Z', 'answered', { talk: 190, disposition: 'sale' }); // Wednesday 00:00
    await call(op3.id, '2026-11-11T12:00:01Z', 'answered', { talk: 20 }); // after "now"
    await call(op3.id, '2026-11-15T20:59:00Z', 'answered', { talk: 30 }); // Sunday 23:59 of the same week
    await call(op3.id, '2026-11-15T21:00:00Z', 'answered', { talk: 40 }); // Monday 2026-11-16 00:00: the next week
  });

  test('Wednesday noon: the week from Monday 00:00 local, today from Wednesday 00:00', async () => {
    const week = await figures('2026-11-11T12:00:00Z').of(op3.id, 'week');
    assert.equal(week.from, '2026-11-08T21:00:00.000Z');
    assert.equal(week.to, '2026-11-11T12:00:00.000Z');
    assert.deepEqual({ calls: week.calls, effective: week.effective, avgTalkSeconds: week.avgTalkSeconds }, { calls: 3, effective: 2, avgTalkSeconds: 120 });
    assert.deepEqual(week.bands, { under60: 0, s60to90: 1, s90to120: 1, s120to180: 0, over180: 1 });
    const today = await figures('2026-11-11T12:00:00Z').of(op3.id, 'today');
    assert.equal(today.from, '2026-11-10T21:00:00.000Z');
    assert.deepEqual({ calls: today.calls, effectiveShare: today.effectiveShare }, { calls: 1, effectiveShare: 1 });
  });

  test('Sunday night still counts from Monday; Monday 00:00 starts a new week', async () => {
    const sunday = await figures('2026-11-15T20:59:30Z').of(op3.id, 'week');
    assert.equal(sunday.from, '2026-11-08T21:00:00.000Z');
    assert.equal(sunday.calls, 5);
    const monday = await figures('2026-11-15T21:00:30Z').of(op3.id, 'week');
    assert.equal(monday.from, '2026-11-15T21:00:00.000Z');
    assert.equal(monday.calls, 1);
  });
});
