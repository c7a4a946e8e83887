import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

export class CreateCallbacks1795500000004 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'callbacks',
        columns: [
          id(),
          int('client_id'),
          int('assignee_id', true),
          time('due_at'),
          int('origin_call_id', true),
          str('status', 16),
          { ...int('priority'), default: 0 },
          text('note'),
          { ...int('reassign_count'), default: 0 },
          { ...int('version'), default: 1 },
          int('created_by_id', true),
          time('created_at'),
          time('updated_at'),
          time('completed_at', true),
        ],
        indices: [
          { name: 'ix_callbacks_status_due', columnNames: ['status', 'due_at'] },
          { name: 'ix_callbacks_assignee_status', columnNames: ['assignee_id', 'status'] },
          { name: 'ix_callbacks_client', columnNames: ['client_id'] },
        ],
        foreignKeys: [{ name: 'fk_callbacks_client', columnNames: ['client_id'], referencedTableName: 'clients', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'callback_history',
        columns: [id(), int('callback_id'), int('from_id', true), int('to_id', true), time('at'), int('rule_id', true), str('reason', 255)],
        indices: [{ name: 'ix_callback_history_callback', columnNames: ['callback_id'] }],
        foreignKeys: [{ name: 'fk_callback_history_callback', columnNames: ['callback_id'], referencedTableName: 'callbacks', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('callback_history');
    await q.dropTable('callbacks');
  }
}
