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
 * makes it a plain INSERT. `when` limits the update to existing rows that meet a condition, written with
 * `old(column)` for the stored value and `incoming(column)` for the new one.
 */
export async function bulkUpsert(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  conflict: string[],
  update: string[] | 'ignore' | null,
  when?: (old: (column: string) => string, incoming: (column: string) => string) => string,
): Promise<void> {
  if (rows.length === 0) return;
  const mysql = em.connection.options.type === 'mysql';
  const q = (name: string) => (mysql ? `\`${name}\`` : `"${name}"`);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const params = bind(mysql, rows);
  let sql = `INSERT ${mysql && update === 'ignore' ? 'IGNORE ' : ''}INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`;
  if (update === 'ignore') {
    if (!mysql) sql += ` ON CONFLICT (${conflict.map(q).join(', ')}) DO NOTHING`;
  } else if (update !== null && mysql) {
    // MySQL has no WHERE here: each column keeps its value unless the condition holds (it reads no updated column).
    const cond = when?.(q, (c) => `VALUES(${q(c)})`);
    sql += ` ON DUPLICATE KEY UPDATE ${update.map((c) => (cond ? `${q(c)} = IF(${cond}, VALUES(${q(c)}), ${q(c)})` : `${q(c)} = VALUES(${q(c)})`)).join(', ')}`;
  } else if (update !== null) {
    const cond = when?.((c) => `${q(table)}.${q(c)}`, (c) => `excluded.${q(c)}`);
    sql += ` ON CONFLICT (${conflict.map(q).join(', ')}) DO UPDATE SET ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}${cond ? ` WHERE ${cond}` : ''}`;
  }
  await em.query(sql, params);
}
