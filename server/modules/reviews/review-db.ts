import type { EntityManager } from 'typeorm';

export { dbTime } from '../../db/db-date';

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
