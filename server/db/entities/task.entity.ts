import { EntitySchema } from 'typeorm';

export const TASK_KINDS = ['call', 'meeting', 'letter', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATES = ['open', 'done', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * A task or meeting an operator plans on a client (call, meeting, letter, other). Unlike a callback it is
 * never routed: it stays with its assignee. Rescheduling counts in `movedCount` (and the audit keeps each
 * move); `remindAt` is when the assignee is reminded (null: no reminder), `remindedAt` when that was sent.
 */
export type TaskRow = {
  id: number;
  clientId: number;
  kind: TaskKind;
  title: string;
  note: string | null;
  dueAt: Date;
  /** Meetings: how long, in minutes. */
  durationMinutes: number | null;
  assigneeId: number;
  remindBeforeMinutes: number | null;
  /** dueAt − remindBeforeMinutes; null without a reminder. */
  remindAt: Date | null;
  /** Set once the reminder went out (a move or a new reminder time clears it). */
  remindedAt: Date | null;
  state: TaskState;
  movedCount: number;
  /** Bumped on every change: updates are conditional on it. */
  version: number;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** When it was marked done or cancelled. */
  completedAt: Date | null;
};

export const TaskEntity = new EntitySchema<TaskRow>({
  name: 'Task',
  tableName: 'tasks',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    kind: { type: 'varchar', length: 16 },
    title: { type: 'varchar', length: 200 },
    note: { type: 'text', nullable: true },
    dueAt: { name: 'due_at', type: 'datetime', precision: 3 },
    durationMinutes: { name: 'duration_minutes', type: 'integer', nullable: true },
    assigneeId: { name: 'assignee_id', type: 'integer' },
    remindBeforeMinutes: { name: 'remind_before_minutes', type: 'integer', nullable: true },
    remindAt: { name: 'remind_at', type: 'datetime', precision: 3, nullable: true },
    remindedAt: { name: 'reminded_at', type: 'datetime', precision: 3, nullable: true },
    state: { type: 'varchar', length: 16 },
    movedCount: { name: 'moved_count', type: 'integer' },
    version: { type: 'integer' },
    createdById: { name: 'created_by_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
    completedAt: { name: 'completed_at', type: 'datetime', precision: 3, nullable: true },
  },
});
