import { useQueries } from '@tanstack/react-query';
import { getClient } from '../api/clients.api';
import type { Client } from '../api/client.types';
import { clientKeys } from './client-keys';

type ClientNames = ReadonlyMap<number, string>;

const toNames = (results: { data?: Client | undefined }[]): ClientNames => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data.name] as const] : [])));

/**
 * The names of a few clients (a page of rows), one request per client not yet in the cache; the cards
 * share the cache. Call it with the visible rows only: the API has no batch lookup by ids.
 */
export function useClientNames(ids: readonly number[]): ClientNames {
  return useQueries({
    queries: [...new Set(ids)].map((id) => ({
      queryKey: clientKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getClient(id, signal),
      staleTime: 60_000,
    })),
    combine: toNames,
  });
}
