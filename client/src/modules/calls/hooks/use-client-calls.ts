import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listCalls } from '../api/calls.api';

export const CALLS_PAGE_SIZE = 20;

/** One page (1-based) of a client's calls, newest first. */
export function useClientCalls(clientId: number, page: number) {
  const query = { clientId, limit: CALLS_PAGE_SIZE, offset: (page - 1) * CALLS_PAGE_SIZE };
  return useQuery({
    queryKey: ['calls', 'by-client', query],
    queryFn: ({ signal }) => listCalls(query, signal),
    placeholderData: keepPreviousData,
  });
}
