import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { UserEntity } from '../../server/db/entities';
import { dbTime } from '../../server/modules/reviews/review-db';
import { download, insertCall, insertClient, insertFloor, type FloorUser } from '../helpers/report-data';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Call reviews for coaching: the manager's checklist (audited, ordered, retired and restored), a review's
// score math, editing one's own review, who may see and write what (operators their own calls' reviews;
// supervisors their teams'), the per-operator report on hand-built reviews and its file, and bad input.
let app: TestApp;
let op1: FloorUser; // Team one
let op2: FloorUser; // Team one
let op3: FloorUser; // Team two
let sup: FloorUser; // supervises Team one
let sup2: FloorUser; // supervises Team two
let mgr: FloorUser;
let team1: number;
let clientId: number;
type Item = { id: number; names: { ru: string; uk: string; en: string }; maxPoints: number; position: number; active: boolean };
let greet: Item; // 10 points
let needs: Item; // 20 points
let close: Item; // 10 points, retired and restored

const names = (ru: string, en: string) => ({ ru, uk: ru, en });
const checklist = async (token: string, all = false) => (await app.api('GET', `/api/review-checklist${all ? '?all=1' : ''}`, { token })).body.items as Item[];
const review = (token: string, callId: number, body: unknown) => app.api('PUT', `/api/calls/${callId}/review`, { token, body });
const call = (operatorId: number, startedAt = '2026-11-10T10:00:00Z') => insertCall(app, { operatorId, startedAt, clientId, talkSeconds: 60 });

before(async () => {
  app = await startTestApp();
  ({ op1, op2, op3, sup, mgr, team1 } = await insertFloor(app));
  sup2 = await app.user('supervisor');
  await app.api('PATCH', `/api/teams/${team1}`, { token: mgr.token, body: { supervisorId: sup.id } });
  const team2 = (await app.ds.getRepository(UserEntity).findOneByOrFail({ id: op3.id })).teamId!;
  await app.api('PATCH', `/api/teams/${team2}`, { token: mgr.token, body: { supervisorId: sup2.id } });
  clientId = await insertClient(app, 'Ольга Смирнова');
});
after(async () => {
  await app.close();
});

test('a manager builds the checklist: items with texts and points, ordered, retired and restored; every change audited; others only read the active items', async () => {
  assert.deepEqual(await checklist(op1.token), []);
  const a = await app.api('POST', '/api/review-checklist', { token: mgr.token, body: { names: names('Приветствие по скрипту', 'Greeting'), maxPoints: 10 } });
  assert.equal(a.status, 201);
  greet = a.body;
  assert.deepEqual({ ...greet, id: 0 }, { id: 0, names: names('Приветствие по скрипту', 'Greeting'), maxPoints: 10, position: 1, active: true });
  needs = (await app.api('POST', '/api/review-checklist', { token: mgr.token, body: { names: names('Выявление потребности', 'Needs'), maxPoints: 20 } })).body;
  close = (await app.api('POST', '/api/review-checklist', { token: mgr.token, body: { names: names('Завершение', 'Closing'), maxPoints: 10 } })).body;
  assert.deepEqual([greet.position, needs.position, close.position], [1, 2, 3]);

  const renamed = await app.api('PATCH', `/api/review-checklist/${needs.id}`, { token: mgr.token, body: { names: { en: 'Finding the need' } } });
  assert.equal(renamed.status, 200);
  assert.deepEqual(renamed.body.names, { ru: 'Выявление потребности', uk: 'Выявление потребности', en: 'Finding the need' });

  const order = await app.api('PUT', '/api/review-checklist/order', { token: mgr.token, body: { ids: [needs.id, greet.id, close.id] } });
  assert.equal(order.status, 200);
  assert.deepEqual(order.body.items.map((i: Item) => i.id), [needs.id, greet.id, close.id]);

  assert.equal((await app.api('PATCH', `/api/review-checklist/${close.id}`, { token: mgr.token, body: { active: false } })).body.active, false);
  assert.deepEqual((await checklist(op1.token)).map((i) => i.id), [needs.id, greet.id], 'a retired item is not offered');
  assert.deepEqual((await checklist(mgr.token, true)).map((i) => i.id), [needs.id, greet.id, close.id]);
  assert.equal((await app.api('GET', '/api/review-checklist?all=1', { token: sup.token })).status, 403);
  assert.equal((await app.api('PATCH', `/api/review-checklist/${close.id}`, { token: mgr.token, body: { active: true } })).body.active, true);

  for (const token of [op1.token, sup.token]) {
    assert.equal((await app.api('POST', '/api/review-checklist', { token, body: { names: names('X', 'X'), maxPoints: 5 } })).status, 403);
    assert.equal((await app.api('PATCH', `/api/review-checklist/${greet.id}`, { token, body: { maxPoints: 5 } })).status, 403);
    assert.equal((await app.api('PUT', '/api/review-checklist/order', { token, body: { ids: [greet.id, needs.id, close.id] } })).status, 403);
  }

  const audit = await app.api('GET', '/api/audit?entity=review', { token: mgr.token });
  // 3 created, renamed, reordered, retired, restored
  assert.equal(audit.body.total, 7);
  const retire = audit.body.items.find((e: { action: string; entityId: string; after: { active?: boolean } }) => e.entityId === `item:${close.id}` && e.after.active === false);
  assert.equal(retire.action, 'update');
  assert.equal(retire.before.active, true);
  assert.equal(retire.actorId, mgr.id);
});

