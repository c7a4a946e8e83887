import { EntitySchema } from 'typeorm';

export type AuditRow = {
  id: number;
  at: Date;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string;
  /** JSON snapshots; null where there is no before (create) or after (delete). */
  before: string | null;
  after: string | null;
  ip: string | null;
};

export const AuditEntity = new EntitySchema<AuditRow>({
  name: 'Audit',
  tableName: 'audit_log',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    at: { type: 'datetime', precision: 3 },
    actorId: { name: 'actor_id', type: 'integer', nullable: true },
    action: { type: 'varchar', length: 32 },
    entity: { type: 'varchar', length: 32 },
    entityId: { name: 'entity_id', type: 'varchar', length: 64 },
    before: { type: 'text', nullable: true },
    after: { type: 'text', nullable: true },
    ip: { type: 'varchar', length: 64, nullable: true },
  },
});

export type SettingRow = { key: string; value: string; updatedAt: Date; updatedById: number | null };

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: { type: 'varchar', length: 64, primary: true },
    value: { type: 'text' },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
    updatedById: { name: 'updated_by_id', type: 'integer', nullable: true },
  },
});
