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
import { originPolicy, socketOriginCheck, type OriginOptions } from '../http/origin-check';
import type { Role } from '../db/entities';
import type { SessionEvents } from '../modules/auth/session-events';
import type { Notifier } from './notifier';
import type { PresenceTracker } from '../modules/agents/presence-tracker';
import { trackPresence } from './presence-socket';
import type { AckResult, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './realtime.events';
import { ConnectionCounter, DEFAULT_SOCKET_LIMITS, TokenBucket, type SocketLimits } from './socket-limits';

export type RealtimeDeps = {
  auth: AuthService;
  screenpops: ScreenPopService;
  agents: AgentStateService;
  logger: Logger;
  redis?: Redis;
  redisPrefix?: string;
  /** Web origins whose pages may open a socket besides the server's own (PUBLIC_URL, ALLOWED_ORIGINS). */
  origins?: OriginOptions;
  limits?: Partial<SocketLimits>;
  /** Offline after sign-out or when a user's last socket (on any node) is gone for a grace. */
  presence?: PresenceTracker;
};

const userRoom = (id: number) => `user:${id}`;
const sessionRoom = (id: number) => `session:${id}`;
const SUPERVISORS = 'supervisors';
/** The least role each command needs (checked on every event, not only at the handshake); unlisted: any signed-in user. */
const EVENT_ROLES: Partial<Record<keyof ClientToServerEvents, Role>> = { 'screenpop:ack': 'operator', 'agent:set-state': 'operator' };
/** setTimeout's ceiling (~24.8 days): a longer session is cut then and reconnects on its own. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const setStateSchema = z.object({ state: z.enum(['available', 'break', 'offline']) }).strict();
const ackSchema = z.object({ popId: z.string().min(1).max(300) }).strict();

/** The adapter's own connection, with its errors logged (ioredis reports an unlistened error as unhandled). */
function adapterConnection(redis: Redis, logger: Logger): Redis {
  const connection = redis.duplicate();
  connection.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error (socket.io adapter)'));
  return connection;
}

const cookieValue = (header: string | undefined, name: string) => header?.match(new RegExp(`(?:^|;\\s*)${name}=([^;]+)`))?.[1];

/**
 * The Socket.IO gateway. The handshake is authenticated with the API's session (cookie or auth.token);
 * each user joins their own room, supervisors and above also the supervisors' room. With Redis, the
 * streams adapter carries rooms across nodes and keeps connection state recovery working.
 */
export function createRealtime(http: HttpServer, { auth, screenpops, agents, logger, redis, redisPrefix = 'hotline', origins = {}, limits: given = {}, presence }: RealtimeDeps) {
  const limits: SocketLimits = { ...DEFAULT_SOCKET_LIMITS, ...given };
  const connections = new ConnectionCounter(limits.connectionsPerUser);
  const refused = (code: string, extra?: object) => Object.assign(new Error(code), { data: { code, ...extra } });
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(http, {
    serveClient: false,
    // A page of another origin (another port of this host too) must not ride the user's cookie into a socket.
    allowRequest: socketOriginCheck(originPolicy(origins)),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    // The adapter blocks on XREAD, so it gets a connection of its own.
    ...(redis && { adapter: createAdapter(adapterConnection(redis, logger), { streamName: `${redisPrefix}:socket.io`, sessionKeyPrefix: `${redisPrefix}:sio:session:` }) }),
  });

  io.use(async (socket, next) => {
    try {
      const given = typeof socket.handshake.auth?.token === 'string' ? `Bearer ${socket.handshake.auth.token}` : undefined;
      const cookie = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
      const token = tokenOf(given, cookie ? { [SESSION_COOKIE]: decodeURIComponent(cookie) } : undefined);
      const session = token ? await auth.resolve(token) : null;
      if (!session) return next(new Error('unauthorized'));
      if (socket.conn.readyState !== 'open') return next(new Error('closed'));
      const release = connections.acquire(session.user.id);
      if (!release) return next(refused('too_many_connections', { max: limits.connectionsPerUser }));
      socket.conn.once('close', release);
      socket.once('disconnect', release);
      socket.data = { userId: session.user.id, role: session.user.role, sessionId: session.sessionId, expiresAt: new Date(session.expiresAt).getTime() };
      next();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'socket handshake failed');
      next(new Error('unavailable'));
    }
  });

  io.on('connection', (socket) => {
    const { userId, role, sessionId, expiresAt } = socket.data;
    // A recovered socket comes back with its old rooms: keep only those of the session and role it has now.
    for (const room of socket.rooms) {
      if ((room === SUPERVISORS && !hasRole(role, 'supervisor')) || (/^(user|session):/.test(room) && room !== userRoom(userId) && room !== sessionRoom(sessionId))) void socket.leave(room);
    }
    void socket.join([userRoom(userId), sessionRoom(sessionId)]);
    if (hasRole(role, 'supervisor')) void socket.join(SUPERVISORS);
    // The socket ends with its session: at its expiry here; at a logout or revocation through sessionEvents.
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(0, expiresAt - Date.now()), MAX_TIMER_MS));
    socket.once('disconnect', () => clearTimeout(expiry));
    // A revocation or role change committed between the handshake's read and the joins above found no socket to cut.
    auth.liveRole(sessionId).then(
      (now) => {
        if (now !== role) socket.disconnect(true);
      },
      (err: Error) => logger.warn({ err: err.message }, 'socket session re-check failed'),
    );

    // Every event: the session still lives, the socket is not flooding, and the role allows the command.
    const rate = new TokenBucket(limits.eventBurst, limits.eventsPerSecond);
    const flood = new TokenBucket(limits.floodTolerance, limits.eventsPerSecond);
    let flooded = false;
    socket.use(([event, ...args], next) => {
      const last = args[args.length - 1];
      const refuse = (code: string, error: string) => void (typeof last === 'function' && (last as (r: AckResult) => void)({ ok: false, code, error }));
      if (Date.now() >= socket.data.expiresAt) {
        refuse('unauthorized', 'Your session has ended; sign in again');
        return void socket.disconnect(true);
      }
      if (!rate.take()) {
        refuse('rate_limited', 'Too many messages; slow down');
        if (!flood.take() && !flooded) {
          flooded = true;
          logger.warn({ userId, event }, 'socket flooding: disconnected');
          // After the events let through before it (Socket.IO dispatches them on the next tick).
          process.nextTick(() => socket.disconnect(true));
        }
        return;
      }
      const needed = EVENT_ROLES[event as keyof ClientToServerEvents] ?? 'operator';
      if (!hasRole(socket.data.role, needed)) return refuse('forbidden', 'Your role does not allow this');
      next();
    });
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
  // Cut at once here (no wait for Redis), then on every other node through the adapter. A role change
  // cuts too: the browser reconnects at once and the handshake joins the rooms of the new role.
  const cut = (room: string) => {
    io.local.in(room).disconnectSockets(true);
    if (redis) io.in(room).disconnectSockets(true);
  };
  const sessionEvents: SessionEvents = {
    sessionEnded: (sessionId) => cut(sessionRoom(sessionId)),
    userSessionsEnded: (userId) => cut(userRoom(userId)),
    roleChanged: (userId) => cut(userRoom(userId)),
  };
  return { io, notifier, sessionEvents };
}
