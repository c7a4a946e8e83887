import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { str } from './columns';

/**
 * The client's funnel stage at the time of a call (`calls.client_stage`), which the contact-length report
 * splits by. From now on the call log sets it when it matches the caller to a client, and a wrap-up that
 * links the call to another client sets that client's stage.
 *
 * Existing calls with a client are backfilled from the client's stage *now*: an approximation (a client who
 * moved from lead to customer since shows their old calls at "customer"), since the stage a client had on a
 * past day was not kept. Calls without a client stay NULL.
 *
 * The contacts-before-an-outcome report counts a client's calls up to a moment: the index
 * (client_id, started_at) it needs exists since 1795500000003 (ix_calls_client_started).
 */
export class CallClientStage1795500000160 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('calls', new TableColumn(str('client_stage', 16, true)));
    if (q.connection.options.type === 'mysql') {
      await q.query('UPDATE calls k INNER JOIN clients c ON c.id = k.client_id SET k.client_stage = c.stage');
    } else {
      await q.query('UPDATE calls SET client_stage = (SELECT c.stage FROM clients c WHERE c.id = calls.client_id) WHERE client_id IS NOT NULL');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('calls', 'client_stage');
  }
}
