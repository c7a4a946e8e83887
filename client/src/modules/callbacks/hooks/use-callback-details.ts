import { useQueries } from '@tanstack/react-query';
import { getCallback } from '../api/callbacks.api';
import type { Callback } from '../api/callback.types';
import { callbackKeys } from './callback-keys';

type CallbacksById = ReadonlyMap<number, Callback>;

const toMap = (results: { data?: Callback | undefined }[]): CallbacksById => new Map(results.flatMap((r) => (r.data ? [[r.data.id, r.data] as const] : [])));

/** A few callbacks by id (a page of dry-run rows), one request each: the API has no lookup by a list of ids. */
export function useCallbackDetails(ids: readonly number[]): CallbacksById {
  return useQueries({
    queries: [...new Set(ids)].map((id) => ({
      queryKey: callbackKeys.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => getCallback(id, signal),
      staleTime: 30_000,
    })),
    combine: toMap,
  });
}
