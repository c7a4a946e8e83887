import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The tasks report per operator reads only indexes: open tasks by (state, assignee, due) for the open and
 * overdue counts, done ones by (state, completed_at, assignee) for the period's.
 */
export class IndexTaskReports1795500000352 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('tasks', new TableIndex({ name: 'idx_tasks_state_assignee_due', columnNames: ['state', 'assignee_id', 'due_at'] }));
    await q.createIndex('tasks', new TableIndex({ name: 'idx_tasks_state_completed', columnNames: ['state', 'completed_at', 'assignee_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('tasks', 'idx_tasks_state_completed');
    await q.dropIndex('tasks', 'idx_tasks_state_assignee_due');
  }
}
