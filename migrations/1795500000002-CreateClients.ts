import { Table, type MigrationInterface, type QueryRunner, type TableForeignKeyOptions } from 'typeorm';
import { date, id, int, money, str, text, time } from './columns';

const toClient = (table: string): TableForeignKeyOptions => ({
  name: `fk_${table}_client`,
  columnNames: ['client_id'],
  referencedTableName: 'clients',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
});

export class CreateClients1795500000002 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'clients',
        columns: [
          id(),
          str('kind', 16),
          str('name', 200),
          str('name_search', 200),
          str('organization', 200, true),
          date('birthday', true),
          str('source', 64, true),
          int('owner_id', true),
          str('stage', 16),
          str('abc_class', 1, true),
          str('potential', 16, true),
          str('tier', 16, true),
          str('timezone', 64, true),
          money('revenue'),
          time('created_at'),
          time('updated_at'),
          time('deleted_at', true),
        ],
        indices: [
          { name: 'ix_clients_name', columnNames: ['name_search'] },
          { name: 'ix_clients_owner', columnNames: ['owner_id'] },
          { name: 'ix_clients_class', columnNames: ['abc_class'] },
          { name: 'ix_clients_source', columnNames: ['source'] },
          { name: 'ix_clients_stage', columnNames: ['stage'] },
          { name: 'ix_clients_tier', columnNames: ['tier'] },
          { name: 'ix_clients_created', columnNames: ['created_at'] },
        ],
        foreignKeys: [{ name: 'fk_clients_owner', columnNames: ['owner_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'SET NULL' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'client_phones',
        columns: [id(), int('client_id'), str('e164', 20, true), str('raw', 64), str('digits', 32), str('rev_digits', 32), int('position')],
        uniques: [{ name: 'uq_client_phones_e164', columnNames: ['e164'] }],
        indices: [
          { name: 'ix_client_phones_client', columnNames: ['client_id'] },
          { name: 'ix_client_phones_digits', columnNames: ['digits'] },
          { name: 'ix_client_phones_rev', columnNames: ['rev_digits'] },
        ],
        foreignKeys: [toClient('client_phones')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'client_emails',
        columns: [id(), int('client_id'), str('email', 254), int('position')],
        indices: [
          { name: 'ix_client_emails_client', columnNames: ['client_id'] },
          { name: 'ix_client_emails_email', columnNames: ['email'] },
        ],
        foreignKeys: [toClient('client_emails')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'client_tags',
        columns: [
          { ...int('client_id'), isPrimary: true },
          { ...str('tag', 64), isPrimary: true },
        ],
        indices: [{ name: 'ix_client_tags_tag', columnNames: ['tag'] }],
        foreignKeys: [toClient('client_tags')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'deals',
        columns: [id(), int('client_id'), str('title', 200), money('amount'), date('closed_at'), int('created_by_id', true), time('created_at')],
        indices: [
          { name: 'ix_deals_client', columnNames: ['client_id'] },
          { name: 'ix_deals_closed', columnNames: ['closed_at'] },
        ],
        foreignKeys: [toClient('deals')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'client_notes',
        columns: [id(), int('client_id'), int('author_id', true), text('body', false), time('created_at')],
        indices: [{ name: 'ix_client_notes_client', columnNames: ['client_id'] }],
        foreignKeys: [toClient('client_notes')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['client_notes', 'deals', 'client_tags', 'client_emails', 'client_phones', 'clients']) await q.dropTable(table);
  }
}
