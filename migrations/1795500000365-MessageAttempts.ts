import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Messages count their send attempts (a mailing tries a temporary refusal again, a few times), and two
 * indexes: the sweep's look for sends a dead process left (`status`, `claimed_at`) and Twilio's status
 * callback's look-up by its message id.
 */
export class MessageAttempts1795500000365 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('messages', new TableColumn({ name: 'attempts', type: 'integer', isNullable: false, default: 0 }));
    await q.createIndex('messages', new TableIndex({ name: 'ix_messages_claims', columnNames: ['status', 'claimed_at'] }));
    await q.createIndex('messages', new TableIndex({ name: 'ix_messages_provider', columnNames: ['provider_id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('messages', 'ix_messages_provider');
    await q.dropIndex('messages', 'ix_messages_claims');
    await q.dropColumn('messages', 'attempts');
  }
}
