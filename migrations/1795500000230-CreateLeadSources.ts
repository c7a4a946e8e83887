import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str, text, time } from './columns';

/**
 * Website lead sources: a name (the clients' `source` and the key of source_spend), the secret token the
 * website posts with, the minutes within which a lead is called back, and the websites allowed to post
 * from a browser (CORS), as a JSON array of origins.
 */
export class CreateLeadSources1795500000230 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'lead_sources',
        columns: [id(), str('name', 64), str('token', 64), int('callback_minutes'), text('origins', false), bool('active'), time('created_at'), time('updated_at')],
        uniques: [
          { name: 'uq_lead_sources_name', columnNames: ['name'] },
          { name: 'uq_lead_sources_token', columnNames: ['token'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('lead_sources');
  }
}
