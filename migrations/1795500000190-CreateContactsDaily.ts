import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { int, str, time } from './columns';

/**
 * The contacts report's daily rollup: per local day (in KPI_TIMEZONE, by the call's start), operator and
 * result code ('' = none yet) the answered inbound and outbound calls, their talk seconds and how many had a
 * talk time. Operator 0 with code '' marks a day as rolled up (a day without contacts has only that row).
 * Which codes are effective is decided at read time, so a manager's change of the list needs no rebuild.
 */
export class CreateContactsDaily1795500000190 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'contacts_daily',
        columns: [
          { ...time('day_start'), isPrimary: true },
          { ...int('operator_id'), isPrimary: true },
          { ...str('disposition', 64), isPrimary: true },
          str('day', 10),
          { name: 'contacts', type: 'bigint', isNullable: false, default: 0 },
          { name: 'talk', type: 'bigint', isNullable: false, default: 0 },
          { name: 'talked', type: 'bigint', isNullable: false, default: 0 },
          time('rolled_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('contacts_daily');
  }
}
