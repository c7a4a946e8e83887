import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "missed" now counts rings nobody answered on the floor too (it counted calls with the outcome `missed`):
 * the daily rollup's rows hold the old figure, so they go and the next rollup rebuilds them from the calls.
 * kpi_daily is a cache of `calls` and `call_legs`; going down empties it the same way.
 */
export class RecountKpiMissed1795500000090 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM kpi_daily');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM kpi_daily');
  }
}
