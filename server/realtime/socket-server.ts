import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { z } from 'zod';
import { hasRole } from '../modules/auth/actor';
import type { AuthService } from '../modules/auth/auth.service';
import type { AgentStateService } from '../modules/agents/agent-state.service';
import type { ScreenPopService } from '../modules/screenpop/screenpop.service';
import { SESSION_COOKIE, tokenOf } from '../http/auth.middleware';
import type { Logger } from '../logging/logger';
import type { Notifier } from './notifier';
import type { PresenceTracker } from '../modules/agents/presence-tracker';
import { trackPresence } from './presence-socket';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './realtime.events';

export type RealtimeDeps = {
  auth: AuthService;
  screenpops: ScreenPopService;
  agents: AgentStateService;
  logger: Logger;
  redis?: Redis;
  redisPrefix?: string;
  /** Offline after sign-out or when a user's last socket (on any node) is gone for a grace. */
  presence?: PresenceTracker;
};

const userRoom = (id: number) => `user:${id}`;
const SUPERVISORS = 'supervisors';
const setStateSchema = z.object({ state: z.enum(['available', 'break', 'offline']) }).strict();
const ackSchema = z.object({ popId: z.string().min(1).max(300) }).strict();

const cookieValue = (header: string | undefined, name: string) => header?.match(new RegExp(`(?:^|;\\s*)${name}=([^;]+)`))?.[1];

/**
 * The Socket.IO gateway. The handshake is authenticated with the API's session (cookie or auth.token);
 * each user joins their own room, supervisors and above also the supervisors' room. With Redis, the
 * streams adapter carries rooms across nodes and keeps connection state recovery working.
 */
export function createRealtime(http: HttpServer, { auth, screenpops, agents, logger, redis, redisPrefix = 'hotline', presence }: RealtimeDeps) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(http, {
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // The adapter blocks on XREAD, so it gets a connection of its own.
    ...(redis && { adapter: createAdapter(redis.duplicate(), { streamName: `${redisPrefix}:socket.io`, sessionKeyPrefix: `${redisPrefix}:sio:session:` }) }),
  });

  io.use(async (socket, next) => {
    try {
      const given = typeof socket.handshake.auth?.token === 'string' ? `Bearer ${socket.handshake.auth.token}` : undefined;
      const cookie = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
      const token = tokenOf(given, cookie ? { [SESSION_COOKIE]: decodeURIComponent(cookie) } : undefined);
      const session = token ? await auth.resolve(token) : null;
      if (!session) return next(new Error('unauthorized'));
      socket.data = { userId: session.user.id, role: session.user.role };
      next();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'socket handshake failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    const { userId, role } = socket.data;
    void socket.join(userRoom(userId));
    if (hasRole(role as never, 'supervisor')) void socket.join(SUPERVISORS);
    // Pops raised while this browser was away (on whichever node holds the PBX link).
    screenpops.resend(userId);
    if (redis) io.serverSideEmit('pops:resend', userId);

    socket.on('screenpop:ack', (payload) => {
      const parsed = ackSchema.safeParse(payload);
      if (!parsed.success) return;
      screenpops.acknowledge(userId, parsed.data.popId);
      // Other nodes may hold the pop (the one with the PBX link); a single node has no one to tell.
      if (redis) io.serverSideEmit('pops:ack', userId, parsed.data.popId);
    });
    socket.on('agent:set-state', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = setStateSchema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: 'state must be available, break or offline' });
      agents.choose(userId, parsed.data.state).then(
        () => reply({ ok: true }),
        (err: Error) => {
          logger.error({ err: err.message }, 'agent:set-state failed');
          reply({ ok: false, error: 'could not change the state; try again' });
        },
      );
    });
  });

  if (presence) trackPresence(io, presence, userRoom);
  io.on('pops:ack', (userId, popId) => screenpops.acknowledge(userId, popId));
  io.on('pops:resend', (userId) => screenpops.resend(userId));

  const notifier: Notifier = {
    toUser: (userId, event, ...args) => void io.to(userRoom(userId)).emit(event, ...args),
    toSupervisors: (event, ...args) => void io.to(SUPERVISORS).emit(event, ...args),
  };
  return { io, notifier };
}
