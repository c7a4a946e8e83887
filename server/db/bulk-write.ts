import type { EntityManager } from 'typeorm';

/** TypeORM's SQLite format for datetime columns: UTC "YYYY-MM-DD HH:MM:SS.SSS". */
const sqliteDate = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/** Parameters as each driver binds them: SQLite gets TypeORM's date strings and 0/1 for booleans. */
const bind = (mysql: boolean, rows: unknown[][]) => rows.flatMap((row) => row.map((v) => (v instanceof Date ? (mysql ? v : sqliteDate(v)) : typeof v === 'boolean' && !mysql ? Number(v) : v)));

/** A plain multi-row INSERT (see bulkUpsert for why not TypeORM's). */
export async function bulkInsert(em: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  await bulkUpsert(em, table, columns, rows, [], null);
}

/**
 * A multi-row INSERT … ON DUPLICATE KEY UPDATE (MySQL) / ON CONFLICT … DO UPDATE (SQLite), as plain SQL:
 * TypeORM's query builder spends more CPU on the parameters of a 500-row insert than the database
 * spends on the rows. Columns are given as database names; `update: 'ignore'` keeps existing rows, `null`
 * makes it a plain INSERT.
 */
export async function bulkUpsert(em: EntityManager, table: string, columns: string[], rows: unknown[][], conflict: string[], update: string[] | 'ignore' | null): Promise<void> {
  if (rows.length === 0) return;
  const mysql = em.connection.options.type === 'mysql';
  const q = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const params = bind(mysql, rows);
  let sql = `INSERT ${mysql && update === 'ignore' ? 'IGNORE ' : ''}INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  if (update === 'ignore') {
    if (!mysql) sql += ` ON CONFLICT (${conflict.map(q).join(', ')}) DO NOTHING`;
  } else if (update !== null) {
    sql += mysql
      ? ` ON DUPLICATE KEY UPDATE ${update.map((c) => `${q(c)} = VALUES(${q(c)})`).join(', ')}`
      : ` ON CONFLICT (${conflict.map(q).join(', ')}) DO UPDATE SET ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
  }
  await em.query(sql, params);
}
