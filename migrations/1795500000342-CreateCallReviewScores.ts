import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str } from './columns';

/** A review's score for each checklist item, with that item's most points when it was scored and an optional comment. */
export class CreateCallReviewScores1795500000342 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'call_review_scores',
        columns: [{ ...int('review_id'), isPrimary: true }, { ...int('item_id'), isPrimary: true }, int('points'), int('max_points'), str('comment', 1000, true)],
        indices: [{ name: 'ix_call_review_scores_item', columnNames: ['item_id'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('call_review_scores');
  }
}
