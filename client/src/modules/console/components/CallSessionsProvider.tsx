import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRealtime, useRealtimeEvent } from '../../../app/realtime/realtime-context';
import type { CallUpdate, ScreenPop } from '../../../app/realtime/realtime.types';
import { formatPhone } from '../../../ui/format-phone';
import type { Client } from '../../clients/api/client.types';
import { getOpenCalls, type ConsoleCall } from '../api/my-calls.api';
import { callKeyOf, callSessionsReducer, initialCallSessions, type WrapUpDraft } from '../hooks/call-sessions.reducer';
import { CallSessionsContext, type CallSessionsValue } from '../hooks/use-call-sessions';
import { notifyIfHidden } from '../hooks/use-pop-notifications';

export type CallSessionsProviderProps = { children: ReactNode };

/** The call log writes in small batches: an ended call is in it shortly after its last event. */
const CALL_LOG_SETTLE_MS = 500;
/** Recent call updates kept for a rebuild from the server (a supervisor hears of every call on the floor). */
const RECENT_UPDATES = 100;

/**
 * Follows this user's calls from the socket: pops (de-duplicated by popId), their call updates, the
 * acknowledgements, and a system notification when a pop comes while the tab is hidden. Mounted in the
 * shell, so a call that rings while the operator is on another page is there when they open the console.
 */
export function CallSessionsProvider({ children }: CallSessionsProviderProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { socket, status } = useRealtime();
  const [state, dispatch] = useReducer(callSessionsReducer, initialCallSessions);
  const acknowledged = useRef(new Set<string>());
  const notified = useRef(new Set<string>());
  const recentUpdates = useRef<CallUpdate[]>([]);

  // Each time the link is up (the page opened or reloaded, or it came back): the calls this user is on and
  // the results they still owe, from the server, so a reload never loses a call or its wrap-up.
  useEffect(() => {
    if (status !== 'live') return;
    const controller = new AbortController();
    getOpenCalls(controller.signal).then(
      (open) => dispatch({ type: 'restore', calls: [...open.wrapUps, ...open.active], updates: recentUpdates.current }),
      () => undefined, // offline or signed out: the live pops still come; the next connect tries again
    );
    return () => controller.abort();
  }, [status, socket]);

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
    recentUpdates.current = [...recentUpdates.current, update].slice(-RECENT_UPDATES);
    dispatch({ type: 'update', update });
    // A call of ours is over: call lists on screen (the client's card, say) show it once the log has it.
    if (update.state === 'ended' && state.sessions.some((s) => s.key === callKeyOf(update))) {
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['calls'] }), CALL_LOG_SETTLE_MS);
    } else if (update.state === 'answered' && state.sessions.some((s) => s.key === callKeyOf(update))) {
      // "My calls today" shows it in progress once the log has it.
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: ['calls', 'mine'] }), CALL_LOG_SETTLE_MS);
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
      openCall: (call: ConsoleCall) => dispatch({ type: 'open-call', call, updates: recentUpdates.current }),
      dismiss: (key: string) => dispatch({ type: 'dismiss', key }),
    }),
    [state, acknowledge],
  );

  return <CallSessionsContext.Provider value={value}>{children}</CallSessionsContext.Provider>;
}
