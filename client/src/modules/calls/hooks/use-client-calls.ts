import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listCalls } from '../api/calls.api';

export const CALLS_PAGE_SIZE = 20;

/** One page (1-based) of a client's calls, newest first; of an organization, its people's too. */
export function useClientCalls(clientId: number, page: number, organization = false) {
  const query = { ...(organization ? { organizationId: clientId } : { clientId }), limit: CALLS_PAGE_SIZE, offset: (page - 1) * CALLS_PAGE_SIZE };
  return useQuery({
    queryKey: ['calls', 'by-client', query],
    queryFn: ({ signal }) => listCalls(query, signal),
    placeholderData: keepPreviousData,
  });
}
