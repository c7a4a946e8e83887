import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** KPIs count calls by when they ended: the rebuild at start and the history reports read by end time. */
export class IndexCallEnds1795500000009 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_ended', columnNames: ['ended_at'] }));
    await q.createIndex('call_legs', new TableIndex({ name: 'ix_call_legs_ended', columnNames: ['ended_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('call_legs', 'ix_call_legs_ended');
    await q.dropIndex('calls', 'ix_calls_ended');
  }
}
