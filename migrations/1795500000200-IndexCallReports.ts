import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Covering indexes on calls for the reports at scale (1M clients, 5M calls; bench/heatmap, length-outcomes,
 * funnel). Every index on calls slows the call log's writes, so this adds one and widens one in place:
 *   - ix_calls_period_cover: a period's calls by start with what the heatmap (direction, outcome, wait) and
 *     the contact-length report (operator, stage at the call, talk) read, so neither reads a call's row;
 *   - ix_calls_client_contacts replaces ix_calls_client_started (client_id, started_at), whose every use it
 *     serves, with whether the call was a contact (outcome, direction, operator): a client's contacts up to a
 *     moment (contacts before an outcome) and since a moment (the funnel's zombies and last contact) are
 *     counted from the index alone.
 */
export class IndexCallReports1795500000200 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_period_cover', columnNames: ['started_at', 'outcome', 'direction', 'operator_id', 'client_stage', 'talk_seconds', 'wait_seconds'] }));
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_client_contacts', columnNames: ['client_id', 'started_at', 'outcome', 'direction', 'operator_id'] }));
    await q.dropIndex('calls', 'ix_calls_client_started');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_client_started', columnNames: ['client_id', 'started_at'] }));
    await q.dropIndex('calls', 'ix_calls_client_contacts');
    await q.dropIndex('calls', 'ix_calls_period_cover');
  }
}
