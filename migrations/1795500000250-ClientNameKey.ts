import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { nameKeyUpdate } from '../server/modules/duplicates/name-key';
import { str } from './columns';

const BATCH = 1000;

/**
 * The duplicate finder's name key (see server/modules/duplicates/name-key.ts): clients with equal keys are
 * likely the same person or organization. The index (key, kind, deleted_at) lets the finder group the
 * live base by key reading the index alone. NULL means "not computed yet": rows written by raw SQL (an
 * import) get theirs from the finder before it reads; existing rows get theirs here.
 */
export class ClientNameKey1795500000250 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('clients', new TableColumn(str('name_key', 200, true)));
    await q.createIndex('clients', new TableIndex({ name: 'ix_clients_name_key', columnNames: ['name_key', 'kind', 'deleted_at'] }));
    for (let after = 0; ; ) {
      const rows: { id: number; name: string }[] = await q.query('SELECT id, name FROM clients WHERE id > ? ORDER BY id LIMIT ?', [after, BATCH]);
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1]!.id);
      await q.query(...nameKeyUpdate(rows));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('clients', 'ix_clients_name_key');
    await q.dropColumn('clients', 'name_key');
  }
}
