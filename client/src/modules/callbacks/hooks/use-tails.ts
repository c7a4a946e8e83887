import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { listOverdue, listTails } from '../api/callbacks.api';
import type { OverdueQuery } from '../api/callback.types';
import { callbackKeys } from './callback-keys';

/** Callbacks become overdue by the clock alone, with no event to tell: the tails are read again this often. */
const REFRESH_MS = 30_000;

/** Overdue callbacks per assignee and the pool. */
export function useTails() {
  return useQuery({
    queryKey: callbackKeys.tails,
    queryFn: ({ signal }) => listTails(signal),
    refetchInterval: REFRESH_MS,
  });
}

/** One assignee's (or the pool's) overdue callbacks, while their row is open. */
export function useOverdueCallbacks(query: OverdueQuery) {
  return useQuery({
    queryKey: callbackKeys.overdue(query),
    queryFn: ({ signal }) => listOverdue(query, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** Reads the callbacks again whenever the server says one was handed over or assigned (supervisors hear of every handover). */
export function useLiveCallbacks(): void {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: callbackKeys.all });
  useRealtimeEvent('callback:reassigned', refresh);
  useRealtimeEvent('callback:assigned', refresh);
}
