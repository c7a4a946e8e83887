import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

export class CreateCalls1795500000003 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'calls',
        columns: [
          id(),
          str('pbx', 32),
          str('pbx_call_id', 128),
          str('direction', 16),
          str('external_number', 64, true),
          str('external_e164', 20, true),
          int('client_id', true),
          int('operator_id', true),
          str('queue', 64, true),
          time('started_at'),
          time('answered_at', true),
          time('ended_at', true),
          int('ring_seconds', true),
          int('wait_seconds', true),
          int('talk_seconds', true),
          str('outcome', 16, true),
          str('disposition', 64, true),
          text('note'),
          str('recording_url', 500, true),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [{ name: 'uq_calls_pbx_call', columnNames: ['pbx', 'pbx_call_id'] }],
        indices: [
          { name: 'ix_calls_started', columnNames: ['started_at'] },
          { name: 'ix_calls_operator_started', columnNames: ['operator_id', 'started_at'] },
          { name: 'ix_calls_client_started', columnNames: ['client_id', 'started_at'] },
          { name: 'ix_calls_external', columnNames: ['external_e164'] },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('calls');
  }
}
