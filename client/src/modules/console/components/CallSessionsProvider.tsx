import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRealtime, useRealtimeEvent } from '../../../app/realtime/realtime-context';
import type { ScreenPop } from '../../../app/realtime/realtime.types';
import { formatPhone } from '../../../ui/format-phone';
import type { Client } from '../../clients/api/client.types';
import { callKeyOf, callSessionsReducer, initialCallSessions, type WrapUpDraft } from '../hooks/call-sessions.reducer';
import { CallSessionsContext, type CallSessionsValue } from '../hooks/use-call-sessions';
import { notifyIfHidden } from '../hooks/use-pop-notifications';

export type CallSessionsProviderProps = { children: ReactNode };

/** The call log writes in small batches: an ended call is in it shortly after its last event. */
const CALL_LOG_SETTLE_MS = 500;

/**
 * Follows this user's calls from the socket: pops (de-duplicated by popId), their call updates, the
 * acknowledgements, and a system notification when a pop comes while the tab is hidden. Mounted in the
 * shell, so a call that rings while the operator is on another page is there when they open the console.
 */
export function CallSessionsProvider({ children }: CallSessionsProviderProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { socket } = useRealtime();
  const [state, dispatch] = useReducer(callSessionsReducer, initialCallSessions);
  const acknowledged = useRef(new Set<string>());
  const notified = useRef(new Set<string>());

  const acknowledge = useCallback(
    (popId: string) => {
      if (acknowledged.current.has(popId) || !socket) return;
      acknowledged.current.add(popId);
      socket.emit('screenpop:ack', { popId });
    },
    [socket],
  );

  // A new socket (the session changed) starts with nothing acknowledged.
  useEffect(() => {
    acknowledged.current = new Set();
  }, [socket]);

  useRealtimeEvent('screenpop', (pop: ScreenPop) => {
    // Shown before, but the server did not get the acknowledgement (it went out as the link dropped).
    if (acknowledged.current.has(pop.popId)) socket?.emit('screenpop:ack', { popId: pop.popId });
    dispatch({ type: 'pop', pop });
    if (notified.current.has(pop.popId)) return;
    notified.current.add(pop.popId);
    const number = pop.externalNumber ? formatPhone(pop.externalNumber) : t('console.hiddenNumber');
    const who = pop.client?.name ?? pop.externalName ?? number;
    // One notification per call: a second ring of the same call replaces it.
    notifyIfHidden(t('console.notifications.title', { who }), pop.client ? number : t('console.newCaller.title'), callKeyOf(pop), () => navigate('/console'));
  });
  useRealtimeEvent('call:update', (update) => {
    dispatch({ type: 'update', update });
    // A call of ours is over: call lists on screen (the client's card, say) show it once the log has it.
    if (update.state === 'ended' && state.sessions.some((s) => s.key === callKeyOf(update))) {
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['calls'] }), CALL_LOG_SETTLE_MS);
    }
  });

  const value = useMemo<CallSessionsValue>(
    () => ({
      state,
      focused: state.sessions.find((s) => s.key === state.focusedKey) ?? null,
      acknowledge,
      linkClient: (key: string, client: Client, origin: 'created' | 'existing') => dispatch({ type: 'client-linked', key, client, origin }),
      updateDraft: (key: string, draft: Partial<WrapUpDraft>) => dispatch({ type: 'draft', key, draft }),
      markWrappedUp: (key: string) => dispatch({ type: 'wrapped-up', key }),
      focus: (key: string) => dispatch({ type: 'focus', key }),
      dismiss: (key: string) => dispatch({ type: 'dismiss', key }),
    }),
    [state, acknowledge],
  );

  return <CallSessionsContext.Provider value={value}>{children}</CallSessionsContext.Provider>;
}
