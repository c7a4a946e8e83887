import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLogger } from '../../server/logging/logger';
import type { Actor } from '../../server/modules/auth/actor';
import { TasksService } from '../../server/modules/tasks/tasks.service';
import { silentNotifier } from '../../server/realtime/notifier';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Tasks, the agenda, the calendar, reminders and birthdays against the real app (MariaDB, or SQLite with
// TEST_DB=sqlite). Reminders go through the real in-process job queue and the live Socket.IO server.
let app: TestApp;
let op: { id: number; token: string };
let op2: { id: number; token: string };
let sup: { id: number; token: string };
let mgr: { id: number; token: string };
let clientId: number;
let otherClientId: number;
const system: Actor = { userId: 0, role: 'admin', ip: null };
const inMin = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const newClient = async (name: string, extra: Record<string, unknown> = {}) => {
  const res = await app.api('POST', '/api/clients', { token: mgr.token, body: { kind: 'person', name, phones: [], emails: [], tags: [], ...extra } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
};
const count = async (table: string) => Number(((await app.ds.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: unknown }[])[0]!.n);
const taskAudit = async (id: number) => (await app.api('GET', `/api/audit?entity=task&entityId=${id}`, { token: mgr.token })).body.items as { action: string; before: any; after: any; actorId: number }[];

before(async () => {
  app = await startTestApp();
  await app.services.tasks.start(60_000);
  op = await app.user('operator');
  op2 = await app.user('operator');
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
  clientId = await newClient('Анна Смирнова', { ownerId: op.id });
  otherClientId = await newClient('Пётр Иванов', { ownerId: op2.id });
});

after(async () => {
  await app.close();
});

test('an operator plans, edits, moves, completes and deletes a task; every change is audited', async () => {
  const created = await app.api('POST', '/api/tasks', { token: op.token, body: { clientId, kind: 'meeting', title: 'Встреча в офисе', note: 'Обсудить договор', dueAt: inMin(120), durationMinutes: 45, remindBeforeMinutes: 15 } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const t = created.body;
  assert.equal(t.assigneeId, op.id, 'the author by default');
  assert.equal(t.clientName, 'Анна Смирнова');
  assert.deepEqual([t.kind, t.state, t.movedCount, t.durationMinutes, t.remindBeforeMinutes, t.overdue], ['meeting', 'open', 0, 45, 15, false]);
  assert.equal(Date.parse(t.remindAt), Date.parse(t.dueAt) - 15 * 60_000);
  assert.equal(t.createdById, op.id);

  const edited = await app.api('PATCH', `/api/tasks/${t.id}`, { token: op.token, body: { title: 'Встреча у клиента', note: null } });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.deepEqual([edited.body.title, edited.body.note, edited.body.movedCount], ['Встреча у клиента', null, 0]);

  const newDue = inMin(24 * 60);
  const moved = await app.api('PATCH', `/api/tasks/${t.id}`, { token: op.token, body: { dueAt: newDue } });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.movedCount, 1);
  assert.equal(moved.body.dueAt, newDue);
  assert.equal(Date.parse(moved.body.remindAt), Date.parse(newDue) - 15 * 60_000, 'the reminder moves with it');
  // The same time again is no move.
  assert.equal((await app.api('PATCH', `/api/tasks/${t.id}`, { token: op.token, body: { dueAt: newDue } })).body.movedCount, 1);

  const done = await app.api('PATCH', `/api/tasks/${t.id}`, { token: op.token, body: { state: 'done' } });
  assert.equal(done.body.state, 'done');
  assert.ok(done.body.completedAt);
  assert.equal(done.body.remindAt, null, 'a done task has no reminder pending');
  const notOpen = await app.api('PATCH', `/api/tasks/${t.id}`, { token: op.token, body: { dueAt: inMin(300) } });
  assert.equal(notOpen.status, 409, 'a done task is reopened before it is moved');

  const listed = await app.api('GET', `/api/clients/${clientId}/tasks`, { token: op.token });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.items.map((i: { id: number }) => i.id), [t.id]);

  const audit = await taskAudit(t.id);
  assert.deepEqual(audit.map((a) => a.action).reverse(), ['create', 'update', 'update', 'update', 'update']);
  const move = audit.find((a) => a.after?.movedFrom);
  assert.ok(move, 'the move is in the audit with where it came from');
  assert.equal(move!.after.movedCount, 1);
  assert.equal(move!.actorId, op.id);

  assert.equal((await app.api('DELETE', `/api/tasks/${t.id}`, { token: op.token })).status, 204);
  assert.equal((await app.api('GET', `/api/tasks/${t.id}`, { token: op.token })).status, 404);
  assert.equal((await taskAudit(t.id))[0]!.action, 'delete');
});

test('roles: operators see their own tasks and those on their clients; supervisors and managers all', async () => {
  // A manager plans a task for op2 on op's client: op (the owner) and op2 (the assignee) both see it.
  const onMine = await app.api('POST', '/api/tasks', { token: mgr.token, body: { clientId, kind: 'call', title: 'Позвонить', dueAt: inMin(60), assigneeId: op2.id } });
  assert.equal(onMine.status, 201, JSON.stringify(onMine.body));
  const theirs = await app.api('POST', '/api/tasks', { token: op2.token, body: { clientId: otherClientId, kind: 'letter', title: 'Письмо', dueAt: inMin(60) } });
  assert.equal(theirs.status, 201);
  assert.equal((await app.api('GET', `/api/tasks/${onMine.body.id}`, { token: op.token })).status, 200, 'on my client');
  assert.equal((await app.api('GET', `/api/tasks/${theirs.body.id}`, { token: op.token })).status, 404, 'someone else’s, on someone else’s client');
  assert.equal((await app.api('PATCH', `/api/tasks/${theirs.body.id}`, { token: op.token, body: { state: 'done' } })).status, 404);
  assert.equal((await app.api('DELETE', `/api/tasks/${theirs.body.id}`, { token: op.token })).status, 404);
  const opList = await app.api('GET', '/api/tasks?state=open', { token: op.token });
  assert.ok(opList.body.items.some((i: { id: number }) => i.id === onMine.body.id));
  assert.ok(!opList.body.items.some((i: { id: number }) => i.id === theirs.body.id));
  const supList = await app.api('GET', `/api/tasks?assigneeId=${op2.id}`, { token: sup.token });
  assert.deepEqual(supList.body.items.map((i: { id: number }) => i.id).sort(), [onMine.body.id, theirs.body.id].sort());
  // Operators plan for themselves only; supervisors hand over.
  assert.equal((await app.api('POST', '/api/tasks', { token: op.token, body: { clientId, kind: 'call', title: 'x', dueAt: inMin(5), assigneeId: op2.id } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/tasks/${onMine.body.id}`, { token: op.token, body: { assigneeId: mgr.id } })).status, 403);
  assert.equal((await app.api('PATCH', `/api/tasks/${onMine.body.id}`, { token: sup.token, body: { assigneeId: op.id } })).body.assigneeId, op.id);
  // The author (not an operator who only owns the client) deletes; others cancel.
  assert.equal((await app.api('DELETE', `/api/tasks/${theirs.body.id}`, { token: op2.token })).status, 204);
  // Agendas and calendars are one's own unless a supervisor looks.
  assert.equal((await app.api('GET', `/api/tasks/agenda?assigneeId=${op2.id}`, { token: op.token })).status, 403);
  assert.equal((await app.api('GET', `/api/tasks/agenda?assigneeId=${op2.id}`, { token: sup.token })).status, 200);
  assert.equal((await app.api('GET', '/api/birthdays?all=true', { token: op.token })).status, 403);
  assert.equal((await app.api('GET', `/api/birthdays?ownerId=${op2.id}`, { token: mgr.token })).status, 200);
  assert.equal((await app.api('GET', '/api/reports/tasks', { token: op.token })).status, 403);
  assert.equal((await app.api('GET', '/api/tasks')).status, 401);
});

test('bad input answers 400 with a message and changes nothing', async () => {
  const tasksBefore = await count('tasks');
  const auditBefore = await count('audit_log');
  const base = { clientId, kind: 'call', title: 'Позвонить', dueAt: inMin(30) };
  const bad: unknown[] = [
    { ...base, kind: 'visit' },
    { ...base, title: '' },
    { ...base, title: 'x'.repeat(201) },
    { ...base, dueAt: 'tomorrow' },
    { ...base, dueAt: '2026-12-01T10:00:00' },
    { ...base, remindBeforeMinutes: -5 },
    { ...base, durationMinutes: 0 },
    { ...base, clientId: 'one' },
    { ...base, clientId: 999_999 },
    { ...base, extra: true },
    { ...base, title: 'a\u202eb' },
  ];
  for (const body of bad) {
    const res = await app.api('POST', '/api/tasks', { token: op.token, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.ok(res.body.error.message, 'a clear message');
  }
  const ok = await app.api('POST', '/api/tasks', { token: op.token, body: base });
  const after1 = await count('audit_log');
  for (const body of [{}, { state: 'moved' }, { dueAt: 5 }, { assigneeId: 999_999 }, { nothing: 1 }]) {
    assert.equal((await app.api('PATCH', `/api/tasks/${ok.body.id}`, { token: sup.token, body })).status, 400, JSON.stringify(body));
  }
  for (const q of ['state=late', 'limit=0', 'overdue=maybe', 'from=yesterday']) assert.equal((await app.api('GET', `/api/tasks?${q}`, { token: op.token })).status, 400, q);
  assert.equal((await app.api('GET', '/api/tasks/calendar?from=2026-02-30&to=2026-03-01', { token: op.token })).status, 400);
  assert.equal((await app.api('GET', '/api/tasks/calendar?from=2026-01-01&to=2026-06-01', { token: op.token })).status, 400, 'at most 62 days');
  assert.equal((await app.api('GET', '/api/birthdays?days=99', { token: op.token })).status, 400);
  assert.equal(await count('tasks'), tasksBefore + 1);
  assert.equal(await count('audit_log'), after1);
  assert.equal(after1, auditBefore + 1);
  const [row] = (await app.ds.query('SELECT title, state, moved_count FROM tasks WHERE id = ?', [ok.body.id])) as Record<string, unknown>[];
  assert.deepEqual([row!.title, row!.state, Number(row!.moved_count)], ['Позвонить', 'open', 0]);
});

test('a reminder reaches the assignee once at due − lead; moving re-plans it; cancelling drops it', async () => {
  const socket = await connectSocket(app.baseUrl, op.token);
  try {
    // Due in 62 s with a 1-minute lead: the reminder is 2 s away.
    const soon = await app.api('POST', '/api/tasks', { token: op.token, body: { clientId, kind: 'call', title: 'Напомнить', dueAt: new Date(Date.now() + 62_000).toISOString(), remindBeforeMinutes: 1 } });
    // Due in 20 min, reminded 19 min before: 60 s away, then moved so the reminder is 2 s away.
    const moved = await app.api('POST', '/api/tasks', { token: op.token, body: { clientId, kind: 'meeting', title: 'Перенесённая', dueAt: inMin(20), remindBeforeMinutes: 19 } });
    const cancelled = await app.api('POST', '/api/tasks', { token: op.token, body: { clientId, kind: 'call', title: 'Отменённая', dueAt: new Date(Date.now() + 62_000).toISOString(), remindBeforeMinutes: 1 } });
    assert.equal((await app.api('PATCH', `/api/tasks/${cancelled.body.id}`, { token: op.token, body: { state: 'cancelled' } })).body.state, 'cancelled');
    const replanned = await app.api('PATCH', `/api/tasks/${moved.body.id}`, { token: op.token, body: { dueAt: new Date(Date.now() + 19 * 60_000 + 2_000).toISOString() } });
    assert.equal(replanned.body.movedCount, 1);
    const deadline = Date.now() + 10_000;
    while (socket.of('task:reminder').length < 2 && Date.now() < deadline) await sleep(100);
    // The sweep and a repeated job run change nothing: sent once.
    await app.services.tasks.sweep();
    await app.services.tasks.remind(soon.body.id);
    await sleep(1500);
    const got = socket.of('task:reminder').map((r) => r.payload.id as number);
    assert.deepEqual(got.sort(), [soon.body.id, moved.body.id].sort(), 'each reminder once, none for the cancelled task');
    const payload = socket.of('task:reminder').find((r) => r.payload.id === soon.body.id)!.payload;
    assert.equal(payload.clientName, 'Анна Смирнова');
    assert.ok(payload.remindedAt);
    const [row] = (await app.ds.query('SELECT reminded_at FROM tasks WHERE id = ?', [cancelled.body.id])) as { reminded_at: unknown }[];
    assert.equal(row!.reminded_at, null);
    // Moving a reminded task plans a new reminder.
    const again = await app.api('PATCH', `/api/tasks/${soon.body.id}`, { token: op.token, body: { dueAt: inMin(90) } });
    assert.equal(again.body.remindedAt, null);
    assert.equal(Date.parse(again.body.remindAt), Date.parse(again.body.dueAt) - 60_000);
  } finally {
    socket.socket.close();
  }
});

test('the sweep sends a reminder whose timer was lost, once', async () => {
  const t = await app.api('POST', '/api/tasks', { token: op.token, body: { clientId, kind: 'call', title: 'Потерянный таймер', dueAt: inMin(30), remindBeforeMinutes: 10 } });
  await app.services.jobs.cancel('task-remind', `task:${t.body.id}`);
  await app.ds.getRepository('Task').update({ id: t.body.id }, { remindAt: new Date(Date.now() - 1000) });
  const first = await app.services.tasks.sweep();
  assert.ok(first.sent >= 1);
  assert.equal((await app.services.tasks.sweep()).sent, 0);
});

test('the agenda sorts overdue, today and this week in the floor’s days; the calendar places tasks on their days', async () => {
  // A fixed "now": Moscow, Wednesday 2026-12-16 14:00 local.
  const now = new Date('2026-12-16T11:00:00Z');
  const tasks = new TasksService(app.ds, app.services.audit, app.services.jobs, silentNotifier, createLogger('silent'), { timeZone: 'Europe/Moscow', now: () => now });
  const me: Actor = { userId: op2.id, role: 'operator', ip: null };
  const at = (iso: string) => new Date(iso);
  const mk = (title: string, dueAt: Date) => tasks.create(me, { clientId: otherClientId, kind: 'call', title, dueAt });
  const overdue = await mk('просрочена', at('2026-12-15T09:00:00Z'));
  const earlierToday = await mk('утром', at('2026-12-16T06:00:00Z'));
  const laterToday = await mk('вечером', at('2026-12-16T20:30:00Z')); // 23:30 Moscow
  const tomorrowEarly = await mk('завтра', at('2026-12-16T21:30:00Z')); // 00:30 Moscow on the 17th
  const inSixDays = await mk('через шесть дней', at('2026-12-22T18:00:00Z'));
  const inSevenDays = await mk('через неделю', at('2026-12-23T06:00:00Z'));
  const doneToday = await mk('сделано', at('2026-12-16T08:00:00Z'));
  await tasks.update(me, doneToday.id, { state: 'done' });
  const agenda = await tasks.agenda(me, {});
  assert.equal(agenda.today, '2026-12-16');
  assert.deepEqual(agenda.overdue.map((t) => t.id), [overdue.id, earlierToday.id]);
  assert.equal(agenda.overdueTotal, 2);
  assert.deepEqual(agenda.todayItems.map((t) => t.id), [doneToday.id, laterToday.id]);
  assert.deepEqual(agenda.week.map((t) => t.id), [tomorrowEarly.id, inSixDays.id]);
  assert.ok(!agenda.week.some((t) => t.id === inSevenDays.id));

  const cal = await tasks.calendar(me, { from: '2026-12-16', to: '2026-12-17' });
  assert.deepEqual(cal.items.map((t) => t.id), [earlierToday.id, doneToday.id, laterToday.id, tomorrowEarly.id]);
  const viaHttp = await app.api('GET', '/api/tasks/calendar?from=2026-12-14&to=2026-12-27', { token: op2.token });
  assert.equal(viaHttp.status, 200);
  assert.equal(viaHttp.body.items.length, 7);

  // The report: op2's open, overdue (before the real now: all of these are in 2026-12, before or after it) and done.
  const report = await app.api('GET', `/api/reports/tasks?from=2026-12-01&to=2026-12-31&operatorId=${op2.id}`, { token: sup.token });
  assert.equal(report.status, 200, JSON.stringify(report.body));
  const row = report.body.items.find((i: { operatorId: number }) => i.operatorId === op2.id);
  assert.ok(row);
  assert.equal(row.open, (await app.api('GET', `/api/tasks?assigneeId=${op2.id}&state=open&limit=500`, { token: sup.token })).body.total);
  assert.equal(row.overdue, (await app.api('GET', `/api/tasks?assigneeId=${op2.id}&overdue=true&limit=500`, { token: sup.token })).body.total);
  const csv = await fetch(`${app.baseUrl}/api/reports/tasks?format=csv`, { headers: { authorization: `Bearer ${sup.token}` } });
  assert.equal(csv.status, 200);
  assert.match(await csv.text(), /operatorId;operatorName;teamId;open;overdue;done/);
});

test('birthdays: today and this week, across the new year, 29 February in other years, contact people, owners', async () => {
  const owner = await app.user('operator');
  const other = await app.user('operator');
  const mk = (name: string, birthday: string, ownerId: number | null, extra: Record<string, unknown> = {}) => newClient(name, { birthday, ownerId, ...extra });
  const today = await mk('Сегодня Именинник', '1980-12-30', owner.id);
  const newYear = await mk('Январь Третий', '1990-01-03', owner.id);
  await mk('Январь Шестой', '1985-01-06', owner.id);
  await mk('Вчерашний', '1975-12-29', owner.id);
  const leap = await mk('Високосный', '1992-02-29', owner.id);
  const march = await mk('Первое марта', '1970-03-01', owner.id);
  await mk('Чужой', '1980-12-31', other.id);
  const deleted = await mk('Удалённый', '1980-12-31', owner.id);
  assert.equal((await app.api('DELETE', `/api/clients/${deleted}`, { token: mgr.token })).status, 204);
  const org = await newClient('ООО Ромашка', { kind: 'organization', ownerId: owner.id });
  const person = await mk('Контактное Лицо', '1988-01-01', null, { organizationId: org, position: 'Директор' });

  const at = (iso: string) => new TasksService(app.ds, app.services.audit, app.services.jobs, silentNotifier, createLogger('silent'), { timeZone: 'Europe/Moscow', now: () => new Date(iso) });
  const actor: Actor = { userId: owner.id, role: 'operator', ip: null };
  const wrap = await at('2026-12-30T09:00:00Z').birthdays(actor, { days: 7 });
  assert.equal(wrap.today, '2026-12-30');
  assert.deepEqual(
    wrap.items.map((b) => [b.clientId, b.date, b.daysAway, b.turns]),
    [
      [today, '2026-12-30', 0, 46],
      [person, '2027-01-01', 2, 39],
      [newYear, '2027-01-03', 4, 37],
    ],
  );
  const contact = wrap.items.find((b) => b.clientId === person)!;
  assert.deepEqual([contact.organizationId, contact.organizationName, contact.ownerId], [org, 'ООО Ромашка', owner.id]);
  // 2027 has no 29 February: greeted on the 28th.
  const plain = await at('2027-02-26T09:00:00Z').birthdays(actor, { days: 7 });
  assert.deepEqual(plain.items.map((b) => [b.clientId, b.date, b.daysAway]), [[leap, '2027-02-28', 2], [march, '2027-03-01', 3]]);
  // 2028 has it.
  const leapYear = await at('2028-02-27T09:00:00Z').birthdays(actor, { days: 7 });
  assert.deepEqual(leapYear.items.map((b) => [b.clientId, b.date]), [[leap, '2028-02-29'], [march, '2028-03-01']]);
  // A manager sees everyone's (the stranger's included) or one owner's.
  const all = await at('2026-12-30T09:00:00Z').birthdays({ userId: mgr.id, role: 'manager', ip: null }, { days: 7, all: true });
  assert.ok(all.items.some((b) => b.name === 'Чужой'));
  assert.ok(!all.items.some((b) => b.clientId === deleted));
  const viaHttp = await app.api('GET', `/api/birthdays?ownerId=${owner.id}&days=31`, { token: mgr.token });
  assert.equal(viaHttp.status, 200);
  assert.ok(viaHttp.body.items.every((b: { ownerId: number }) => b.ownerId === owner.id));
});
