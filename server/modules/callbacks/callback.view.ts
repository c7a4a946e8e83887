import type { CallbackHistoryRow, CallbackRow, CallbackStatus } from '../../db/entities';

export type CallbackHistoryView = { fromId: number | null; toId: number | null; at: string; ruleId: number | null; reason: string };

export type CallbackView = {
  id: number;
  clientId: number;
  assigneeId: number | null;
  dueAt: string;
  /** When the client was promised the call; the router's handovers move `dueAt`, not this. */
  promisedAt: string;
  status: CallbackStatus;
  priority: number;
  note: string | null;
  reassignCount: number;
  originCallId: number | null;
  createdAt: string;
  completedAt: string | null;
  history: CallbackHistoryView[];
};

export function toCallbackView(c: CallbackRow, history: CallbackHistoryRow[]): CallbackView {
  return {
    id: c.id,
    clientId: c.clientId,
    assigneeId: c.assigneeId,
    dueAt: c.dueAt.toISOString(),
    promisedAt: (c.promisedAt ?? c.dueAt).toISOString(),
    status: c.status,
    priority: c.priority,
    note: c.note,
    reassignCount: c.reassignCount,
    originCallId: c.originCallId,
    createdAt: c.createdAt.toISOString(),
    completedAt: c.completedAt ? c.completedAt.toISOString() : null,
    history: history.map((h) => ({ fromId: h.fromId, toId: h.toId, at: h.at.toISOString(), ruleId: h.ruleId, reason: h.reason })),
  };
}
