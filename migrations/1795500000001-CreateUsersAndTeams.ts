import { Table, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, time, bool } from './columns';

export class CreateUsersAndTeams1795500000001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'mysql') {
      // Names are Cyrillic: make sure tables created from here on default to full UTF-8.
      await q.query(`ALTER DATABASE \`${q.connection.driver.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    }
    await q.createTable(
      new Table({
        name: 'teams',
        columns: [id(), str('name', 100), int('supervisor_id', true), time('created_at')],
        uniques: [{ name: 'uq_teams_name', columnNames: ['name'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          str('login', 64),
          str('password_hash', 255),
          str('name', 200),
          str('role', 16),
          str('extension', 32, true),
          int('team_id', true),
          str('state', 16),
          time('state_since'),
          str('locale', 8, true),
          bool('active'),
          time('created_at'),
          time('updated_at'),
        ],
        uniques: [
          { name: 'uq_users_login', columnNames: ['login'] },
          { name: 'uq_users_extension', columnNames: ['extension'] },
        ],
        indices: [{ name: 'ix_users_team', columnNames: ['team_id'] }],
        foreignKeys: [{ name: 'fk_users_team', columnNames: ['team_id'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      }),
    );
    await q.createForeignKey(
      'teams',
      new TableForeignKey({ name: 'fk_teams_supervisor', columnNames: ['supervisor_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          id(),
          str('token_hash', 64),
          int('user_id'),
          time('created_at'),
          time('expires_at'),
          time('revoked_at', true),
          str('ip', 64, true),
          str('user_agent', 255, true),
        ],
        uniques: [{ name: 'uq_sessions_token', columnNames: ['token_hash'] }],
        indices: [{ name: 'ix_sessions_user', columnNames: ['user_id'] }],
        foreignKeys: [{ name: 'fk_sessions_user', columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sessions');
    await q.dropForeignKey('teams', 'fk_teams_supervisor');
    await q.dropTable('users');
    await q.dropTable('teams');
  }
}
