export const CALLBACK_STATUSES = ['pending', 'done', 'cancelled'] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** One handover: by a rule (ruleId) or by hand (ruleId null). */
export type CallbackHandover = { fromId: number | null; toId: number | null; at: string; ruleId: number | null; reason: string };

export type Callback = {
  id: number;
  clientId: number;
  /** null: in the unassigned pool. */
  assigneeId: number | null;
  dueAt: string;
  status: CallbackStatus;
  priority: number;
  note: string | null;
  reassignCount: number;
  originCallId: number | null;
  createdAt: string;
  completedAt: string | null;
  history: CallbackHandover[];
};

/** Overdue callbacks of one assignee (null = the pool). */
export type Tail = { assigneeId: number | null; overdue: number; oldestDueAt: string };

export type OverdueQuery = { assigneeId: number | null; limit: number };
