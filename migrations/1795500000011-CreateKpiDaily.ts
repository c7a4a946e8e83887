import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str, time } from './columns';

/** Counters of kpi_daily, one column each (as of this migration; kpi-history.service.ts maps them). */
const COUNTERS = [
  'calls', 'inbound', 'outbound', 'answered', 'missed', 'abandoned', 'talk_seconds', 'talked', 'longest_talk_seconds',
  'answer_wait_seconds', 'answered_inbound', 'answered_within_sla', 'offered_inbound', 'dispositioned', 'effective',
];

/**
 * The history's daily rollup: one row per local day (in KPI_TIMEZONE) and operator, operator 0 being the
 * floor. A month's report then reads ~30 × (1 + operators) rows instead of millions of calls and legs.
 */
export class CreateKpiDaily1795500000011 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'kpi_daily',
        columns: [
          { ...time('day_start'), isPrimary: true },
          { ...int('operator_id'), isPrimary: true },
          str('day', 10),
          ...COUNTERS.map((name) => ({ name, type: 'bigint', isNullable: false, default: 0 })),
          time('rolled_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('kpi_daily');
  }
}
