import { z } from 'zod';
import { TASK_KINDS, TASK_STATES } from '../../db/entities/task.entity';
import { calendarDate, multiLine, singleLine } from '../../http/text-fields';
import { id, periodQuery } from '../reports/reports.schemas';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const userId = z.number().int().positive().max(2_147_483_647);
/** Up to 2 weeks before (20,160 minutes); null: no reminder. */
const remindBefore = z.number().int().min(0).max(20_160).nullable();
/** A meeting lasts 5 minutes to a day. */
const duration = z.number().int().min(5).max(1440).nullable();
const note = multiLine(2000).nullable();
const bool = z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true'));

export const createTaskSchema = z
  .object({
    clientId: userId,
    kind: z.enum(TASK_KINDS),
    title: singleLine(200),
    note: note.optional(),
    dueAt: instant,
    durationMinutes: duration.optional(),
    /** Whose task it is; the author when omitted (only supervisors and managers set someone else). */
    assigneeId: userId.optional(),
    remindBeforeMinutes: remindBefore.optional(),
  })
  .strict();

export const updateTaskSchema = z
  .object({
    kind: z.enum(TASK_KINDS).optional(),
    title: singleLine(200).optional(),
    note: note.optional(),
    /** A new due time on an existing task is a move: counted in movedCount, the reminder re-planned. */
    dueAt: instant.optional(),
    durationMinutes: duration.optional(),
    assigneeId: userId.optional(),
    remindBeforeMinutes: remindBefore.optional(),
    state: z.enum(TASK_STATES).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

export const listTasksQuery = z
  .object({
    assigneeId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    clientId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    state: z.enum(TASK_STATES).optional(),
    /** Due at or after this instant (ISO 8601) … */
    from: instant.optional(),
    /** … and before this one. */
    to: instant.optional(),
    /** Open tasks whose due time has passed. */
    overdue: bool,
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: '`from` must be before `to`' });

export const clientTasksQuery = z.object({ state: z.enum(TASK_STATES).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();

/** The agenda of the signed-in user; supervisors and managers may look at someone else's. */
export const agendaQuery = z.object({ assigneeId: z.coerce.number().int().positive().max(2_147_483_647).optional() }).strict();

/** The calendar: local dates in the floor's time zone, `to` included, at most 62 days. */
export const calendarQuery = z
  .object({ from: calendarDate, to: calendarDate, assigneeId: z.coerce.number().int().positive().max(2_147_483_647).optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 62 * 86400_000, { message: 'the calendar shows at most 62 days at once' });

/** Upcoming birthdays: the signed-in owner's clients; managers may name an owner, or see everyone's. */
export const birthdaysQuery = z
  .object({
    ownerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    all: bool,
    /** Days ahead counted as "this week", today included (default 7). */
    days: z.coerce.number().int().min(1).max(31).default(7),
  })
  .strict();

/** The tasks report: open and overdue now, done in the period (local dates), by operator. */
export const tasksReportQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });

export type CreateTaskInput = z.infer<typeof createTaskSchema>;
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;
export type ListTasksQuery = z.infer<typeof listTasksQuery>;
export type CalendarQuery = z.infer<typeof calendarQuery>;
export type BirthdaysQuery = z.infer<typeof birthdaysQuery>;
export type TasksReportQuery = z.infer<typeof tasksReportQuery>;
