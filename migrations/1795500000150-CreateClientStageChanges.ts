import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, time } from './columns';

/**
 * The funnel's history: one row each time a client's stage changes (from_stage NULL: the client entered
 * the funnel). Existing clients get one row, NULL → their current stage at their created_at: what is known.
 */
export class CreateClientStageChanges1795500000150 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'client_stage_changes',
        columns: [id(), int('client_id'), str('from_stage', 16, true), str('to_stage', 16), time('changed_at'), int('changed_by_id', true), int('call_id', true)],
        indices: [
          // Led by changed_at; the stages and client make it covering: the report's period and forecast scans read no rows.
          { name: 'ix_stage_changes_at', columnNames: ['changed_at', 'from_stage', 'to_stage', 'client_id'] },
          { name: 'ix_stage_changes_client_at', columnNames: ['client_id', 'changed_at'] },
        ],
        foreignKeys: [{ name: 'fk_stage_changes_client', columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.query('INSERT INTO client_stage_changes (client_id, from_stage, to_stage, changed_at) SELECT id, NULL, stage, created_at FROM clients ORDER BY id');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('client_stage_changes');
  }
}
