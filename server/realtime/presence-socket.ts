import type { Server } from 'socket.io';
import type { PresenceTracker } from '../modules/agents/presence-tracker';
import type { SocketData } from './realtime.events';

/**
 * Tells the presence tracker when a user's sockets come and go, and lets it count a user's sockets on
 * every node (through the adapter: with Redis, a reload that lands on another node still counts).
 */
export function trackPresence(io: Server<any, any, any, SocketData>, presence: PresenceTracker, roomOf: (userId: number) => string): void {
  presence.attach(async (userId) => (await io.in(roomOf(userId)).fetchSockets()).length);
  io.on('connection', (socket) => {
    const { userId } = socket.data;
    // Cut already by an earlier handler: it counts as gone (its disconnect event has passed).
    if (socket.disconnected) return presence.disconnected(userId);
    presence.connected(userId);
    socket.once('disconnect', () => presence.disconnected(userId));
  });
}
