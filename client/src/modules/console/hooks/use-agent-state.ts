import { useCallback, useState } from 'react';
import { useRealtime } from '../../../app/realtime/realtime-context';
import { useCurrentUser } from '../../auth/hooks/use-session';

/** The states an operator chooses; ringing, on_call and wrap_up follow the phone. */
export const CHOSEN_STATES = ['available', 'break', 'offline'] as const;
export type ChosenState = (typeof CHOSEN_STATES)[number];

const ACK_TIMEOUT_MS = 5_000;

/**
 * The operator's own state: read from the session (GET /auth/me, then kept current by the live
 * `agent:state` updates) and changed with `agent:set-state`, which the server acknowledges.
 */
export function useAgentState() {
  const me = useCurrentUser();
  const { socket, status } = useRealtime();
  const [pending, setPending] = useState<ChosenState | null>(null);
  const [failed, setFailed] = useState(false);

  const choose = useCallback(
    async (state: ChosenState) => {
      if (!socket || status !== 'live') return;
      setPending(state);
      setFailed(false);
      try {
        const result = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:set-state', { state });
        if (!result.ok) setFailed(true);
      } catch {
        setFailed(true); // no acknowledgement in time
      } finally {
        setPending(null);
      }
    },
    [socket, status],
  );

  return { state: me.state, since: me.stateSince, choose, pending, failed, canChoose: status === 'live' };
}
