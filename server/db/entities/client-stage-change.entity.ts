import { EntitySchema } from 'typeorm';
import type { FunnelStage } from './client.entity';

/** One move of a client between funnel stages; `fromStage` null: the client entered the funnel (created). */
export type ClientStageChangeRow = {
  id: number;
  clientId: number;
  fromStage: FunnelStage | null;
  toStage: FunnelStage;
  changedAt: Date;
  /** Who changed it; null for the system (an unknown caller's lead, the backfill). */
  changedById: number | null;
  /** The call whose wrap-up moved the client, if one did. */
  callId: number | null;
};

export const ClientStageChangeEntity = new EntitySchema<ClientStageChangeRow>({
  name: 'ClientStageChange',
  tableName: 'client_stage_changes',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    fromStage: { name: 'from_stage', type: 'varchar', length: 16, nullable: true },
    toStage: { name: 'to_stage', type: 'varchar', length: 16 },
    changedAt: { name: 'changed_at', type: 'datetime', precision: 3 },
    changedById: { name: 'changed_by_id', type: 'integer', nullable: true },
    callId: { name: 'call_id', type: 'integer', nullable: true },
  },
});
