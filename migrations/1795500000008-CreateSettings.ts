import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str, text, time } from './columns';

/** Managers' settings that are not rows of their own (KPI targets and thresholds), as JSON per key. */
export class CreateSettings1795500000008 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'settings',
        columns: [{ ...str('key', 64), isPrimary: true }, text('value', false), time('updated_at'), int('updated_by_id', true)],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('settings');
  }
}
