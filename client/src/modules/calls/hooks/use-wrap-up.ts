import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../app/api-client';
import { findCallByPbxId, wrapUpCall } from '../api/calls.api';
import type { Call, WrapUpInput } from '../api/call.types';
import { callbackKeys } from '../../callbacks/hooks/callback-keys';

/** The call log writes in small batches: a call that just ended may need a moment to show up. */
const FIND_ATTEMPTS = 6;
const FIND_PAUSE_MS = 150;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Finds a PBX call's row, asking again a few times while it is not written yet. */
async function findCallRow(pbx: string, pbxCallId: string): Promise<Call> {
  for (let attempt = 1; ; attempt++) {
    const row = await findCallByPbxId(pbx, pbxCallId);
    if (row) return row;
    if (attempt >= FIND_ATTEMPTS) throw new ApiError(404, 'call_not_logged', 'The call is not in the call log yet');
    await pause(FIND_PAUSE_MS * attempt);
  }
}

export type WrapUpRequest = WrapUpInput & { pbx: string; pbxCallId: string };

/** Saves the wrap-up of a PBX call (found by its PBX id) on its call-log row. */
export function useWrapUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ pbx, pbxCallId, disposition, note, callbackAt }: WrapUpRequest) => {
      const row = await findCallRow(pbx, pbxCallId);
      return wrapUpCall(row.id, { disposition, note, ...(callbackAt && { callbackAt }) });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      // The result may have closed the client's callbacks, promised one or marked the client lost.
      void queryClient.invalidateQueries({ queryKey: callbackKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['clients'] });
    },
  });
}
