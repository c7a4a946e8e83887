import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig, type Config, type TwilioConfig } from './config/config';
import { describeDatabase, openDatabase } from './db/data-source';
import { UserEntity } from './db/entities';
import { demoCallers } from './demo/demo-callers';
import { seedDemoData } from './demo/demo-seed';
import { seedDemoOutbound } from './demo/demo-outbound';
import { seedDemoReviews } from './demo/demo-reviews';
import { seedDemoTasks } from './demo/demo-tasks';
import { seedDemoSegments } from './demo/demo-segments';
import { seedDemoMessaging } from './demo/demo-messaging';
import { demoRecordingPaths, seedDemoRecordings, writeDemoRecordings } from './demo/demo-recordings';
import { holdsDemoData, markDemoDatabase } from './demo/demo-guard';
import { createHttpApp } from './http/app';
import { createLogger, redactUrl, type Logger } from './logging/logger';
import type { PbxConnector } from '../telephony/call-event';
import { AsteriskConnector } from '../telephony/asterisk/asterisk-connector';
import { MultiPbx } from '../telephony/multi-pbx';
import { TwilioConnector } from '../telephony/twilio/twilio-connector';
import { DEFAULT_CHANNEL_PATTERNS } from '../telephony/asterisk/channel-roles';
import { startDemoPbx, type Caller } from '../telephony/simulator';
import type { PbxState } from './modules/health/health.service';
import { BullJobQueue } from './jobs/bull-job-queue';
import { InlineJobQueue } from './jobs/inline-job-queue';
import { LeasedPbx } from './pbx/leased-pbx';
import { createRealtime } from './realtime/socket-server';
import { createServices } from './services';
import { messageSenders } from './modules/messaging/message-senders';
import { Metrics } from './metrics/metrics';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Exits with one clear line: the operator reading a failed start needs the cause, not a stack. */
function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  // maxRetriesPerRequest null: a Redis blip delays work instead of failing it (bull requires it too).
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, enableReadyCheck: true });
  redis.on('error', (err) => logger.warn({ err: err.message }, 'redis error'));
  try {
    await redis.connect();
  } catch (err) {
    fail(`Cannot connect to Redis (${redactUrl(url)}): ${(err as Error).message}`);
  }
  // Bull's delayed jobs must not be evicted under memory pressure; the sweep would catch up, but late.
  const [, policy] = ((await redis.call('CONFIG', 'GET', 'maxmemory-policy').catch(() => [])) as string[]) ?? [];
  if (policy && policy !== 'noeviction') logger.warn({ policy }, 'Redis maxmemory-policy should be noeviction: evicted job keys would delay callbacks until the next sweep');
  return redis;
}

/** The PBX link for this configuration: a real Asterisk, the demo PBX, or none. */
async function createPbx(
  config: Config,
  logger: Logger,
  /** The demo PBX's callers, asked at every call (the seeded clients are known only after the seed). */
  callers?: () => readonly Caller[],
): Promise<{ pbx: PbxConnector | undefined; mode: PbxState['mode']; stopDemo?: () => Promise<void> }> {
  const patterns = { phone: config.channels.phone ?? DEFAULT_CHANNEL_PATTERNS.phone, local: config.channels.local ?? DEFAULT_CHANNEL_PATTERNS.local };
  const connector = (url: string, name: string, queuePresence = config.queuePresence) =>
    new AsteriskConnector({ url, name, patterns, originate: config.originate, queuePresence, reconcileIntervalMs: config.amiReconcileMs, logger: logger.child({ component: 'ami' }) });
  if (config.ami) return { pbx: connector(config.ami.url, 'asterisk'), mode: 'asterisk' };
  if (config.demoPbx) {
    // The AMI simulator on loopback with a secret of this run, dialing the demo operators 101–108.
    // With the demo's recordings, its MixMonitor "records" answered calls into those files: they play too.
    const recordings = config.demoRecordingsDir ? demoRecordingPaths(config.recordings.pbxRoot) : [];
    const demo = await startDemoPbx({ username: 'crm', secret: randomBytes(12).toString('hex'), traffic: { callsPerSecond: 0.05, callers }, server: { pbx: { profile: { recordings } } } });
    logger.info({ port: demo.port }, 'demo PBX (AMI simulator) running');
    // Its queue members are FreePBX-style Local channels: Break and Offline pause them there too.
    const members = { mode: 'pause' as const, interface: `Local/{extension}@${demo.server.pbx.profile.memberContext}/n`, queues: [] };
    return { pbx: connector(`ami://${demo.username}:${demo.secret}@${demo.host}:${demo.port}`, 'demo', members), mode: 'demo', stopDemo: demo.stop };
  }
  return { pbx: undefined, mode: 'none' };
}

