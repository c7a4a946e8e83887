import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tags compare as written (lower-cased by the service), not by MariaDB's utf8mb4_unicode_ci, which takes
 * "ёлка" and "елка" (and "і"/"и", "ґ"/"г" in some collations) for one value: a client tagged with both
 * hit the primary key with a duplicate and answered 500. SQLite compares bytes already.
 * Down fails while two tags of one client differ only that way (the old collation cannot hold both).
 */
export class BinaryTagCollation1795500000010 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    await q.query('ALTER TABLE client_tags MODIFY tag VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'mysql') return;
    await q.query('ALTER TABLE client_tags MODIFY tag VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL');
  }
}
