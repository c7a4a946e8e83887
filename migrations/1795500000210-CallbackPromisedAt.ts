import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { time } from './columns';

/**
 * When the client was promised the call: the due time a person set (at creation or when rescheduling with
 * the client). The lead router's reassignments move `due_at` (the new holder's clock) but not this, so a
 * tail stays a tail however many times it was handed on. Existing callbacks take their due time.
 */
export class CallbackPromisedAt1795500000210 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('callbacks', new TableColumn(time('promised_at', true)));
    await q.query('UPDATE callbacks SET promised_at = due_at');
    await q.createIndex('callbacks', new TableIndex({ name: 'ix_callbacks_status_promised', columnNames: ['status', 'promised_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('callbacks', 'ix_callbacks_status_promised');
    await q.dropColumn('callbacks', 'promised_at');
  }
}
