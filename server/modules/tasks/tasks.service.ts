import { IsNull, LessThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import { ClientEntity, UserEntity } from '../../db/entities';
import { TaskEntity, type TaskRow } from '../../db/entities/task.entity';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { dayOf, dayStartOf, nextDayStart } from '../kpis/local-days';
import { dbTime } from '../../db/db-date';
import { reportPeriod, startOfLocalDate } from '../reports/report-period';
import { tasksReport } from './tasks.report';
import { upcomingBirthdays } from './birthdays';
import type { AgendaView, BirthdaysView, TasksReport, TaskView } from './task.view';
import type { CalendarQuery, CreateTaskInput, ListTasksQuery, TasksReportQuery, UpdateTaskInput } from './tasks.schemas';

export const TASK_REMIND_JOB = 'task-remind';
export const TASK_SWEEP_JOB = 'task-remind-sweep';
type RemindPayload = { taskId: number };

/** A reminder found this late (the server was down) is marked sent without a notice: it would only be noise. */
const STALE_REMINDER_MS = 6 * 3600_000;
/** The sweep also arms the timers of reminders due within this long (a restart lost the in-process ones). */
const ARM_AHEAD_MS = 3 * 60_000;
const AGENDA_OVERDUE_MAX = 200;
const CALENDAR_MAX = 2000;

export type TasksOptions = { timeZone: string; now?: () => Date };

const SELECT = `SELECT t.*, c.name AS client_name, c.owner_id AS client_owner_id, u.name AS assignee_name
  FROM tasks t JOIN clients c ON c.id = t.client_id LEFT JOIN users u ON u.id = t.assignee_id`;

const optDate = (v: unknown) => (v === null || v === undefined ? null : dbDate(v));
const optNum = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A row of SELECT (snake_case, as the drivers give it) → the view. */
function toView(r: Record<string, unknown>, now: number): TaskView {
  const dueAt = dbDate(r.due_at);
  const remindAt = optDate(r.remind_at);
  const remindedAt = optDate(r.reminded_at);
  const completedAt = optDate(r.completed_at);
  return {
    id: Number(r.id),
    clientId: Number(r.client_id),
    clientName: String(r.client_name ?? ''),
    kind: String(r.kind) as TaskView['kind'],
    title: String(r.title),
    note: r.note === null || r.note === undefined ? null : String(r.note),
    dueAt: dueAt.toISOString(),
    durationMinutes: optNum(r.duration_minutes),
    assigneeId: Number(r.assignee_id),
    assigneeName: r.assignee_name === null || r.assignee_name === undefined ? null : String(r.assignee_name),
    remindBeforeMinutes: optNum(r.remind_before_minutes),
    remindAt: remindAt && !remindedAt && r.state === 'open' ? remindAt.toISOString() : null,
    remindedAt: remindedAt?.toISOString() ?? null,
    state: String(r.state) as TaskView['state'],
    movedCount: Number(r.moved_count ?? 0),
    overdue: r.state === 'open' && dueAt.getTime() < now,
    createdById: optNum(r.created_by_id),
    createdAt: dbDate(r.created_at).toISOString(),
    updatedAt: dbDate(r.updated_at).toISOString(),
    completedAt: completedAt?.toISOString() ?? null,
  };
}

/** What the audit keeps of a task. */
const snapshot = (t: TaskView) => ({
  clientId: t.clientId,
  kind: t.kind,
  title: t.title,
  note: t.note,
  dueAt: t.dueAt,
  durationMinutes: t.durationMinutes,
  assigneeId: t.assigneeId,
  remindBeforeMinutes: t.remindBeforeMinutes,
  state: t.state,
  movedCount: t.movedCount,
});

/** When the reminder goes: before a due time still ahead; none for a task due already, or without one. */
const remindAtOf = (dueAt: Date, before: number | null, now: number): Date | null => (before === null || dueAt.getTime() <= now ? null : new Date(Math.max(dueAt.getTime() - before * 60_000, now)));

/**
 * Tasks and meetings on clients: an operator's own agenda, never routed. The database is the source of
 * truth for reminders: a timer per task (`task-remind`, id `task:<id>`) at its reminder time, and a sweep
 * that sends what a lost timer missed and arms the timers coming up. A reminder is sent once: the send is a
 * conditional update of `reminded_at`, so a job run twice (bull's at-least-once) notifies once.
 */
export class TasksService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly opts: TasksOptions,
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  get timeZone(): string {
    return this.opts.timeZone;
  }

  /** Registers the reminder job and the sweep (every `sweepEveryMs`). */
  async start(sweepEveryMs = 30_000): Promise<void> {
    this.jobs.process<RemindPayload>(TASK_REMIND_JOB, async (p) => void (await this.remind(p.taskId)));
    this.jobs.process(TASK_SWEEP_JOB, async () => void (await this.sweep()), { concurrency: 1 });
    await this.jobs.repeat(TASK_SWEEP_JOB, sweepEveryMs, {});
  }

  // ---- reading ----

  /** Operators see the tasks they are assigned and those on clients they own; supervisors and managers all. */
  private visibility(actor: Actor): { sql: string; params: unknown[] } {
    if (hasRole(actor.role, 'supervisor')) return { sql: '', params: [] };
    return { sql: ' AND (t.assignee_id = ? OR c.owner_id = ?)', params: [actor.userId, actor.userId] };
  }

  /** A raw statement with its dates bound as the driver wants them. */
  private query(sql: string, params: unknown[], em: EntityManager = this.ds.manager): Promise<Record<string, unknown>[]> {
    return em.query(sql, params.map((p) => (p instanceof Date ? dbTime(em, p) : p)));
  }

  private async rows(where: string, params: unknown[], tail = '', em: EntityManager = this.ds.manager): Promise<TaskView[]> {
    const now = this.now().getTime();
    const rows = await this.query(`${SELECT} WHERE 1 = 1${where}${tail}`, params, em);
    return rows.map((r) => toView(r, now));
  }

  private async one(id: number, em: EntityManager = this.ds.manager): Promise<TaskView & { clientOwnerId: number | null }> {
    const rows = (await em.query(`${SELECT} WHERE t.id = ?`, [id])) as Record<string, unknown>[];
    if (!rows[0]) throw notFound('Task');
    return { ...toView(rows[0], this.now().getTime()), clientOwnerId: optNum(rows[0].client_owner_id) };
  }

  private mayTouch(actor: Actor, t: { assigneeId: number; clientOwnerId: number | null }): boolean {
    return hasRole(actor.role, 'supervisor') || t.assigneeId === actor.userId || t.clientOwnerId === actor.userId;
  }

  async get(actor: Actor, id: number): Promise<TaskView> {
    const { clientOwnerId, ...task } = await this.one(id);
    if (!this.mayTouch(actor, { assigneeId: task.assigneeId, clientOwnerId })) throw notFound('Task');
    return task;
  }

  async list(actor: Actor, q: ListTasksQuery): Promise<{ items: TaskView[]; total: number }> {
    const v = this.visibility(actor);
    let where = v.sql;
    const params = [...v.params];
    const add = (sql: string, ...p: unknown[]) => {
      where += ` AND ${sql}`;
      params.push(...p);
    };
    if (q.assigneeId !== undefined) add('t.assignee_id = ?', q.assigneeId);
    if (q.clientId !== undefined) add('t.client_id = ?', q.clientId);
    if (q.state !== undefined) add('t.state = ?', q.state);
    if (q.from) add('t.due_at >= ?', q.from);
    if (q.to) add('t.due_at < ?', q.to);
    if (q.overdue === true) add("t.state = 'open' AND t.due_at < ?", this.now());
    if (q.overdue === false) add("NOT (t.state = 'open' AND t.due_at < ?)", this.now());
    const [count] = await this.query(`SELECT COUNT(*) AS n FROM tasks t JOIN clients c ON c.id = t.client_id WHERE 1 = 1${where}`, params);
    const items = await this.rows(where, params, ` ORDER BY t.due_at ASC, t.id ASC LIMIT ${q.limit} OFFSET ${q.offset}`);
    return { items, total: Number(count?.n ?? 0) };
  }

  /** Whose agenda or calendar: one's own; supervisors and managers may look at anyone's. */
  private whose(actor: Actor, assigneeId: number | undefined): number {
    if (assigneeId === undefined || assigneeId === actor.userId) return actor.userId;
    if (!hasRole(actor.role, 'supervisor')) throw forbidden('Operators see their own agenda');
    return assigneeId;
  }

  /** Overdue, today and the next six days of one assignee, in the floor's days. */
  async agenda(actor: Actor, q: { assigneeId?: number }): Promise<AgendaView> {
    const assigneeId = this.whose(actor, q.assigneeId);
    const tz = this.opts.timeZone;
    const now = this.now();
    const todayStart = dayStartOf(now, tz);
    const tomorrow = nextDayStart(todayStart, tz);
    let weekEnd = tomorrow;
    for (let i = 0; i < 6; i++) weekEnd = nextDayStart(weekEnd, tz);
    const [overdueCount] = await this.query("SELECT COUNT(*) AS n FROM tasks WHERE assignee_id = ? AND state = 'open' AND due_at < ?", [assigneeId, now]);
    const overdue = await this.rows(" AND t.assignee_id = ? AND t.state = 'open' AND t.due_at < ?", [assigneeId, now], ` ORDER BY t.due_at ASC, t.id ASC LIMIT ${AGENDA_OVERDUE_MAX}`);
    // Due from now to the end of the week (open), and today's done ones: one range read on (assignee, due).
    const ahead = await this.rows(" AND t.assignee_id = ? AND t.due_at >= ? AND t.due_at < ? AND (t.state = 'open' OR (t.state = 'done' AND t.due_at < ?))", [assigneeId, todayStart, weekEnd, tomorrow], ' ORDER BY t.due_at ASC, t.id ASC');
    const todayItems = ahead.filter((t) => Date.parse(t.dueAt) < tomorrow.getTime() && !t.overdue);
    const week = ahead.filter((t) => Date.parse(t.dueAt) >= tomorrow.getTime());
    return { timeZone: tz, today: dayOf(now, tz), overdue, overdueTotal: Number(overdueCount?.n ?? 0), todayItems, week };
  }

  /** The tasks of local days `from`..`to` (included), cancelled ones left out. */
  async calendar(actor: Actor, q: CalendarQuery): Promise<{ timeZone: string; items: TaskView[] }> {
    const assigneeId = this.whose(actor, q.assigneeId);
    const tz = this.opts.timeZone;
    const from = startOfLocalDate(q.from, tz);
    const to = nextDayStart(startOfLocalDate(q.to, tz), tz);
    const items = await this.rows(" AND t.assignee_id = ? AND t.due_at >= ? AND t.due_at < ? AND t.state <> 'cancelled'", [assigneeId, from, to], ` ORDER BY t.due_at ASC, t.id ASC LIMIT ${CALENDAR_MAX}`);
    return { timeZone: tz, items };
  }

  /** Upcoming birthdays of the owner's clients and contact people; managers may name an owner or see all. */
  async birthdays(actor: Actor, q: { ownerId?: number; all?: boolean; days: number }): Promise<BirthdaysView> {
    if ((q.ownerId !== undefined && q.ownerId !== actor.userId) || q.all) {
      if (!hasRole(actor.role, 'supervisor')) throw forbidden('Operators see the birthdays of their own clients');
    }
    const ownerId = q.all ? null : (q.ownerId ?? actor.userId);
    return upcomingBirthdays(this.ds, dayOf(this.now(), this.opts.timeZone), q.days, ownerId);
  }

  /** The tasks report over the floor's local days. */
  async report(q: Omit<TasksReportQuery, 'format'>): Promise<TasksReport> {
    const now = this.now();
    return tasksReport(this.ds, reportPeriod(q, this.opts.timeZone, now), { teamId: q.teamId, operatorId: q.operatorId }, now);
  }

  // ---- changing ----

  async create(actor: Actor, input: CreateTaskInput): Promise<TaskView> {
    const assigneeId = input.assigneeId ?? actor.userId;
    if (assigneeId !== actor.userId && !hasRole(actor.role, 'supervisor')) throw forbidden('Operators plan tasks for themselves; supervisors and managers for anyone');
    const created = await transaction(this.ds, async (em) => {
      await this.checkRefs(em, input.clientId, assigneeId);
      const now = this.now();
      const before = input.remindBeforeMinutes ?? null;
      const row: Omit<TaskRow, 'id'> = {
        clientId: input.clientId,
        kind: input.kind,
        title: input.title,
        note: input.note ?? null,
        dueAt: input.dueAt,
        durationMinutes: input.durationMinutes ?? null,
        assigneeId,
        remindBeforeMinutes: before,
        remindAt: remindAtOf(input.dueAt, before, now.getTime()),
        remindedAt: null,
        state: 'open',
        movedCount: 0,
        version: 1,
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      };
      const { identifiers } = await em.insert(TaskEntity, row);
      const id = Number(identifiers[0]!.id);
      const { clientOwnerId: _, ...view } = await this.one(id, em);
      await this.audit.record(em, actor, 'create', 'task', id, null, snapshot(view));
      return view;
    });
    await this.plan(created.id);
    return created;
  }

  async update(actor: Actor, id: number, input: UpdateTaskInput): Promise<TaskView> {
    const after = await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(TaskEntity, { id });
      if (!row) throw notFound('Task');
      const { clientOwnerId, ...before } = await this.one(id, em);
      if (!this.mayTouch(actor, { assigneeId: row.assigneeId, clientOwnerId })) throw notFound('Task');
      if (input.assigneeId !== undefined && input.assigneeId !== row.assigneeId) {
        if (!hasRole(actor.role, 'supervisor') && input.assigneeId !== actor.userId) throw forbidden('Only supervisors and managers hand tasks to someone else');
        await this.checkRefs(em, row.clientId, input.assigneeId);
      }
      const now = this.now();
      const state = input.state ?? row.state;
      const moved = input.dueAt !== undefined && input.dueAt.getTime() !== row.dueAt.getTime();
      if (moved && state !== 'open') throw new AppError(409, 'not_open', 'A done or cancelled task is not moved: reopen it first');
      const dueAt = input.dueAt ?? row.dueAt;
      const remindBefore = input.remindBeforeMinutes !== undefined ? input.remindBeforeMinutes : row.remindBeforeMinutes;
      // The reminder is planned again when the time or the lead changes, or the task is reopened.
      const replan = moved || input.remindBeforeMinutes !== undefined || (state === 'open' && row.state !== 'open');
      const res = await em.update(TaskEntity, { id, version: row.version }, {
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.title !== undefined && { title: input.title }),
        ...(input.note !== undefined && { note: input.note }),
        ...(input.durationMinutes !== undefined && { durationMinutes: input.durationMinutes }),
        ...(input.assigneeId !== undefined && { assigneeId: input.assigneeId }),
        dueAt,
        remindBeforeMinutes: remindBefore,
        ...(replan && { remindAt: remindAtOf(dueAt, remindBefore, now.getTime()), remindedAt: null }),
        state,
        ...(state !== row.state && { completedAt: state === 'open' ? null : now }),
        movedCount: row.movedCount + (moved ? 1 : 0),
        version: row.version + 1,
        updatedAt: now,
      });
      if (res.affected !== 1) throw conflict('The task changed meanwhile: reload it');
      const { clientOwnerId: _, ...view } = await this.one(id, em);
      await this.audit.record(em, actor, 'update', 'task', id, snapshot(before), { ...snapshot(view), ...(moved && { movedFrom: before.dueAt }) });
      return view;
    });
    await this.plan(id);
    return after;
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      const { clientOwnerId, ...before } = await this.one(id, em);
      if (!this.mayTouch(actor, { assigneeId: before.assigneeId, clientOwnerId })) throw notFound('Task');
      if (!hasRole(actor.role, 'supervisor') && before.createdById !== actor.userId) throw forbidden('Only its author, supervisors and managers delete a task (cancel it instead)');
      await em.delete(TaskEntity, { id });
      await this.audit.record(em, actor, 'delete', 'task', id, snapshot(before), null);
    });
    await this.jobs.cancel(TASK_REMIND_JOB, `task:${id}`);
  }

  private async checkRefs(em: EntityManager, clientId: number, assigneeId: number): Promise<void> {
    const client = await em.findOneBy(ClientEntity, { id: clientId });
    if (!client || client.deletedAt) throw badRequest(`Client ${clientId} does not exist`);
    if (!(await em.existsBy(UserEntity, { id: assigneeId, active: true }))) throw badRequest(`User ${assigneeId} does not exist or is inactive`);
  }

  // ---- reminders ----

  /** Sets (or clears) the task's reminder timer from the database. A failure leaves it to the sweep. */
  private async plan(id: number): Promise<void> {
    try {
      const row = await this.ds.getRepository(TaskEntity).findOneBy({ id });
      if (row && row.state === 'open' && row.remindAt && !row.remindedAt) await this.jobs.schedule<RemindPayload>(TASK_REMIND_JOB, `task:${id}`, { taskId: id }, row.remindAt);
      else await this.jobs.cancel(TASK_REMIND_JOB, `task:${id}`);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, taskId: id }, 'task reminder not planned (the sweep will send it)');
    }
  }

  /**
   * Sends one task's reminder if it is due and not sent yet. The conditional update makes it once: of two
   * runs (a retried job, the sweep and the timer together) one marks it and notifies.
   */
  async remind(id: number): Promise<boolean> {
    const now = this.now();
    const row = await this.ds.getRepository(TaskEntity).findOneBy({ id });
    if (!row || row.state !== 'open' || !row.remindAt || row.remindedAt) return false;
    // Early (a timer set for an older time): armed again for the current one.
    if (row.remindAt.getTime() > now.getTime() + 1000) {
      await this.plan(id);
      return false;
    }
    const res = await this.ds.getRepository(TaskEntity).update({ id, state: 'open', remindedAt: IsNull(), remindAt: LessThanOrEqual(new Date(now.getTime() + 1000)), version: row.version }, { remindedAt: now });
    if (res.affected !== 1) return false;
    if (now.getTime() - row.remindAt.getTime() > STALE_REMINDER_MS) return false;
    const { clientOwnerId: _, ...task } = await this.one(id);
    this.notifier.toUser(row.assigneeId, 'task:reminder', task);
    return true;
  }

  /** Sends what came due without its timer and arms the timers of the next few minutes. */
  async sweep(): Promise<{ sent: number; armed: number }> {
    const now = this.now();
    const rows = await this.ds
      .getRepository(TaskEntity)
      .find({ select: { id: true, remindAt: true }, where: { state: 'open', remindedAt: IsNull(), remindAt: LessThanOrEqual(new Date(now.getTime() + ARM_AHEAD_MS)) }, order: { remindAt: 'ASC' }, take: 1000 });
    let sent = 0;
    let armed = 0;
    for (const r of rows) {
      if (r.remindAt!.getTime() <= now.getTime()) {
        if (await this.remind(r.id).catch((err: Error) => void this.logger.error({ err: err.message, taskId: r.id }, 'task reminder failed'))) sent++;
      } else {
        await this.jobs.schedule<RemindPayload>(TASK_REMIND_JOB, `task:${r.id}`, { taskId: r.id }, r.remindAt!);
        armed++;
      }
    }
    if (sent > 0) this.logger.info({ sent, armed }, 'task reminders sent by the sweep');
    return { sent, armed };
  }
}
