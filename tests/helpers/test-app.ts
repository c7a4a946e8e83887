import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { DataSource } from 'typeorm';
import { TwilioConnector } from '../../telephony/twilio/twilio-connector';
import type { PbxConnector } from '../../telephony/call-event';
import type { Config, DatabaseConfig, TwilioConfig } from '../../server/config/config';
import { openDatabase } from '../../server/db/data-source';
import type { Role } from '../../server/db/entities';
import { createHttpApp } from '../../server/http/app';
import { createLogger } from '../../server/logging/logger';
import { createRealtime } from '../../server/realtime/socket-server';
import { createServices, type Services } from '../../server/services';
import type { MessageSenders } from '../../server/modules/messaging/senders';
import { createTestDatabase, type TestDatabase } from './test-db';

export type TestApp = {
  baseUrl: string;
  ds: DataSource;
  services: Services;
  db: TestDatabase;
  /** The live Socket.IO server (rooms, fetchSockets). */
  io: ReturnType<typeof createRealtime>['io'];
  /** A user of the given role, created through the service, with a live bearer token. */
  user(role: Role, extra?: { login?: string; extension?: string }): Promise<{ id: number; login: string; token: string; password: string }>;
  api(method: string, path: string, opts?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
};

export const TEST_PASSWORD = 'correct horse battery';
let counter = 0;

/** The real app on a real database (MariaDB unless TEST_DB=sqlite), listening on a free port. */
export async function startTestApp(opts: { dbConfig?: DatabaseConfig; db?: TestDatabase; pbx?: PbxConnector; wrapUpMs?: number; sweepEveryMs?: number; offlineGraceMs?: number; kpiTimeZone?: string; twilio?: TwilioConfig; twilioPbx?: TwilioConnector; recordings?: Config['recordings']; senders?: MessageSenders; publicUrl?: string } = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase());
  const ds = await openDatabase(opts.dbConfig ?? db.config);
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 3600_000, wrapUpMs: opts.wrapUpMs ?? 300, offlineGraceMs: opts.offlineGraceMs, kpiTimeZone: opts.kpiTimeZone, twilio: opts.twilio, recordings: opts.recordings }, logger, pbx: opts.pbx, twilio: opts.twilioPbx ?? (opts.pbx instanceof TwilioConnector ? opts.pbx : undefined), pbxMode: opts.pbx instanceof TwilioConnector ? 'twilio' : opts.pbx ? 'asterisk' : 'none', senders: opts.senders, baseUrl: opts.publicUrl });
  opts.pbx?.start((e) => services.callLog.handle(e));
  await services.floor.start();
  await services.callbacks.start(opts.sweepEveryMs ?? 60_000);
  await services.kpis.rebuild();
  if (opts.senders) await services.messaging.mailings.start(services.jobs);
  const server: Server = createServer(createHttpApp({ services, logger, cookieSecure: false }));
  const realtime = createRealtime(server, { auth: services.auth, screenpops: services.screenpops, agents: services.agents, logger, presence: services.presence });
  services.notifier.attach(realtime.notifier);
  services.sessionEvents.attach(realtime.sessionEvents);
  // The tests' fetch (undici) drops idle connections after about 4 s on a coarse timer; a server dropping
  // them at 5 s (Node's default) races it on a loaded machine, and a reused socket resets (ECONNRESET).
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: TestApp['api'] = async (method, path, { token, body, rawBody, headers = {} } = {}) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined || rawBody !== undefined ? { 'content-type': 'application/json' } : {}), ...(token && { authorization: `Bearer ${token}` }), ...headers },
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* keep the text: a non-JSON answer is itself something to assert on */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const user: TestApp['user'] = async (role, extra = {}) => {
    const login = extra.login ?? `${role}${++counter}_${process.pid}`;
    const created = await services.users.create(null, { login, password: TEST_PASSWORD, name: `Test ${role} ${counter}`, role, extension: extra.extension });
    const { token } = await services.auth.login(login, TEST_PASSWORD, '127.0.0.1', null);
    return { id: created.id, login, token, password: TEST_PASSWORD };
  };

  return {
    baseUrl,
    ds,
    services,
    db,
    io: realtime.io,
    user,
    api,
    close: async () => {
      services.abc.stop();
      services.agents.stop();
      services.presence.stop();
      services.kpis.stop();
      await services.messaging.mailings.stop();
      await services.jobs.close();
      await opts.pbx?.stop();
      services.callLog.stop();
      const closed = realtime.io.close();
      server.closeAllConnections();
      await closed.catch(() => undefined);
      if (ds.isInitialized) await ds.destroy();
      if (!opts.db) await db.drop();
    },
  };
}