test('bad checklist input is a 400 with a reason and changes nothing', async () => {
  const before = await checklist(mgr.token, true);
  const bad: [string, string, unknown][] = [
    ['POST', '/api/review-checklist', { names: { ru: 'Только русский' }, maxPoints: 10 }],
    ['POST', '/api/review-checklist', { names: names('  ', 'x'), maxPoints: 10 }],
    ['POST', '/api/review-checklist', { names: names('Да', 'Yes'), maxPoints: 0 }],
    ['POST', '/api/review-checklist', { names: names('Да', 'Yes'), maxPoints: 101 }],
    ['POST', '/api/review-checklist', { names: names('Да', 'Yes'), maxPoints: 2.5 }],
    ['POST', '/api/review-checklist', { names: names('Да', 'Yes'), maxPoints: 5, position: 1 }],
    ['PATCH', `/api/review-checklist/${greet.id}`, {}],
    ['PATCH', `/api/review-checklist/${greet.id}`, { names: {} }],
    ['PUT', '/api/review-checklist/order', { ids: [greet.id, greet.id, needs.id, close.id] }],
    ['PUT', '/api/review-checklist/order', { ids: [greet.id, needs.id] }],
    ['PUT', '/api/review-checklist/order', { ids: [greet.id, needs.id, close.id, 999999] }],
  ];
  for (const [method, path, body] of bad) {
    const res = await app.api(method, path, { token: mgr.token, body });
    assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
    assert.ok(res.body.error.message);
  }
  assert.equal((await app.api('PATCH', '/api/review-checklist/999999', { token: mgr.token, body: { active: false } })).status, 404);
  assert.equal((await app.api('PATCH', '/api/review-checklist/abc', { token: mgr.token, body: { active: false } })).status, 400);
  assert.deepEqual(await checklist(mgr.token, true), before);
});

