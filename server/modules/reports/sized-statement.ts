import type { DataSource } from 'typeorm';

const isMaria = new WeakMap<DataSource, Promise<boolean>>();

/** MariaDB (not MySQL, not SQLite): per-statement settings (SET STATEMENT … FOR) apply. Asked once per DataSource. */
export function isMariaDb(ds: DataSource): Promise<boolean> {
  let known = isMaria.get(ds);
  if (!known) {
    known = ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? ds.query('SELECT VERSION() AS v').then((r: { v: string }[]) => /mariadb/i.test(String(r[0]?.v))) : Promise.resolve(false);
    isMaria.set(ds, known);
  }
  return known;
}

/** In-memory temporary tables up to this size for one statement (the server's default is 16 MiB). */
const TEMP_TABLE_BYTES = 256 * 2 ** 20;

/**
 * A SELECT whose GROUP BY or window keeps one row per client (hundreds of thousands at 1M clients) in a
 * temporary table: on MariaDB it runs with a larger in-memory limit for that statement only, so the table is
 * not converted to an on-disk one half way (which took most of the time); elsewhere as is.
 */
export async function withLargeTempTables(ds: DataSource, sql: string): Promise<string> {
  return (await isMariaDb(ds)) ? `SET STATEMENT tmp_table_size=${TEMP_TABLE_BYTES}, max_heap_table_size=${TEMP_TABLE_BYTES} FOR ${sql}` : sql;
}
