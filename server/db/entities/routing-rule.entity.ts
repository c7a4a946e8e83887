import { EntitySchema } from 'typeorm';

export type RoutingRuleRow = {
  id: number;
  name: string;
  enabled: boolean;
  position: number;
  /** JSON: { teamIds?, queues?, classes?, tiers?, sources? } */
  scope: string;
  graceMinutes: number;
  /** JSON: { type, userId?, teamId? } */
  action: string;
  /** JSON: { timezone, days, from, to } or null for always */
  workingHours: string | null;
  maxReassignments: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export const RoutingRuleEntity = new EntitySchema<RoutingRuleRow>({
  name: 'RoutingRule',
  tableName: 'routing_rules',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 200 },
    enabled: { type: 'boolean' },
    position: { type: 'integer' },
    scope: { type: 'text' },
    graceMinutes: { name: 'grace_minutes', type: 'integer' },
    action: { type: 'text' },
    workingHours: { name: 'working_hours', type: 'text', nullable: true },
    maxReassignments: { name: 'max_reassignments', type: 'integer' },
    version: { type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});