test('a review scores every active item: the total is the points over the most possible; the reviewer edits their own review in place; both audited', async () => {
  const callId = await call(op1.id);
  const first = await review(sup.token, callId, {
    scores: [
      { itemId: greet.id, points: 10 },
      { itemId: needs.id, points: 5, comment: 'Не спросил о сроках' },
      { itemId: close.id, points: 7 },
    ],
    comment: 'Хороший звонок',
  });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(first.body.points, 22);
  assert.equal(first.body.maxPoints, 40);
  assert.equal(first.body.percent, 55);
  assert.equal(first.body.operator.id, op1.id);
  assert.equal(first.body.reviewer.id, sup.id);
  assert.deepEqual(first.body.scores.map((s: { itemId: number; comment: string | null }) => [s.itemId, s.comment]), [[needs.id, 'Не спросил о сроках'], [greet.id, null], [close.id, null]]);

  const edited = await review(sup.token, callId, { scores: [{ itemId: greet.id, points: 10 }, { itemId: needs.id, points: 15 }, { itemId: close.id, points: 8 }], comment: 'Исправил оценку' });
  assert.equal(edited.status, 200);
  assert.equal(edited.body.id, first.body.id, 'one review per reviewer and call');
  assert.equal(edited.body.percent, 82.5);
  assert.equal(edited.body.comment, 'Исправил оценку');

  // A manager's review of the same call is a second one; the call lists both.
  assert.equal((await review(mgr.token, callId, { scores: [{ itemId: greet.id, points: 1 }, { itemId: needs.id, points: 2 }, { itemId: close.id, points: 0 }] })).body.percent, 7.5);
  const list = await app.api('GET', `/api/calls/${callId}/reviews`, { token: op1.token });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((r: { reviewer: { id: number }; percent: number }) => [r.reviewer.id, r.percent]), [[sup.id, 82.5], [mgr.id, 7.5]]);

  const audit = (await app.api('GET', `/api/audit?entity=review&entityId=${first.body.id}`, { token: mgr.token })).body.items;
  assert.deepEqual(audit.map((e: { action: string }) => e.action), ['update', 'create']);
  assert.equal(audit[0].before.points, 22);
  assert.equal(audit[0].after.points, 33);
  assert.equal(audit[0].after.scores.length, 3);
});

test('every role: operators see their own calls’ reviews only; supervisors review and see their teams’ operators; managers any', async () => {
  const op1Call = await call(op1.id);
  const op3Call = await call(op3.id);
  const full = (g: number, n: number, c: number) => ({ scores: [{ itemId: greet.id, points: g }, { itemId: needs.id, points: n }, { itemId: close.id, points: c }] });
  assert.equal((await review(sup.token, op1Call, full(5, 10, 5))).status, 201);

  // Operators never review; they read their own calls' reviews and nobody else's.
  assert.equal((await review(op1.token, op1Call, full(1, 1, 1))).status, 403);
  assert.equal((await review(op2.token, op1Call, full(1, 1, 1))).status, 403);
  assert.equal((await app.api('GET', `/api/calls/${op1Call}/reviews`, { token: op2.token })).status, 403);
  assert.equal((await app.api('GET', `/api/calls/${op1Call}/reviews`, { token: op1.token })).body.total, 1);
  const own = await app.api('GET', `/api/reviews?operatorId=${op2.id}`, { token: op1.token });
  assert.equal(own.status, 200);
  assert.ok(own.body.items.length > 0 && own.body.items.every((r: { operator: { id: number } }) => r.operator.id === op1.id), 'an operator’s list is forced to their own');
  assert.equal((await app.api('GET', '/api/reviews', { token: op3.token })).body.total, 0);

  // The supervisor of another team: 403 on writing and reading; their own team's call is theirs.
  assert.equal((await review(sup2.token, op1Call, full(1, 1, 1))).status, 403);
  assert.equal((await app.api('GET', `/api/calls/${op1Call}/reviews`, { token: sup2.token })).status, 403);
  assert.equal((await app.api('GET', `/api/reviews?operatorId=${op1.id}`, { token: sup2.token })).status, 403);
  assert.equal((await review(sup.token, op3Call, full(1, 1, 1))).status, 403);
  assert.equal((await review(sup2.token, op3Call, full(10, 20, 10))).status, 201);
  const sup2List = (await app.api('GET', '/api/reviews', { token: sup2.token })).body.items;
  assert.ok(sup2List.length > 0 && sup2List.every((r: { operator: { id: number } }) => r.operator.id === op3.id), 'a supervisor lists their teams’ reviews');

  // Managers and admins: any call.
  const admin = await app.user('admin');
  assert.equal((await review(admin.token, op3Call, full(0, 0, 0))).status, 201);
  assert.equal((await app.api('GET', `/api/calls/${op3Call}/reviews`, { token: mgr.token })).body.total, 2);
  assert.equal((await app.api('GET', '/api/reports/reviews', { token: op1.token })).status, 403);

  // A supervisor's own call is not theirs to review; a call without an operator is not reviewable.
  const supOwn = await call(sup.id);
  assert.equal((await review(sup.token, supOwn, full(1, 1, 1))).status, 403);
  const nobody = await insertCall(app, { operatorId: null, startedAt: '2026-11-10T10:00:00Z', outcome: 'missed' });
  assert.equal((await review(mgr.token, nobody, full(1, 1, 1))).status, 400);
  assert.equal((await review(mgr.token, 99999999, full(1, 1, 1))).status, 404);
  assert.equal((await app.api('GET', '/api/calls/99999999/reviews', { token: mgr.token })).status, 404);
});

