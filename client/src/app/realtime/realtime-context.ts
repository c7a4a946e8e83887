import { createContext, useContext, useEffect, useRef } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from './realtime.types';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** connecting: the first attempt; live: connected; reconnecting: the link dropped and is being restored. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting';

export type RealtimeValue = { socket: RealtimeSocket | null; status: ConnectionStatus };

export const RealtimeContext = createContext<RealtimeValue>({ socket: null, status: 'connecting' });

/** The signed-in session's socket (null before it is created) and its connection status. */
export function useRealtime(): RealtimeValue {
  return useContext(RealtimeContext);
}

type Listener<E extends keyof ServerToClientEvents> = (...args: Parameters<ServerToClientEvents[E]>) => void;

/** Calls the latest `handler` for every `event` the server sends while the component is mounted. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(event: E, handler: Listener<E>): void {
  const { socket } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) => latest.current(...args)) as ServerToClientEvents[E];
    // socket.io's typed on/off cannot follow a generic event name; the listener's type is checked above.
    socket.on(event as keyof ServerToClientEvents, listener as never);
    return () => {
      socket.off(event as keyof ServerToClientEvents, listener as never);
    };
  }, [socket, event]);
}
