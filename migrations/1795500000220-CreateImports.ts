import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Office-file imports: the upload (its columns, the suggested mapping, its counters: the progress that a
 * page reload reads), its data rows as parsed (cells as JSON, so a dry run and a commit on any node read
 * the same rows), and the bad rows with their reasons. A client's job title comes with the import.
 */
export class CreateImports1795500000220 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'imports',
        columns: [
          id(), str('status', 16), str('file_name', 255), str('format', 8), text('columns', false), text('mapping', false), str('duplicates', 16, true),
          int('total'), int('processed'), int('created'), int('updated'), int('skipped'), int('failed'), str('failure', 500, true),
          int('created_by_id', true), time('created_at'), time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_rows',
        columns: [{ ...int('import_id'), isPrimary: true }, { ...int('seq'), isPrimary: true }, int('row_no'), text('cells', false)],
        indices: [{ name: 'ix_import_rows_row', columnNames: ['import_id', 'row_no'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'import_errors',
        columns: [id(), int('import_id'), int('row_no'), str('field', 32, true), str('code', 32), str('message', 500)],
        indices: [{ name: 'ix_import_errors_import_row', columnNames: ['import_id', 'row_no'] }],
      }),
    );
    await q.addColumn('clients', new TableColumn(str('position', 200, true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('clients', 'position');
    await q.dropTable('import_errors');
    await q.dropTable('import_rows');
    await q.dropTable('imports');
  }
}
