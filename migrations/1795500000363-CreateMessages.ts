import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Every message to a client (the client's history), sent by hand, by a mailing or as a birthday greeting.
 * `dedupe_key` is unique: a mailing's recipient (m:<mailing>:<client>) and a year's greeting
 * (b:<year>:<client>) exist once, whatever runs twice. `claimed_at` marks a row a sender took.
 */
export class CreateMessages1795500000363 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'messages',
        columns: [
          id(),
          int('client_id'),
          str('channel', 8),
          str('to_address', 254, true),
          str('subject', 500, true),
          text('body', false),
          str('language', 8, true),
          str('status', 16),
          str('error', 500, true),
          str('kind', 16),
          int('mailing_id', true),
          int('template_id', true),
          int('user_id', true),
          str('provider_id', 200, true),
          str('dedupe_key', 64, true),
          time('created_at'),
          time('claimed_at', true),
          time('sent_at', true),
        ],
        uniques: [{ name: 'uq_messages_dedupe', columnNames: ['dedupe_key'] }],
      }),
    );
    await q.createIndex('messages', new TableIndex({ name: 'ix_messages_client', columnNames: ['client_id', 'id'] }));
    await q.createIndex('messages', new TableIndex({ name: 'ix_messages_mailing', columnNames: ['mailing_id', 'status', 'id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('messages', 'ix_messages_mailing');
    await q.dropIndex('messages', 'ix_messages_client');
    await q.dropTable('messages');
  }
}
