import { useMutation, useQueryClient } from '@tanstack/react-query';
import { reassignCallback } from '../api/callbacks.api';
import type { Callback } from '../api/callback.types';
import { callbackKeys } from './callback-keys';

export type ReassignVars = { id: number; assigneeId: number | null };

/**
 * Hands one callback over by hand; every list of callbacks is read again after. `onReassigned` is given
 * here rather than to mutate(): the control that asked is usually gone by then (its row left the list).
 */
export function useReassignCallback(onReassigned?: (callback: Callback) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, assigneeId }: ReassignVars) => reassignCallback(id, assigneeId),
    onSuccess: (callback) => {
      queryClient.setQueryData(callbackKeys.detail(callback.id), callback);
      onReassigned?.(callback);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: callbackKeys.all }),
  });
}
