import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str, text, time } from './columns';

export class CreateRoutingRules1795500000005 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'routing_rules',
        columns: [
          id(),
          str('name', 200),
          bool('enabled'),
          int('position'),
          text('scope', false),
          int('grace_minutes'),
          text('action', false),
          text('working_hours'),
          int('max_reassignments'),
          { ...int('version'), default: 1 },
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ name: 'ix_routing_rules_position', columnNames: ['position'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('routing_rules');
  }
}
