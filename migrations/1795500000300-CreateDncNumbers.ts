import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, time } from './columns';

/**
 * The do-not-call list: one row per number (E.164, or the digits of a number the install's regions cannot
 * parse), why, who put it there and from where (`manual`, `wrap_up`, `import`), and the client it was
 * added for when there was one. Campaigns never hand these numbers out; click-to-call refuses them.
 */
export class CreateDncNumbers1795500000300 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dnc_numbers',
        columns: [id(), str('phone', 32), str('reason', 500, true), str('source', 16), int('client_id', true), int('added_by', true), time('created_at')],
        uniques: [{ name: 'uq_dnc_numbers_phone', columnNames: ['phone'] }],
      }),
    );
    await q.createIndex('dnc_numbers', new TableIndex({ name: 'idx_dnc_numbers_client', columnNames: ['client_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('dnc_numbers', 'idx_dnc_numbers_client');
    await q.dropTable('dnc_numbers');
  }
}
