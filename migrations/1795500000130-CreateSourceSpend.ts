import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, money, str, time } from './columns';

/** What a lead source cost per calendar month (entered by a manager): the sources report's spend. */
export class CreateSourceSpend1795500000130 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'source_spend',
        columns: [{ ...str('source', 64), isPrimary: true }, { ...str('month', 7), isPrimary: true }, money('amount'), time('updated_at'), int('updated_by_id', true)],
        indices: [{ name: 'ix_source_spend_month', columnNames: ['month'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('source_spend');
  }
}
