import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { bool, date, id, int, str, text, time } from './columns';

/**
 * Outbound campaigns: a list of clients worked through by operators ("Next"). Each client of a campaign is
 * an entry with its number, its time zone (calling hours are the client's local ones), its place in the
 * queue (`rank`, lower first: due retries, then the campaign's priority) and its attempts. An entry is
 * handed to one operator at a time (`assigned_to`), claimed with SELECT … FOR UPDATE SKIP LOCKED on MariaDB
 * through the index in queue order, so a claim reads (and locks) the row it takes, not the whole list.
 */
export class CreateCampaigns1795500000310 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'campaigns',
        columns: [
          id(), str('name', 200), str('status', 16), text('filter', false), int('team_id', true), text('operator_ids', false),
          str('calling_from', 5), str('calling_to', 5), str('days', 16), int('max_attempts'), text('retry', false), text('final_codes', false),
          text('script'), str('priority', 16), date('starts_on', true), date('ends_on', true), int('total'),
          int('created_by_id', true), time('created_at'), time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'campaign_entries',
        columns: [
          id(), int('campaign_id'), int('client_id'), str('phone', 32, true), str('tz', 64), int('priority'), int('rank'),
          str('state', 16), int('attempts'), time('next_at'), int('assigned_to', true), time('assigned_at', true),
          str('last_disposition', 64, true), bool('reached'), bool('effective'), str('done_reason', 32, true), time('updated_at'),
        ],
        uniques: [{ name: 'uq_campaign_entries_client', columnNames: ['campaign_id', 'client_id'] }],
        indices: [
          // "Next": the campaign's pending entries in queue order (the zone and due time are filtered on the way).
          { name: 'ix_campaign_entries_next', columnNames: ['campaign_id', 'state', 'rank', 'next_at', 'id'] },
          { name: 'ix_campaign_entries_assigned', columnNames: ['campaign_id', 'assigned_to'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('campaign_entries');
    await q.dropTable('campaigns');
  }
}
