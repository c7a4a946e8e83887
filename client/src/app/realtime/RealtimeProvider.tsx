import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { io } from 'socket.io-client';
import { sessionKey } from '../../modules/auth/hooks/use-session';
import type { User } from '../../modules/users/api/user.types';
import { RealtimeContext, type ConnectionStatus, type RealtimeSocket } from './realtime-context';

export type RealtimeProviderProps = { userId: number; children: ReactNode };

/** After a refused handshake, the first retry; doubles up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

/**
 * One Socket.IO connection per signed-in session, to the same origin (the session cookie authenticates
 * it). Socket.IO reconnects after a dropped link by itself; a handshake the server refuses is retried
 * here with backoff, after asking the API whether the session still exists (a 401 signs the user out).
 * The user's own `agent:state` updates go straight into the session, so every screen shows the same state.
 */
export function RealtimeProvider({ userId, children }: RealtimeProviderProps) {
  const queryClient = useQueryClient();
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');

  useEffect(() => {
    const s: RealtimeSocket = io({ path: '/socket.io', withCredentials: true });
    let retryMs = RETRY_MIN_MS;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let wasLive = false;

    const resyncSession = () => void queryClient.invalidateQueries({ queryKey: sessionKey });
    const retryLater = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => s.connect(), retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    };

    s.on('connect', () => {
      setStatus('live');
      retryMs = RETRY_MIN_MS;
      // Whatever changed while the link was down (the state, above all) is read again.
      if (wasLive) resyncSession();
      wasLive = true;
    });
    s.on('disconnect', (reason) => {
      setStatus(wasLive ? 'reconnecting' : 'connecting');
      // The server closed this socket on purpose (the session ended, or the role changed): Socket.IO
      // leaves it closed, so read the session again at once (a 401 signs out) and reconnect shortly.
      if (reason === 'io server disconnect') {
        resyncSession();
        retryLater();
      }
    });
    s.on('connect_error', (err) => {
      setStatus(wasLive ? 'reconnecting' : 'connecting');
      if (s.active) return; // a transport failure: Socket.IO retries by itself
      // The handshake was refused (unauthorized, or the server could not check the session).
      if (err.message === 'unauthorized') resyncSession();
      retryLater();
    });
    s.on('agent:state', (update) => {
      if (update.userId !== userId) return;
      queryClient.setQueryData<User | null>(sessionKey, (user) => (user ? { ...user, state: update.state, stateSince: update.since } : user));
    });

    setSocket(s);
    return () => {
      clearTimeout(retryTimer);
      s.removeAllListeners();
      s.disconnect();
    };
  }, [userId, queryClient]);

  return <RealtimeContext.Provider value={{ socket, status }}>{children}</RealtimeContext.Provider>;
}
