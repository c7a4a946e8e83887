import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listClients } from '../api/clients.api';
import type { ClientListQuery } from '../api/client.types';
import { clientKeys } from './client-keys';

/** A page of clients; the previous page stays on screen while the next one loads. */
export function useClientList(query: ClientListQuery) {
  return useQuery({
    queryKey: clientKeys.list(query),
    queryFn: ({ signal }) => listClients(query, signal),
    placeholderData: keepPreviousData,
  });
}
