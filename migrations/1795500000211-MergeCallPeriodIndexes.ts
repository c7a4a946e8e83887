import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One covering index for a period's calls instead of two: ix_calls_contacts (191, the contacts report and
 * its rollup) and ix_calls_period_cover (200, the heatmap and contact length) began with the same four
 * columns, and every call written paid for both. ix_calls_contacts now carries the columns of both, so
 * each of those reports still reads a period from the index alone, and a call costs one index write less.
 */
const MERGED = ['started_at', 'outcome', 'direction', 'operator_id', 'client_id', 'disposition', 'client_stage', 'talk_seconds', 'wait_seconds'];

export class MergeCallPeriodIndexes1795500000211 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('calls', 'ix_calls_period_cover');
    await q.dropIndex('calls', 'ix_calls_contacts');
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_contacts', columnNames: MERGED }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('calls', 'ix_calls_contacts');
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_contacts', columnNames: ['started_at', 'outcome', 'direction', 'operator_id', 'client_id', 'disposition', 'talk_seconds'] }));
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_period_cover', columnNames: ['started_at', 'outcome', 'direction', 'operator_id', 'client_stage', 'talk_seconds', 'wait_seconds'] }));
  }
}
