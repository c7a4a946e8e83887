import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str, time } from './columns';

/**
 * Deals that wait for a supervisor: an operator's deal past the review threshold is stored `pending` and
 * adds to the client's revenue (and so to the A/B/C classes of the whole base) only once confirmed.
 * Existing deals counted already: they are `confirmed`.
 */
export class DealConfirmation1795500000050 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('deals', [
      new TableColumn({ ...str('status', 16), default: "'confirmed'" }),
      new TableColumn(int('confirmed_by_id', true)),
      new TableColumn(time('confirmed_at', true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    // Pending deals never counted: going back, where they would, they go.
    await q.query("DELETE FROM deals WHERE status = 'pending'");
    await q.dropColumns('deals', ['confirmed_at', 'confirmed_by_id', 'status']);
  }
}
