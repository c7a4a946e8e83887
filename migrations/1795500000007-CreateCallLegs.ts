import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str, time } from './columns';

/** Each operator a call rang or reached: the per-operator truth behind misses and transfers. */
export class CreateCallLegs1795500000007 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'call_legs',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          str('pbx', 32),
          str('pbx_call_id', 128),
          int('leg_no'),
          str('extension', 32),
          int('operator_id', true),
          time('ring_started_at'),
          time('answered_at', true),
          time('ended_at', true),
          int('ring_seconds', true),
          int('talk_seconds', true),
          str('outcome', 16),
        ],
        uniques: [{ name: 'uq_call_legs', columnNames: ['pbx', 'pbx_call_id', 'leg_no'] }],
        indices: [{ name: 'ix_call_legs_operator', columnNames: ['operator_id', 'ring_started_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('call_legs');
  }
}
