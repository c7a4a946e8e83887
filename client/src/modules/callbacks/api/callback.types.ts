// The API's own view types, shared with the server (type-only: erased at build).
import type { CallbackHistoryView, CallbackView } from '../../../../../server/modules/callbacks/callback.view';

export const CALLBACK_STATUSES = ['pending', 'done', 'cancelled'] as const;
export type CallbackStatus = CallbackView['status'];

/** One handover: by a rule (ruleId) or by hand (ruleId null). */
export type CallbackHandover = CallbackHistoryView;
export type Callback = CallbackView;

/** Overdue callbacks of one assignee (null = the pool). */
export type Tail = { assigneeId: number | null; overdue: number; oldestDueAt: string };

export type OverdueQuery = { assigneeId: number | null; limit: number };

/** A new callback: `dueAt` is an ISO 8601 instant with its offset. */
export type CallbackInput = { clientId: number; assigneeId: number | null; dueAt: string; note?: string | null; originCallId?: number };
