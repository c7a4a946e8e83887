import { useMutation, useQuery } from '@tanstack/react-query';
import { getCallPop, listMyCallsToday, startOfToday } from '../api/my-calls.api';
import { useCallSessions } from './use-call-sessions';

/** Calls end and results are saved with their own events (the lists are read again then); this is the floor. */
const REFRESH_MS = 60_000;

/** The signed-in user's calls of today (the browser's day), in progress and without a result first. */
export function useMyCallsToday() {
  const from = startOfToday();
  return useQuery({
    // Under ['calls']: a wrap-up saved or a call ended reads it again.
    queryKey: ['calls', 'mine', from],
    queryFn: ({ signal }) => listMyCallsToday(from, signal),
    refetchInterval: REFRESH_MS,
  });
}

/** Opens one of the day's calls in the console (its card, and the wrap-up if it still owes a result). */
export function useOpenCall() {
  const { openCall } = useCallSessions();
  return useMutation({
    mutationFn: (id: number) => getCallPop(id),
    onSuccess: (call) => openCall(call),
  });
}
