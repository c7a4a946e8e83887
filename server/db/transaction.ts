import type { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY']);

/** SQLite runs on one connection, where a second BEGIN inside an open transaction fails: one at a time. */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Every service transaction goes through here. It is run again (up to 3 times) when the database picks it
 * as a deadlock victim: InnoDB's gap locks make concurrent inserts on one unique index collide now and
 * then, and the answer to that is a retry, not a 500. On SQLite, transactions are queued.
 */
export async function transaction<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (ds.options.type === 'better-sqlite3') {
    const previous = sqliteQueues.get(ds) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => withRetry(ds, work));
    sqliteQueues.set(ds, run.catch(() => undefined));
    return run;
  }
  return withRetry(ds, work, options.isolation);
}

/**
 * `isolation` applies to MySQL/MariaDB (SQLite's queued transactions are serial anyway): READ COMMITTED
 * takes no gap locks, for claims that must not block inserts of new rows.
 */
export type TransactionOptions = { isolation?: 'READ COMMITTED' };

async function withRetry<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>, isolation?: 'READ COMMITTED'): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (isolation ? ds.transaction(isolation, work) : ds.transaction(work));
    } catch (err) {
      const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code;
      if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/**
 * A plain write that must stay written. SQLite has one connection: a write made while another service's
 * transaction is open runs inside it and is undone if that transaction rolls back (a 409 thrown in it,
 * say). Here such a write waits its turn in the transaction queue; on MySQL/MariaDB it runs at once.
 */
export function lastingWrite<T>(ds: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.options.type === 'better-sqlite3' ? transaction(ds, work) : work(ds.manager);
}
