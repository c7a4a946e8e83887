import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/realtime.events';

export type Received = { event: string; payload: any; at: number };

/** A browser stand-in: a socket.io-client with a token, recording every event it receives in order. */
export async function connectSocket(baseUrl: string, token: string | undefined, opts: { autoAck?: boolean; headers?: Record<string, string> } = {}) {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: opts.headers,
  });
  const received: Received[] = [];
  socket.onAny((event, payload) => {
    received.push({ event, payload, at: Date.now() });
    if (event === 'screenpop' && opts.autoAck !== false) socket.emit('screenpop:ack', { popId: payload.popId });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return { socket, received, of: (event: string) => received.filter((r) => r.event === event) };
}
