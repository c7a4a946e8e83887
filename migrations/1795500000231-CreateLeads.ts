import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Every lead a website posted: what it said (name, phone, e-mail, comment and the UTM fields), the client
 * it created or updated and the callback it opened. `fingerprint` finds the same submission sent twice.
 */
export class CreateLeads1795500000231 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'leads',
        columns: [
          id(),
          int('source_id'),
          int('client_id'),
          int('callback_id', true),
          str('fingerprint', 64),
          str('name', 200, true),
          str('phone', 64, true),
          str('email', 254, true),
          text('comment'),
          str('utm_source', 200, true),
          str('utm_medium', 200, true),
          str('utm_campaign', 200, true),
          str('utm_term', 200, true),
          str('utm_content', 200, true),
          str('ip', 64, true),
          time('created_at'),
        ],
        indices: [
          { name: 'ix_leads_source_fingerprint', columnNames: ['source_id', 'fingerprint', 'created_at'] },
          { name: 'ix_leads_client', columnNames: ['client_id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('leads');
  }
}
