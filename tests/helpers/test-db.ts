import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { DatabaseConfig } from '../../server/config/config';

/** Where the integration suites find MariaDB: root on this machine unless TEST_MYSQL_URL says otherwise. */
export const MYSQL_SERVER_URL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export type TestDatabase = { config: DatabaseConfig; drop(): Promise<void> };

/**
 * A throwaway database for one test file: MariaDB by default (crm_test_<random>, dropped afterwards),
 * or a temporary SQLite file with TEST_DB=sqlite, so the same suites prove both shapes.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_DB === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
    return { config: { type: 'sqlite', path: join(dir, 'crm.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `crm_test_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection(MYSQL_SERVER_URL);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    config: { type: 'mysql', url: `${MYSQL_SERVER_URL}/${name}`, database: name },
    drop: async () => {
      const conn = await mysql.createConnection(MYSQL_SERVER_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** Points a MySQL database config at another host:port (used to route the app through a cuttable proxy). */
export function viaPort(config: DatabaseConfig, port: number): DatabaseConfig {
  if (config.type !== 'mysql') return config;
  const url = new URL(config.url);
  url.host = `127.0.0.1:${port}`;
  return { ...config, url: url.toString() };
}
