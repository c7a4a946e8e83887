import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * For the sales and repeat-purchases reports at scale (1M deals; bench/sales.bench.ts):
 *   - ix_deals_counted: the counted deals of a period (status, closed_at) with their client, amount and who
 *     entered them, read from the index alone;
 *   - ix_clients_live_stage (deleted_at, stage, created_at): the few deleted clients, so a period's deals can
 *     leave theirs out without looking up every deal's client; and the live clients by stage and creation, so
 *     the funnel counts them per stage (and picks its zombie candidates) from the index alone.
 */
export class IndexDealReports1795500000201 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('deals', new TableIndex({ name: 'ix_deals_counted', columnNames: ['status', 'closed_at', 'client_id', 'amount', 'created_by_id'] }));
    await q.createIndex('clients', new TableIndex({ name: 'ix_clients_live_stage', columnNames: ['deleted_at', 'stage', 'created_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('clients', 'ix_clients_live_stage');
    await q.dropIndex('deals', 'ix_deals_counted');
  }
}
