import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '../config/config';
import { migrations } from '../../migrations';
import * as entities from './entities';

const entitySchemas = Object.values(entities).filter((v) => typeof v === 'object' && v !== null && 'options' in v);

/** Builds (does not connect) the data source for either shape. Never synchronizes: migrations own the schema. */
export function createDataSource(db: DatabaseConfig): DataSource {
  const common = { entities: entitySchemas as never[], migrations, synchronize: false, logging: false } as const;
  if (db.type === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: db.path,
      // WAL lets readers go on while the call log writes; busy_timeout rides out short write locks.
      prepareDatabase: (conn: { pragma(s: string): unknown }) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('synchronous = NORMAL');
      },
    });
  }
  return new DataSource({
    ...common,
    type: 'mysql',
    url: db.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    extra: { connectionLimit: 10, connectTimeout: 5000, enableKeepAlive: true },
  });
}

/** Connects and applies pending migrations; the error names the database but never its password. */
export async function openDatabase(db: DatabaseConfig): Promise<DataSource> {
  const ds = createDataSource(db);
  try {
    await ds.initialize();
  } catch (err) {
    throw new Error(`Cannot connect to the database (${describeDatabase(db)}): ${(err as Error).message}`);
  }
  await migrateExclusively(ds);
  return ds;
}

/** Several nodes may start at once on one MySQL database: a named lock lets one migrate at a time. */
async function migrateExclusively(ds: DataSource): Promise<void> {
  if (ds.options.type !== 'mysql') {
    await ds.runMigrations({ transaction: 'each' });
    return;
  }
  const lock = ds.createQueryRunner();
  try {
    const [row] = await lock.query("SELECT GET_LOCK('hotline_crm_migrations', 120) AS got");
    if (Number(row?.got) !== 1) throw new Error('another node held the migration lock for 2 minutes');
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query("SELECT RELEASE_LOCK('hotline_crm_migrations')").catch(() => undefined);
    await lock.release();
  }
}

export function describeDatabase(db: DatabaseConfig): string {
  if (db.type === 'sqlite') return `sqlite:${db.path}`;
  const u = new URL(db.url);
  return `mysql://${u.username ? `${u.username}@` : ''}${u.host}/${db.database}`;
}
