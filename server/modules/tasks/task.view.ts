import type { TaskKind, TaskState } from '../../db/entities/task.entity';

/** A task as the API and the `task:reminder` event carry it (timestamps ISO 8601 UTC). */
export type TaskView = {
  id: number;
  clientId: number;
  clientName: string;
  kind: TaskKind;
  title: string;
  note: string | null;
  dueAt: string;
  /** Meetings: minutes; null otherwise. */
  durationMinutes: number | null;
  assigneeId: number;
  assigneeName: string | null;
  /** null: no reminder. */
  remindBeforeMinutes: number | null;
  /** When the reminder goes (null: none pending, e.g. no reminder or the task was due already when set). */
  remindAt: string | null;
  remindedAt: string | null;
  state: TaskState;
  /** How many times it was rescheduled. */
  movedCount: number;
  /** Open and due in the past. */
  overdue: boolean;
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
};

/** The signed-in user's agenda, in the floor's days. */
export type AgendaView = {
  timeZone: string;
  /** Today's local date, YYYY-MM-DD. */
  today: string;
  /** Open tasks due before now, oldest first (at most 200; `overdueTotal` counts them all). */
  overdue: TaskView[];
  overdueTotal: number;
  /** Due later today (open), and done today. */
  todayItems: TaskView[];
  /** Open, due from tomorrow to the 6th day ahead. */
  week: TaskView[];
};

/** A client or contact person whose birthday falls within the window. */
export type BirthdayView = {
  clientId: number;
  name: string;
  kind: string;
  /** The contact person's organization (null for a client of its own). */
  organizationId: number | null;
  organizationName: string | null;
  /** As stored, YYYY-MM-DD. */
  birthday: string;
  /** The local date it is celebrated in the window (29 Feb is 28 Feb in other years). */
  date: string;
  /** 0: today. */
  daysAway: number;
  /** The age they turn, when the year looks real (1900 or later); null otherwise. */
  turns: number | null;
  ownerId: number | null;
};

export type BirthdaysView = { today: string; days: number; items: BirthdayView[] };

/** The tasks report: per assignee, open and overdue now, done in the period. */
export type TaskReportRow = { operatorId: number; operatorName: string | null; teamId: number | null; open: number; overdue: number; done: number };
export type TasksReport = { from: string; to: string; items: TaskReportRow[]; total: { open: number; overdue: number; done: number } };
