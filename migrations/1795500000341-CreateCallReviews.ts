import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, text, time } from './columns';

/**
 * A supervisor's review of a call: one per reviewer and call. The operator reviewed and the sums are kept
 * on the row (the call's operator at the time; points and the most points possible when it was scored),
 * so the per-operator report reads one table and an old review's percentage never moves when the
 * checklist changes.
 */
export class CreateCallReviews1795500000341 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'call_reviews',
        columns: [id(), int('call_id'), int('reviewer_id'), int('operator_id'), int('points'), int('max_points'), text('comment'), time('created_at'), time('updated_at')],
        uniques: [{ name: 'uq_call_reviews_call_reviewer', columnNames: ['call_id', 'reviewer_id'] }],
        indices: [{ name: 'ix_call_reviews_operator_created', columnNames: ['operator_id', 'created_at'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('call_reviews');
  }
}
