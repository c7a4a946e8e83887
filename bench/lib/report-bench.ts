import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../server/db/data-source';
import { ThrowawayDatabase, connect, dbUrl, serverUrl } from './bench-db';
import type { ReportsSeedSizes } from './reports-seed';
import { info, round } from './stats';

/** A number from the environment (BENCH_…), else the bench's default. */
export const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

/** The report seed's sizes: BENCH_CLIENTS, BENCH_CALLS, BENCH_DEALS, BENCH_CALLBACKS, BENCH_OPERATORS, BENCH_DAYS over the bench's defaults. */
export function seedSizes(defaults: ReportsSeedSizes): ReportsSeedSizes {
  return {
    clients: num('BENCH_CLIENTS', defaults.clients),
    calls: num('BENCH_CALLS', defaults.calls),
    deals: num('BENCH_DEALS', defaults.deals),
    callbacks: num('BENCH_CALLBACKS', defaults.callbacks),
    operators: num('BENCH_OPERATORS', defaults.operators),
    days: num('BENCH_DAYS', defaults.days),
  };
}

/**
 * The shared MariaDB (no BENCH_MYSQL_URL) takes at most BENCH_SHARED_MAX_ROWS rows (1,000,000): it crashed
 * under millions once. More than that exits 2 with a line saying to use a private mariadbd.
 */
export function refuseOnSharedServer(totalRows: number): void {
  if (process.env.BENCH_MYSQL_URL === undefined && totalRows > num('BENCH_SHARED_MAX_ROWS', 1_000_000)) {
    info(`refusing to load ${totalRows.toLocaleString('en')} rows into the shared MariaDB (${serverUrl}): set BENCH_MYSQL_URL to a private mariadbd`);
    process.exit(2);
  }
}

export type ReportBench = { db: ThrowawayDatabase; ds: DataSource; conn: Connection; bufferPoolMiB: number };

/** A throwaway database `<prefix>_<random>` with the schema, a DataSource and a raw connection on it, and the buffer pool's size. */
export async function openReportBench(prefix: string): Promise<ReportBench> {
  const db = await ThrowawayDatabase.create(prefix);
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name);
  const [[pool]] = (await conn.query('SELECT @@innodb_buffer_pool_size AS b')) as unknown as [[{ b: number }]];
  return { db, ds, conn, bufferPoolMiB: round(pool.b / 2 ** 20, 0) };
}