test('bad review input is a 400 with a reason and leaves the review as it was', async () => {
  const callId = await call(op2.id);
  const ok = { scores: [{ itemId: greet.id, points: 5 }, { itemId: needs.id, points: 10 }, { itemId: close.id, points: 5 }], comment: 'База' };
  assert.equal((await review(sup.token, callId, ok)).status, 201);
  const bad: unknown[] = [
    {},
    { scores: [] },
    { scores: [{ itemId: greet.id, points: 5 }, { itemId: needs.id, points: 10 }] }, // an item not scored
    { scores: [...ok.scores, { itemId: 999999, points: 1 }] }, // an unknown item
    { scores: [{ itemId: greet.id, points: 11 }, { itemId: needs.id, points: 10 }, { itemId: close.id, points: 5 }] }, // over the item's points
    { scores: [{ itemId: greet.id, points: -1 }, { itemId: needs.id, points: 10 }, { itemId: close.id, points: 5 }] },
    { scores: [{ itemId: greet.id, points: 1.5 }, { itemId: needs.id, points: 10 }, { itemId: close.id, points: 5 }] },
    { scores: [...ok.scores, { itemId: greet.id, points: 1 }] }, // twice
    { ...ok, comment: 'x'.repeat(4001) },
    { ...ok, comment: 'a\u202eb' },
    { ...ok, stars: 5 },
  ];
  for (const body of bad) {
    const res = await review(sup.token, callId, body);
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 200)}: ${JSON.stringify(res.body)}`);
    assert.ok(res.body.error.message);
  }
  const [kept] = (await app.api('GET', `/api/calls/${callId}/reviews`, { token: sup.token })).body.items;
  assert.equal(kept.percent, 50);
  assert.equal(kept.comment, 'База');
  // A retired item can no longer be scored; the old review keeps its score of it.
  await app.api('PATCH', `/api/review-checklist/${close.id}`, { token: mgr.token, body: { active: false } });
  const res = await review(sup.token, callId, ok);
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.error.details.unknown, [close.id]);
  assert.equal((await review(sup.token, callId, { scores: ok.scores.slice(0, 2) })).body.percent, 50);
  await app.api('PATCH', `/api/review-checklist/${close.id}`, { token: mgr.token, body: { active: true } });
  for (const q of ['from=2026-13-01', 'from=2026-11-10&to=2026-11-01', 'limit=0', 'operatorId=x', 'extra=1']) assert.equal((await app.api('GET', `/api/reviews?${q}`, { token: mgr.token })).status, 400, q);
  for (const q of ['from=2026-02-30', 'teamId=-1', 'format=pdf']) assert.equal((await app.api('GET', `/api/reports/reviews?${q}`, { token: mgr.token })).status, 400, q);
});

test('the report: per operator in the period, the count, the average percentage and each item’s average; per team; as CSV and XLSX', async () => {
  // Hand-built: fresh calls and reviews, then every review in the database moved to its day, so only these are in November 2025.
  const a1 = await call(op1.id);
  const a2 = await call(op1.id);
  const b1 = await call(op3.id);
  const late = await call(op1.id);
  const score = (g: number, n: number, c: number) => ({ scores: [{ itemId: greet.id, points: g }, { itemId: needs.id, points: n }, { itemId: close.id, points: c }] });
  const r1 = (await review(sup.token, a1, score(10, 20, 10))).body.id; // 100 %
  const r2 = (await review(mgr.token, a2, score(5, 10, 0))).body.id; // 37.5 %
  const r3 = (await review(sup2.token, b1, score(0, 10, 10))).body.id; // 50 %
  const r4 = (await review(sup.token, late, score(0, 0, 0))).body.id; // December: outside
  const at = (iso: string) => dbTime(app.ds.manager, new Date(iso));
  await app.ds.query('UPDATE call_reviews SET created_at = ?', [at('2025-01-15T12:00:00Z')]);
  for (const [id, iso] of [[r1, '2025-11-01T08:00:00Z'], [r2, '2025-11-30T12:00:00Z'], [r3, '2025-11-15T12:00:00Z'], [r4, '2025-12-01T09:00:00Z']] as const) {
    await app.ds.query('UPDATE call_reviews SET created_at = ? WHERE id = ?', [at(iso), id]);
  }
  const res = await app.api('GET', '/api/reports/reviews?from=2025-11-01&to=2025-11-30', { token: sup.token });
  assert.equal(res.status, 200);
  const r = res.body;
  assert.deepEqual(r.checklist.map((i: Item) => i.id), [needs.id, greet.id, close.id]);
  assert.deepEqual(
    r.items
      .map((o: { operatorId: number; reviews: number; avgPercent: number; items: Record<string, number> }) => [o.operatorId, o.reviews, o.avgPercent, o.items[greet.id], o.items[needs.id], o.items[close.id]])
      .sort((x: number[], y: number[]) => x[0]! - y[0]!),
    [
      [op1.id, 2, 68.8, 75, 75, 50], // (100 + 37.5) / 2 = 68.75; greet (100 + 50) / 2; needs (100 + 50) / 2; close (100 + 0) / 2
      [op3.id, 1, 50, 0, 50, 100],
    ],
  );
  assert.equal(r.total.reviews, 3);
  assert.equal(r.total.avgPercent, 62.5); // (100 + 37.5 + 50) / 3
  assert.equal(r.total.items[greet.id], 50);
  assert.equal(r.total.items[needs.id], 66.7);

  const team = (await app.api('GET', `/api/reports/reviews?from=2025-11-01&to=2025-11-30&teamId=${team1}`, { token: mgr.token })).body;
  assert.deepEqual(team.items.map((o: { operatorId: number }) => o.operatorId), [op1.id]);
  assert.equal(team.total.reviews, 2);
  const one = (await app.api('GET', `/api/reports/reviews?from=2025-11-01&to=2025-11-30&operatorId=${op3.id}`, { token: mgr.token })).body;
  assert.deepEqual([one.items.map((o: { operatorId: number }) => o.operatorId), one.total.reviews, one.total.avgPercent], [[op3.id], 1, 50]);

  const csv = await download(app, '/api/reports/reviews?from=2025-11-01&to=2025-11-30&format=csv', mgr.token);
  assert.equal(csv.status, 200);
  assert.match(csv.disposition ?? '', /reviews-2025-11-01-2025-11-30\.csv/);
  const lines = csv.bytes.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'operatorId;operatorName;teamId;reviews;avgPercent;Finding the need %;Greeting %;Closing %');
  assert.equal(lines.length, 4); // header, two operators, total
  assert.match(lines[3]!, /^;total;;3;62\.5;66\.7;50;/);
  const xlsx = await download(app, '/api/reports/reviews?from=2025-11-01&to=2025-11-30&format=xlsx', mgr.token);
  assert.equal(xlsx.status, 200);
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  const exported = await app.api('GET', '/api/audit?entity=report&entityId=reviews', { token: mgr.token });
  assert.equal(exported.body.total, 2, 'report files are audited');

  // The list by period: the operator's own reviews of November.
  const mine = await app.api('GET', '/api/reviews?from=2025-11-01&to=2025-11-30', { token: op1.token });
  assert.deepEqual(mine.body.items.map((x: { id: number }) => x.id), [r2, r1]);
});

test('a reviewer removes their own review (audited); nobody else’s', async () => {
  const callId = await call(op1.id);
  const id = (await review(sup.token, callId, { scores: [{ itemId: greet.id, points: 1 }, { itemId: needs.id, points: 1 }, { itemId: close.id, points: 1 }] })).body.id;
  assert.equal((await app.api('DELETE', `/api/calls/${callId}/review`, { token: mgr.token })).status, 404);
  assert.equal((await app.api('DELETE', `/api/calls/${callId}/review`, { token: sup.token })).status, 204);
  assert.equal((await app.api('GET', `/api/calls/${callId}/reviews`, { token: mgr.token })).body.total, 0);
  const audit = (await app.api('GET', `/api/audit?entity=review&entityId=${id}`, { token: mgr.token })).body.items;
  assert.equal(audit[0].action, 'delete');
  assert.equal(audit[0].after, null);
});
