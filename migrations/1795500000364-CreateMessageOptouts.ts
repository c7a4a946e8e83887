import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, time } from './columns';

/**
 * Addresses that asked not to be written to: an e-mail (lower case) or a phone (E.164) per channel, from
 * the unsubscribe link, a STOP reply or a manager's hand. Every later message to them is skipped.
 */
export class CreateMessageOptouts1795500000364 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'message_optouts',
        columns: [id(), str('channel', 8), str('address', 254), str('source', 16), int('client_id', true), int('created_by', true), time('created_at')],
        uniques: [{ name: 'uq_message_optouts', columnNames: ['channel', 'address'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('message_optouts');
  }
}
