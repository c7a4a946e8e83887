import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listForClient, listPool, rescheduleCallback, takeCallback } from '../api/callbacks.api';
import { callbackKeys } from './callback-keys';

/** How many of the pool's callbacks are listed; a pool that long needs a supervisor, not a longer list. */
export const POOL_LIMIT = 50;
/** A client's callbacks shown on the card. */
export const CLIENT_CALLBACKS_LIMIT = 50;
/** Nothing tells an operator that a colleague took one from the pool: the list is read again this often. */
const POOL_REFRESH_MS = 30_000;

/** The pool's pending callbacks, soonest due first. */
export function usePoolCallbacks() {
  return useQuery({
    queryKey: callbackKeys.pool,
    queryFn: ({ signal }) => listPool(POOL_LIMIT, signal),
    refetchInterval: POOL_REFRESH_MS,
  });
}

/** One client's callbacks: the pending ones, or every one with `closedToo`. */
export function useClientCallbacks(clientId: number, closedToo: boolean, organization = false) {
  return useQuery({
    queryKey: [...callbackKeys.client(clientId, closedToo), organization],
    queryFn: ({ signal }) => listForClient(clientId, closedToo ? undefined : 'pending', CLIENT_CALLBACKS_LIMIT, signal, organization),
    placeholderData: keepPreviousData,
  });
}

/** "Take it" from the pool; every list of callbacks is read again either way (a lost race shows who won). */
export function useTakeCallback(me: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => takeCallback(id, me),
    onSettled: () => queryClient.invalidateQueries({ queryKey: callbackKeys.all }),
  });
}

/** Moves a callback to another time; every list of callbacks is read again. */
export function useRescheduleCallback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, dueAt }: { id: number; dueAt: string }) => rescheduleCallback(id, dueAt),
    onSuccess: (cb) => queryClient.setQueryData(callbackKeys.detail(cb.id), cb),
    onSettled: () => queryClient.invalidateQueries({ queryKey: callbackKeys.all }),
  });
}
