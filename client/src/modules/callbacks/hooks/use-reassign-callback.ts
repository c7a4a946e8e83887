import { useMutation, useQueryClient } from '@tanstack/react-query';
import { reassignCallback } from '../api/callbacks.api';
import { callbackKeys } from './callback-keys';

export type ReassignVars = { id: number; assigneeId: number | null };

/** Hands one callback over by hand; every list of callbacks is read again after. */
export function useReassignCallback() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, assigneeId }: ReassignVars) => reassignCallback(id, assigneeId),
    onSuccess: (callback) => queryClient.setQueryData(callbackKeys.detail(callback.id), callback),
    onSettled: () => queryClient.invalidateQueries({ queryKey: callbackKeys.all }),
  });
}
