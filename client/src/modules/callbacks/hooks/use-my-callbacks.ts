import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../app/api-client';
import { completeCallback, createCallback, listPendingFor } from '../api/callbacks.api';
import type { Callback, CallbackInput } from '../api/callback.types';
import { callbackKeys } from './callback-keys';

/** How many of one operator's pending callbacks the console lists. */
export const MY_CALLBACKS_LIMIT = 100;

/** One operator's pending callbacks, soonest due first; the socket events keep it fresh (useLiveCallbacks). */
export function usePendingCallbacks(assigneeId: number) {
  return useQuery({
    queryKey: callbackKeys.pending(assigneeId),
    queryFn: ({ signal }) => listPendingFor(assigneeId, MY_CALLBACKS_LIMIT, signal),
  });
}

/** Marks a callback as made: it leaves the pending list at once, and every list of callbacks is read again. */
export function useCompleteCallback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => completeCallback(id),
    onSuccess: (done) => {
      queryClient.setQueryData(callbackKeys.detail(done.id), done);
      if (done.assigneeId !== null) {
        queryClient.setQueryData<Page<Callback>>(callbackKeys.pending(done.assigneeId), (page) =>
          page ? { items: page.items.filter((c) => c.id !== done.id), total: Math.max(0, page.total - 1) } : page,
        );
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: callbackKeys.all }),
  });
}

/** Promises a callback (from the wrap-up); every list of callbacks is read again. */
export function useCreateCallback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CallbackInput) => createCallback(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: callbackKeys.all }),
  });
}
