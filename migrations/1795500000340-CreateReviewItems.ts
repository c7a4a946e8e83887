import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, id, int, str, time } from './columns';

/**
 * The manager's checklist for call reviews: one row per item, its text per UI language (as result codes
 * keep theirs), the most points it gives, its place in the list, and whether it is still asked (retired
 * items stay on the reviews that scored them).
 */
export class CreateReviewItems1795500000340 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'review_items',
        columns: [id(), str('name_ru', 200), str('name_uk', 200), str('name_en', 200), int('max_points'), int('position'), bool('active'), time('created_at'), time('updated_at')],
        indices: [{ name: 'ix_review_items_position', columnNames: ['position'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('review_items');
  }
}
