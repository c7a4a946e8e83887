import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str } from './columns';

/** The saved segment a campaign's clients were chosen by, and its name then (the segment may be renamed or deleted since). */
export class CampaignSegment1795500000356 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('campaigns', [new TableColumn(int('segment_id', true)), new TableColumn(str('segment_name', 200, true))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('campaigns', 'segment_name');
    await q.dropColumn('campaigns', 'segment_id');
  }
}
