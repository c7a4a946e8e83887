import type { ClientRow, ClientStageChangeRow, FunnelStage } from '../db/entities';

const FORWARD = ['lead', 'contacted', 'qualified', 'proposal', 'customer'] as const satisfies readonly FunnelStage[];
const DAY = 86400_000;
/** Most demo moves fall in this many days before now, so the funnel report's recent periods have flow. */
const RECENT_DAYS = 90;

type Rng = { next: () => number; int: (n: number) => number };

/**
 * A believable funnel history for each demo client, ending at the stage it has now: it entered as a lead
 * when created, then stepped forward one stage at a time (lead → contacted → qualified → proposal →
 * customer); a lost client dropped out after none to three steps. Moves are spread between creation and
 * now, mostly over the last 90 days; each is by the client's owner (or the system when it has none).
 */
export function demoStageHistory(clients: readonly (Pick<ClientRow, 'id' | 'stage' | 'createdAt' | 'ownerId'>)[], now: Date, r: Rng): Omit<ClientStageChangeRow, 'id'>[] {
  const rows: Omit<ClientStageChangeRow, 'id'>[] = [];
  for (const c of clients) {
    const path: FunnelStage[] = c.stage === 'lost' ? [...FORWARD.slice(0, 1 + r.int(4)), 'lost'] : FORWARD.slice(0, FORWARD.indexOf(c.stage) + 1);
    const created = c.createdAt.getTime();
    // Old clients mostly moved lately (worked again from the base); some moved soon after they came.
    const start = created < now.getTime() - RECENT_DAYS * DAY && r.next() < 0.75 ? now.getTime() - RECENT_DAYS * DAY : created;
    // The last move anywhere from `start` to now; the ones before it 2–16 days apart, never before creation.
    const times: number[] = [];
    let at = start + r.next() * Math.max(0, now.getTime() - start);
    for (let i = path.length - 1; i >= 1; i--) {
      times.unshift(Math.max(at, created + i * 60_000));
      at -= (2 + r.next() * 14) * DAY;
    }
    rows.push({ clientId: c.id, fromStage: null, toStage: 'lead', changedAt: c.createdAt, changedById: c.ownerId, callId: null });
    for (let i = 1; i < path.length; i++) rows.push({ clientId: c.id, fromStage: path[i - 1]!, toStage: path[i]!, changedAt: new Date(times[i - 1]!), changedById: c.ownerId, callId: null });
  }
  return rows;
}
