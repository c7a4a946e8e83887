import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Tasks and meetings on clients (call, meeting, letter, other): due time, assignee, an optional reminder
 * (`remind_at`, and `reminded_at` once sent), state (open, done, cancelled) and how often it was moved.
 * Indexes: the agenda and calendar by assignee and due time, the client card by client, the reminder sweep
 * by state and reminder time, the reports by state and due time.
 */
export class CreateTasks1795500000350 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'tasks',
        columns: [
          id(),
          int('client_id'),
          str('kind', 16),
          str('title', 200),
          text('note'),
          time('due_at'),
          int('duration_minutes', true),
          int('assignee_id'),
          int('remind_before_minutes', true),
          time('remind_at', true),
          time('reminded_at', true),
          str('state', 16),
          { ...int('moved_count'), default: 0 },
          { ...int('version'), default: 1 },
          int('created_by_id', true),
          time('created_at'),
          time('updated_at'),
          time('completed_at', true),
        ],
      }),
    );
    await q.createIndex('tasks', new TableIndex({ name: 'idx_tasks_assignee_due', columnNames: ['assignee_id', 'due_at'] }));
    await q.createIndex('tasks', new TableIndex({ name: 'idx_tasks_client_due', columnNames: ['client_id', 'due_at'] }));
    await q.createIndex('tasks', new TableIndex({ name: 'idx_tasks_state_remind', columnNames: ['state', 'remind_at'] }));
    await q.createIndex('tasks', new TableIndex({ name: 'idx_tasks_state_due', columnNames: ['state', 'due_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tasks');
  }
}
