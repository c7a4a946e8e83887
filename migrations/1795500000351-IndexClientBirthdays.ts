import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Upcoming birthdays are found by month-day ('MM-DD' of clients.birthday, any year). On MariaDB/MySQL a
 * virtual column holds it, indexed, so everyone's birthdays of a week read a few index ranges instead of
 * the whole base (100,000 clients: a 200 ms scan, see bench/tasks.bench.ts). SQLite (the embedded shape,
 * one machine, smaller bases) compares SUBSTR(birthday, 6, 5) as it scans: TypeORM rebuilds SQLite tables
 * when a later migration changes their columns, which would not keep a generated column.
 */
export class IndexClientBirthdays1795500000351 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    await q.query('ALTER TABLE clients ADD COLUMN birthday_md CHAR(5) AS (SUBSTR(birthday, 6, 5)) VIRTUAL, ADD INDEX idx_clients_birthday_md (birthday_md)');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    await q.query('ALTER TABLE clients DROP INDEX idx_clients_birthday_md, DROP COLUMN birthday_md');
  }
}
