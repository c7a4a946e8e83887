import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { IsNull } from 'typeorm';
import { ConfigError, loadConfig } from '../../config/config';
import { describeDatabase, openDatabase } from '../../db/data-source';
import { SessionEntity, UserEntity } from '../../db/entities';
import { transaction } from '../../db/transaction';
import { AuditService } from '../audit/audit.service';
import { toUserView } from '../users/user.view';
import { normalizeLogin } from './login-name';
import { clearLoginThrottle } from './login-throttle';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';

/**
 * The admin's way back in, run on the server with its environment (DATABASE_URL, REDIS_URL, REDIS_PREFIX):
 *
 *   npm run reset-admin -- --login admin                       # prints a new random password
 *   printf '%s\n' 'new password' | npm run reset-admin -- --login admin   # takes it from stdin
 *
 * Sets the password, makes the account an active admin (creates it when missing), ends its sessions,
 * clears its sign-in throttle in Redis, and writes the change to the audit log. The in-memory throttle of
 * a single node without Redis is cleared by restarting that node.
 */
const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

async function main() {
  const at = process.argv.indexOf('--login');
  const raw = at > 0 ? process.argv[at + 1] : undefined;
  if (!raw) fail('Usage: npm run reset-admin -- --login <login>   (the new password from stdin, or a random one is printed)');
  const login = normalizeLogin(raw!);
  if (!/^[a-z0-9._-]{3,64}$/.test(login)) fail(`--login must be 3-64 letters, digits, dots, dashes or underscores (got ${JSON.stringify(raw)})`);

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const generated = process.stdin.isTTY;
  const password = generated ? randomBytes(15).toString('base64url') : await readStdinLine();
  const ds = await openDatabase(config.database).catch((err: Error) => fail(err.message));
  const existing = await ds.getRepository(UserEntity).findOneBy({ login });
  const problem = passwordProblem(password, { login, name: existing?.name ?? 'Administrator' });
  if (problem) {
    await ds.destroy();
    fail(`The new password ${problem.message} (${problem.code})`);
  }
  const passwordHash = await hashPassword(password);
  const audit = new AuditService(ds);
  const ended = await transaction(ds, async (em) => {
    const now = new Date();
    const user = await em.findOneBy(UserEntity, { login });
    if (!user) {
      const { identifiers } = await em.insert(UserEntity, {
        login, passwordHash, name: 'Administrator', role: 'admin', extension: null, teamId: null, state: 'offline', stateSince: now, locale: null, active: true, createdAt: now, updatedAt: now,
      });
      const created = await em.findOneByOrFail(UserEntity, { id: identifiers[0]!.id as number });
      await audit.record(em, null, 'create', 'user', created.id, null, { ...toUserView(created), via: 'reset-admin' });
      return 0;
    }
    await em.update(UserEntity, { id: user.id }, { passwordHash, role: 'admin', active: true, updatedAt: now });
    const revoked = await em.update(SessionEntity, { userId: user.id, revokedAt: IsNull() }, { revokedAt: now });
    const after = await em.findOneByOrFail(UserEntity, { id: user.id });
    await audit.record(em, null, 'update', 'user', user.id, toUserView(user), { ...toUserView(after), passwordChanged: true, via: 'reset-admin' });
    return revoked.affected ?? 0;
  });
  await ds.destroy();

  let throttle = 'the sign-in throttle lives in the server process without REDIS_URL: restart the server to clear it';
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: () => null });
    try {
      await redis.connect();
      const cleared = await clearLoginThrottle(redis, config.redisPrefix, login);
      throttle = `sign-in throttle cleared (${cleared} key${cleared === 1 ? '' : 's'})`;
    } catch (err) {
      throttle = `could not clear the sign-in throttle in Redis (${(err as Error).message}); it expires within 15 minutes`;
    } finally {
      redis.disconnect();
    }
  }
  process.stdout.write(`${describeDatabase(config.database)}: ${existing ? 'reset' : 'created'} admin ${login}, active; ${ended} session(s) ended; ${throttle}\n`);
  if (generated) process.stdout.write(`New password: ${password}\n`);
}

main().catch((err: Error) => fail(`reset-admin failed: ${err.message}`));
