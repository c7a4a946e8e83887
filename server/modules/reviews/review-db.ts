import type { EntityManager } from 'typeorm';

/** A time as the driver binds it in raw SQL: MySQL takes a Date; SQLite compares TypeORM's UTC "YYYY-MM-DD HH:MM:SS.SSS" strings. */
export const dbTime = (em: EntityManager, at: Date): Date | string => (em.connection.options.type === 'mysql' ? at : at.toISOString().replace('T', ' ').replace('Z', ''));

/** The id a raw INSERT made: mysql2 answers a result with insertId; TypeORM's better-sqlite3 runner answers the last row id itself. */
export function insertedId(result: unknown): number {
  const raw = typeof result === 'number' || typeof result === 'bigint' ? result : (result as { insertId?: number } | undefined)?.insertId;
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new Error('the insert did not answer an id');
  return id;
}

export { isDuplicateKey } from '../../db/db-errors';

/** `?, ?, ?` for an IN list of n values. */
export const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
