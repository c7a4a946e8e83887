import type { OverdueQuery } from '../api/callback.types';

/** Query keys of the callbacks feature, in one place so a handover refreshes every view of them. */
export const callbackKeys = {
  all: ['callbacks'] as const,
  tails: ['callbacks', 'tails'] as const,
  overdue: (query: OverdueQuery) => ['callbacks', 'overdue', query] as const,
  /** One operator's pending callbacks (the console's "My callbacks"). */
  pending: (assigneeId: number) => ['callbacks', 'pending', assigneeId] as const,
  detail: (id: number) => ['callbacks', 'detail', id] as const,
  /** The pool's pending callbacks (the team's "Take it" list). */
  pool: ['callbacks', 'pool'] as const,
  /** One client's callbacks (the card). */
  client: (clientId: number, closedToo: boolean) => ['callbacks', 'client', clientId, closedToo] as const,
};
