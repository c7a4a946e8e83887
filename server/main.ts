import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig, type Config } from './config/config';
import { describeDatabase, openDatabase } from './db/data-source';
import { UserEntity } from './db/entities';
import { seedDemoData } from './demo/demo-seed';
import { createHttpApp } from './http/app';
import { createLogger, redactUrl, type Logger } from './logging/logger';
import type { PbxState } from './modules/health/health.service';
import { createServices } from './services';

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
  return redis;
}

function pbxStateOf(config: Config): () => PbxState {
  // The PBX connectors arrive with the telephony issues; until then /readyz says so plainly.
  const mode: PbxState['mode'] = config.ami ? 'asterisk' : config.twilio ? 'twilio' : config.demoPbx ? 'demo' : 'none';
  return () => ({ mode, status: mode === 'none' ? 'disabled' : 'not_built' });
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
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : undefined;

  const services = createServices({ ds, config, logger, redis, pbxState: pbxStateOf(config) });
  if ((await ds.getRepository(UserEntity).count()) === 0) {
    if (config.seedDemoData) {
      await seedDemoData(ds, logger);
      await services.abc.recompute();
    }
    const admin = await services.users.ensureFirstAdmin(config.admin);
    if (admin === 'none') logger.warn('the database has no users: set ADMIN_LOGIN and ADMIN_PASSWORD and restart to create the first admin');
  }

  const app = createHttpApp({ services, logger, cookieSecure: config.cookieSecure, staticDir: join(root, 'client', 'dist') });
  const server = createServer(app);
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
    server.close();
    server.closeAllConnections();
    await redis?.quit().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: Error) => fail(`Start failed: ${err.message}`));
