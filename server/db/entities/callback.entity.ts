import { EntitySchema } from 'typeorm';

export const CALLBACK_STATUSES = ['pending', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

export type CallbackRow = {
  id: number;
  clientId: number;
  assigneeId: number | null;
  dueAt: Date;
  /**
   * When the client was promised the call (the due time a person set); reassignments move `dueAt`, not
   * this. Null only on rows written around the service (tails then read `dueAt`).
   */
  promisedAt?: Date | null;
  originCallId: number | null;
  status: CallbackStatus;
  priority: number;
  note: string | null;
  reassignCount: number;
  /** Bumped on every change: reassignments are conditional updates on it, never read-then-write. */
  version: number;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
};

export type CallbackHistoryRow = {
  id: number;
  callbackId: number;
  fromId: number | null;
  toId: number | null;
  at: Date;
  ruleId: number | null;
  reason: string;
};

export const CallbackEntity = new EntitySchema<CallbackRow>({
  name: 'Callback',
  tableName: 'callbacks',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    assigneeId: { name: 'assignee_id', type: 'integer', nullable: true },
    dueAt: { name: 'due_at', type: 'datetime', precision: 3 },
    promisedAt: { name: 'promised_at', type: 'datetime', precision: 3, nullable: true },
    originCallId: { name: 'origin_call_id', type: 'integer', nullable: true },
    status: { type: 'varchar', length: 16 },
    priority: { type: 'integer' },
    note: { type: 'text', nullable: true },
    reassignCount: { name: 'reassign_count', type: 'integer' },
    version: { type: 'integer' },
    createdById: { name: 'created_by_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
    completedAt: { name: 'completed_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const CallbackHistoryEntity = new EntitySchema<CallbackHistoryRow>({
  name: 'CallbackHistory',
  tableName: 'callback_history',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    callbackId: { name: 'callback_id', type: 'integer' },
    fromId: { name: 'from_id', type: 'integer', nullable: true },
    toId: { name: 'to_id', type: 'integer', nullable: true },
    at: { type: 'datetime', precision: 3 },
    ruleId: { name: 'rule_id', type: 'integer', nullable: true },
    reason: { type: 'varchar', length: 255 },
  },
});
