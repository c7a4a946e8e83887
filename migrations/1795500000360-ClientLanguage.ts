import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { str } from './columns';

/** The language to write to a client in (ru, uk, en); null: guessed from the phone's country when a message goes out. */
export class ClientLanguage1795500000360 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('clients', new TableColumn(str('language', 8, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('clients', 'language');
  }
}
