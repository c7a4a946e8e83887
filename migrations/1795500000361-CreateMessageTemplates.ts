import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Message templates: e-mail or SMS, for any use or for birthday greetings, with a text per language
 * (JSON: { ru: { subject, body }, uk: …, en: … }) holding {{placeholders}} of the client's fields.
 */
export class CreateMessageTemplates1795500000361 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'message_templates',
        columns: [id(), str('name', 200), str('channel', 8), str('purpose', 16), text('texts', false), int('created_by', true), time('created_at'), time('updated_at')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('message_templates');
  }
}
