import type { ClientListQuery } from '../api/client.types';

/** Query keys of the clients feature, in one place so mutations invalidate the right ones. */
export const clientKeys = {
  all: ['clients'] as const,
  list: (query: ClientListQuery) => ['clients', 'list', query] as const,
  detail: (id: number) => ['clients', 'detail', id] as const,
};
