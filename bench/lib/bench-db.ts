import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { info } from './stats';

/** Base server URL (no database); the benchmarks create and drop their own throwaway databases. */
export const serverUrl = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');

export const dbUrl = (database: string) => `${serverUrl}/${database}`;

export function connect(database?: string, extra: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
  return mysql.createConnection({ uri: database ? dbUrl(database) : serverUrl, charset: 'utf8mb4_unicode_ci', supportBigNumbers: true, multipleStatements: false, ...extra });
}

/**
 * A throwaway database crm_bench_<random>, dropped by drop() — also on SIGINT/SIGTERM and on an
 * uncaught error, as long as the process gets to run JS. BENCH_KEEP_DB=1 keeps it (its name is printed).
 */
export class ThrowawayDatabase {
  readonly name: string;
  private dropped = false;
  private readonly onSignal = (sig: NodeJS.Signals) => {
    info(`${sig}: dropping ${this.name}`);
    void this.drop().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };

  private constructor(name: string) {
    this.name = name;
  }

  static async create(prefix = 'crm_bench'): Promise<ThrowawayDatabase> {
    const db = new ThrowawayDatabase(`${prefix}_${randomBytes(4).toString('hex')}`);
    const admin = await connect();
    try {
      await admin.query(`CREATE DATABASE \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } finally {
      await admin.end();
    }
    process.once('SIGINT', db.onSignal);
    process.once('SIGTERM', db.onSignal);
    info(`created database ${db.name}`);
    return db;
  }

  async drop(): Promise<void> {
    if (this.dropped) return;
    this.dropped = true;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    if (process.env.BENCH_KEEP_DB === '1') {
      info(`BENCH_KEEP_DB=1: kept database ${this.name} (DROP DATABASE \`${this.name}\` when done)`);
      return;
    }
    const admin = await connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS \`${this.name}\``);
      info(`dropped database ${this.name}`);
    } finally {
      await admin.end();
    }
  }
}

/** Global status counters (numbers only), e.g. Innodb_buffer_pool_reads. */
export async function globalStatus(conn: mysql.Connection, like: string): Promise<Record<string, number>> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SHOW GLOBAL STATUS LIKE ?`, [like]);
  return Object.fromEntries(rows.map((r) => [String(r.Variable_name), Number(r.Value)]));
}

export async function globalVariable(conn: mysql.Connection, name: string): Promise<string> {
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`SHOW GLOBAL VARIABLES LIKE ?`, [name]);
  return String(rows[0]?.Value ?? '');
}

/**
 * Writes the tables' dirty pages to disk (FLUSH TABLES … FOR EXPORT also waits for purge and merges the
 * change buffer of those tables), so lookups do not race a flusher working off the bulk load. Touches only
 * the named tables: no global setting is changed on a shared server.
 */
export async function quiesceTables(conn: mysql.Connection, tables: string[]): Promise<{ seconds: number; dirty_pages: number }> {
  const t0 = Date.now();
  await conn.query(`FLUSH TABLES ${tables.map((t) => `\`${t}\``).join(', ')} FOR EXPORT`);
  await conn.query('UNLOCK TABLES');
  const s = await globalStatus(conn, 'Innodb_buffer_pool_pages_dirty');
  return { seconds: Math.round((Date.now() - t0) / 100) / 10, dirty_pages: s.Innodb_buffer_pool_pages_dirty ?? 0 };
}