/** Twilio Voice as a PBX: webhooks on PUBLIC_URL, operators from the in-memory list of who is available. */
function twilioConnector(settings: TwilioConfig, publicUrl: string, available: () => string[], logger: Logger): TwilioConnector {
  return new TwilioConnector({ ...settings, publicUrl: publicUrl.replace(/\/+$/, ''), available, logger: logger.child({ component: 'twilio' }) });
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const ds = await openDatabase(config.database).catch((err: Error) => fail(err.message));
  logger.info({ database: describeDatabase(config.database) }, 'database ready, migrations applied');
  // Demo accounts share a published password: a real install must never run on a demo database.
  let demo = await holdsDemoData(ds);
  if (demo && !config.demoDataAllowed) {
    fail('DATABASE_URL holds demo data (accounts with the published demo password) but AMI_URL, Twilio, ADMIN_LOGIN or DEMO_PBX=0 says this is a real install: use a new database, or set DEMO_DATA=1 to keep the demo');
  }
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;

  let knownCallers: readonly Caller[] = [];
  const { pbx: link, mode, stopDemo } = await createPbx(config, logger, () => knownCallers);
  // Scale-out: one node at a time holds the PBX link (a Redis lease); the others stand by.
  // Losing the link to another node hands it the calls in progress too.
  const leased = link && redis ? new LeasedPbx(link, redis, { prefix: config.redisPrefix, logger: logger.child({ component: 'pbx-lease' }), onRelease: () => services.callLog.release(link.name) }) : link;
  // Twilio takes its calls by webhook (no link to hold); beside an Asterisk both log calls, each row naming its PBX.
  const twilio = config.twilio && config.publicUrl ? twilioConnector(config.twilio, config.publicUrl, () => services.availableOperators.current(), logger) : undefined;
  const pbx = twilio && leased ? new MultiPbx([leased, twilio], config.clickToCallPbx === 'twilio' ? twilio : leased) : (twilio ?? leased);
  const pbxMode: PbxState['mode'] = twilio ? (leased ? 'asterisk+twilio' : 'twilio') : mode;
  const jobs = config.redisUrl ? new BullJobQueue(config.redisUrl, config.redisPrefix, logger) : new InlineJobQueue(logger);
  // E-mail through SMTP_URL, SMS through Twilio; the demo keeps what it would send, so its mailings run.
  const senders = messageSenders(config, { demo: demo || config.seedDemoData || mode === 'demo' });
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const services = createServices({ ds, config, logger, redis, redisPrefix: config.redisPrefix, pbx, twilio, pbxMode, jobs, senders, baseUrl });
  if (twilio) services.availableOperators.start();
  // Calls an earlier run held while the database was down (or had not written when it stopped), before any new ones.
  await services.callLog.restore().catch((err: Error) => fail(`CALL_SPOOL_DIR ${config.callSpoolDir}: ${err.message}`));
  // Twilio calls in progress when the last run stopped: their callbacks are followed again (Asterisk's link resyncs instead).
  twilio?.adopt(
    services.callLog
      .live()
      .filter((c) => c.pbx === twilio.name && c.direction !== 'internal')
      .map((c) => ({ callId: c.callId, direction: c.direction as 'inbound' | 'outbound', externalNumber: c.externalNumber, extension: c.extension, answered: c.answeredAt !== null })),
  );
  await services.floor.start();
  await services.callbacks.start(config.callbackSweepMs);
  await services.tasks.start();
  if ((await ds.getRepository(UserEntity).count()) === 0) {
    if (config.seedDemoData) {
      await seedDemoData(ds, logger);
      await markDemoDatabase(ds);
      await services.dispositions.changed(); // the seed set the demo manager's result codes
      await services.abc.recompute();
      await seedDemoOutbound(ds, services, logger);
      await seedDemoReviews(ds, services, logger);
      await seedDemoTasks(ds, services, logger);
      await seedDemoSegments(ds, services, logger);
      await seedDemoMessaging(ds, services, logger);
      if (config.demoRecordingsDir) await seedDemoRecordings(ds, { dir: config.demoRecordingsDir, pbxRoot: config.recordings.pbxRoot }, logger);
      demo = true;
    }
    const admin = await services.users.ensureFirstAdmin(config.admin);
    if (admin === 'none') logger.warn('the database has no users: set ADMIN_LOGIN and ADMIN_PASSWORD and restart to create the first admin');
  }
  // The demo's recordings are generated files: written again if their directory was cleared since the seed.
  if (demo && config.demoRecordingsDir) await writeDemoRecordings(config.demoRecordingsDir);
  // After the demo seed: the live KPIs start from today's calls and list every operator; past days are
  // rolled up for the history in the background.
  await services.kpis.rebuild();
  // Most demo calls come from seeded clients with a history, so the pops show what the product does.
  if (mode === 'demo') knownCallers = await demoCallers(ds).catch(() => []);
  await services.kpiHistory.start(jobs);
  // The contacts report's past days, rolled up the same way (by the day a call started).
  await services.contactsDaily.start(jobs);
  // A/B/C classes nightly (the period moves on), and at once when never computed by the period rule.
  await services.abc.start(jobs);
  // Recordings past the manager's retention are deleted hourly.
  await services.recordings.start(jobs);
  // Mailings left running by the last stop go on; birthday greetings are checked every 15 minutes.
  await services.messaging.mailings.start(jobs);
  await services.messaging.birthdays.start(jobs);
  // Imports left checking or running by the last stop go on from their cursor.
  await services.imports.resume();

  const metrics = new Metrics(services);
  if (pbx) {
    if (link instanceof AsteriskConnector) {
      link.onResync((live) => void services.callLog.closeStale(link.name, live).catch((err: Error) => logger.warn({ err: err.message }, 'closing stale calls failed')));
    }
    pbx.start((event) => {
      metrics.pbxEvent(event);
      services.callLog.handle(event);
    });
  }

  // The banner on every page: demo data in the database, or invented calls from the demo PBX.
  // Pages allowed to use the session cookie (API writes, sockets): this server's own, PUBLIC_URL, ALLOWED_ORIGINS.
  const origins = { publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins };
  const app = createHttpApp({ services, logger, cookieSecure: config.cookieSecure, staticDir: join(root, 'client', 'dist'), demo: demo || mode === 'demo', metrics, metricsToken: config.metrics.token, requestTimeoutMs: config.requestTimeoutMs, origins, trustProxy: config.trustProxy });
  const server = createServer(app);
  const realtime = createRealtime(server, { auth: services.auth, screenpops: services.screenpops, agents: services.agents, logger, redis, redisPrefix: config.redisPrefix, origins, presence: services.presence });
  services.notifier.attach(realtime.notifier);
  // Operators left on shift by a stop get the grace to reconnect (demo operators are played by the demo PBX).
  if (mode !== 'demo') services.presence.reviewOnShift();
  services.sessionEvents.attach(realtime.sessionEvents);
  metrics.countSockets(() => realtime.io.engine.clientsCount);
  if (config.metrics.port) {
    // Prometheus on its own port: reachable only where METRICS_HOST is, so no token is asked.
    const metricsServer = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
      metrics.text().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    metricsServer.on('error', (err) => fail(`Cannot listen on ${config.metrics.host}:${config.metrics.port} (METRICS_PORT): ${err.message}`));
    metricsServer.listen(config.metrics.port, config.metrics.host).unref();
  }
  // Once people can be told: route what came due while no node ran, rebuild timers the queue lost.
  void services.callbacks.recover().catch((err: Error) => logger.error({ err: err.message }, 'callback recovery failed'));
  server.on('error', (err) => fail(`Cannot listen on ${config.host}:${config.port}: ${err.message}`));
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ port }, `Hotline CRM listening on http://localhost:${port}`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    services.abc.stop();
    services.agents.stop();
    services.availableOperators.stop();
    services.presence.stop();
    services.kpis.stop();
    // Stops accepting, disconnects the sockets and closes the HTTP server; idle keep-alives are cut.
    const closed = realtime.io.close();
    server.closeAllConnections();
    await closed.catch(() => undefined);
    await pbx?.stop().catch(() => undefined);
    // Mailings finish the messages in flight and put the rest back for the next start.
    await services.messaging.mailings.stop().catch(() => undefined);
    await Promise.all(Object.values(services.messaging.senders).map((sender) => sender.close().catch(() => undefined)));
    await services.callLog.flush().catch((err: Error) => logger.error({ err: err.message }, 'calls not written at shutdown (kept in the call spool for the next start)'));
    services.callLog.stop();
    await services.callLog.closeSpool().catch(() => undefined);
    await stopDemo?.();
    await jobs.close().catch(() => undefined);
    await redis?.quit().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => fail(`Start failed: ${err.message}`));
