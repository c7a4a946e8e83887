import { apiRequest, type Page } from '../../../app/api-client';
import type { Callback, CallbackInput, CallbackStatus, OverdueQuery, Tail } from './callback.types';

/** Overdue callbacks per assignee and the pool (supervisors and above). */
export const listTails = (signal?: AbortSignal) => apiRequest<Page<Tail>>('/callbacks/tails', { signal });

/** One assignee's (or the pool's) overdue callbacks, oldest due first. */
export const listOverdue = ({ assigneeId, limit }: OverdueQuery, signal?: AbortSignal) =>
  apiRequest<Page<Callback>>('/callbacks', { query: { overdue: true, limit, ...(assigneeId === null ? { pool: true } : { assigneeId }) }, signal });

/** One operator's pending callbacks, soonest due first (so the overdue ones lead). */
export const listPendingFor = (assigneeId: number, limit: number, signal?: AbortSignal) =>
  apiRequest<Page<Callback>>('/callbacks', { query: { assigneeId, status: 'pending', limit }, signal });

export const createCallback = (input: CallbackInput) => apiRequest<Callback>('/callbacks', { method: 'POST', body: input });

/** Marks a callback as made. */
export const completeCallback = (id: number) => apiRequest<Callback>(`/callbacks/${id}`, { method: 'PATCH', body: { status: 'done' } });

export const getCallback = (id: number, signal?: AbortSignal) => apiRequest<Callback>(`/callbacks/${id}`, { signal });

/**
 * Hands a callback to someone else (null: to the pool); the server records it in the history and the
 * audit log. It becomes due now, as when the router hands one over: an overdue due time would let the
 * router take it away from the new assignee at once.
 */
export const reassignCallback = (id: number, assigneeId: number | null, now = new Date()) =>
  apiRequest<Callback>(`/callbacks/${id}`, { method: 'PATCH', body: { assigneeId, dueAt: now.toISOString() } });

/** The pool's pending callbacks (nobody's yet), soonest due first: the team takes them from here. */
export const listPool = (limit: number, signal?: AbortSignal) => apiRequest<Page<Callback>>('/callbacks', { query: { pool: true, status: 'pending', limit }, signal });

/** One client's callbacks (the card), soonest due first; `status` narrows them. */
/** A client's callbacks; with `organization`, its contact people's too. */
export const listForClient = (clientId: number, status: CallbackStatus | undefined, limit: number, signal?: AbortSignal, organization = false) =>
  apiRequest<Page<Callback>>('/callbacks', { query: { ...(organization ? { organizationId: clientId } : { clientId }), limit, ...(status && { status }) }, signal });

/** "Take it": the pool's callback becomes the caller's; 409 `already_taken` when a colleague was first. */
export const takeCallback = (id: number, me: number) => apiRequest<Callback>(`/callbacks/${id}`, { method: 'PATCH', body: { assigneeId: me } });

/** Moves a callback to another time (its reminder and routing timer follow). */
export const rescheduleCallback = (id: number, dueAt: string) => apiRequest<Callback>(`/callbacks/${id}`, { method: 'PATCH', body: { dueAt } });
