import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { listOverdue, listTails } from '../api/callbacks.api';
import type { OverdueQuery } from '../api/callback.types';
import { callbackKeys } from './callback-keys';
import { refreshThrottle } from './refresh-throttle';

/** Callbacks become overdue by the clock alone, with no event to tell: the tails are read again this often. */
const REFRESH_MS = 30_000;
/** Opening the tails (or a row) reads them again unless they are this fresh. */
const FRESH_MS = 5_000;
/** Handover events read the lists again at most this often (a sweep sends thousands at once). */
const LIVE_REFRESH_MS = 1_000;

/** Overdue callbacks per assignee and the pool. */
export function useTails() {
  return useQuery({
    queryKey: callbackKeys.tails,
    queryFn: ({ signal }) => listTails(signal),
    staleTime: FRESH_MS,
    refetchInterval: REFRESH_MS,
  });
}

/** One assignee's (or the pool's) overdue callbacks, while their row is open. */
export function useOverdueCallbacks(query: OverdueQuery) {
  return useQuery({
    queryKey: callbackKeys.overdue(query),
    queryFn: ({ signal }) => listOverdue(query, signal),
    staleTime: FRESH_MS,
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/**
 * Reads the callbacks again whenever the server says one was handed over or assigned (supervisors hear
 * of every handover). Mount it where it stays mounted while the callbacks are on any tab of the page.
 */
export function useLiveCallbacks(): void {
  const queryClient = useQueryClient();
  const throttle = useMemo(() => refreshThrottle(() => void queryClient.invalidateQueries({ queryKey: callbackKeys.all }), LIVE_REFRESH_MS), [queryClient]);
  useEffect(() => () => throttle.cancel(), [throttle]);
  useRealtimeEvent('callback:reassigned', () => throttle.request());
  useRealtimeEvent('callback:assigned', () => throttle.request());
}
