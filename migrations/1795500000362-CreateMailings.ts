import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Mailings: one template sent to a segment's clients at a rate. The recipients are `messages` rows made
 * when the mailing starts; `state` says whether the sender goes on (running), waits (paused) or stopped.
 */
export class CreateMailings1795500000362 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mailings',
        columns: [
          id(),
          str('name', 200),
          str('channel', 8),
          int('template_id'),
          int('segment_id', true),
          str('segment_name', 200, true),
          text('filter', false),
          str('state', 16),
          int('rate_per_minute'),
          int('total'),
          int('created_by', true),
          time('created_at'),
          time('started_at', true),
          time('finished_at', true),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mailings');
  }
}
