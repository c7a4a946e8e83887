import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

export class CreateAuditLog1795500000006 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [id(), time('at'), int('actor_id', true), str('action', 32), str('entity', 32), str('entity_id', 64), text('before'), text('after'), str('ip', 64, true)],
        indices: [
          { name: 'ix_audit_at', columnNames: ['at'] },
          { name: 'ix_audit_entity', columnNames: ['entity', 'entity_id'] },
          { name: 'ix_audit_actor', columnNames: ['actor_id'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_log');
  }
}
