import { EntitySchema } from 'typeorm';

export type SegmentRow = {
  id: number;
  name: string;
  /** The name folded for comparison (trimmed, single spaces, lower case); unique. */
  nameKey: string;
  /** The client list's filters as its query string gives them: a JSON object of strings. */
  filter: string;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
};

export const SegmentEntity = new EntitySchema<SegmentRow>({
  name: 'Segment',
  tableName: 'segments',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 200 },
    nameKey: { name: 'name_key', type: 'varchar', length: 200, unique: true },
    filter: { type: 'text' },
    createdById: { name: 'created_by', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});
