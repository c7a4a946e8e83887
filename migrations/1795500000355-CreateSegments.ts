import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { id, int, str, text, time } from './columns';

/**
 * Saved segments: a filter of the client list kept by name (the list's query parameters, JSON). `name_key`
 * is the name folded for comparison (trimmed, spaces collapsed, lower case), unique: "Ключевые" and
 * "ключевые " are one segment.
 */
export class CreateSegments1795500000355 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'segments',
        columns: [id(), str('name', 200), str('name_key', 200), text('filter', false), int('created_by', true), time('created_at'), time('updated_at')],
        uniques: [{ name: 'uq_segments_name_key', columnNames: ['name_key'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('segments');
  }
}
