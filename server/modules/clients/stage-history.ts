import type { EntityManager } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { ClientStageChangeEntity, type FunnelStage } from '../../db/entities';

export type StageChange = {
  clientId: number;
  /** null: the client entered the funnel (created). */
  from: FunnelStage | null;
  to: FunnelStage;
  at: Date;
  /** The user who changed it; null for the system. */
  byId: number | null;
  /** The call whose wrap-up moved the client. */
  callId?: number | null;
};

/**
 * Writes one funnel move, in the caller's transaction (so the stage and its history commit together).
 * Every place that sets a client's stage calls this; a "move" to the same stage is not one and is skipped.
 */
export async function recordStageChange(em: EntityManager, change: StageChange): Promise<void> {
  if (change.from === change.to) return;
  await em.insert(ClientStageChangeEntity, { clientId: change.clientId, fromStage: change.from, toStage: change.to, changedAt: change.at, changedById: change.byId, callId: change.callId ?? null });
}

/** Many funnel moves in one INSERT (an import's new clients), with the same rule: a "move" to the same stage is skipped. */
export async function recordStageChanges(em: EntityManager, changes: StageChange[]): Promise<void> {
  const rows = changes.filter((c) => c.from !== c.to).map((c) => [c.clientId, c.from, c.to, c.at, c.byId, c.callId ?? null]);
  await bulkInsert(em, 'client_stage_changes', ['client_id', 'from_stage', 'to_stage', 'changed_at', 'changed_by_id', 'call_id'], rows);
}
