import { ConfigError, loadConfig } from '../config/config';
import { describeDatabase, openDatabase } from './data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL; `npm run migrate -- --revert` undoes the last. */
try {
  const config = loadConfig();
  const ds = await openDatabase(config.database);
  if (process.argv.includes('--revert')) await ds.undoLastMigration({ transaction: 'each' });
  const done: unknown[] = await ds.query('SELECT name FROM migrations ORDER BY id');
  process.stdout.write(`${describeDatabase(config.database)}: ${done.length} migrations applied\n`);
  await ds.destroy();
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Migration failed: ${(err as Error).message}`}\n`);
  process.exit(1);
}
