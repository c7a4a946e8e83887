import type { ServerToClientEvents } from '../../../app/realtime/realtime.types';
import type { AgentState, DirectoryEntry } from '../../users/api/user.types';
import type { KpiTargets } from '../../../../../server/modules/kpis/kpi-targets.service';
import type { KpiInterval, KpiIntervals } from '../../../../../server/modules/kpis/kpi.service';
import type { LiveCall } from '../../../../../server/realtime/realtime.events';

/** What `kpi:update` carries: per window, the floor and the teams and operators a call just changed. */
export type KpiUpdate = Parameters<ServerToClientEvents['kpi:update']>[0];
/** `GET /api/kpis?window=…`: the floor, every team and every operator for one window. */
export type KpiSnapshot = KpiUpdate['windows']['today'];
export type KpiWindow = KpiSnapshot['window'];
/** One entity's figures (rates 0..1, times in seconds; null when there is nothing to divide by). */
export type Kpis = KpiSnapshot['floor'];
export type TeamKpis = KpiSnapshot['teams'][number];
export type OperatorKpis = KpiSnapshot['operators'][number];

export const KPI_WINDOWS = ['today', '15m', '60m'] as const satisfies readonly KpiWindow[];

/** `GET /api/kpis/history`: the floor and the operators who worked in [from, to); no teams, no names. */
export type KpiHistory = { from: string; to: string; floor: Kpis; operators: (Kpis & { id: number })[] };

export type { LiveCall };

/** `GET /api/kpis/intervals`: the floor's last hour in clock-aligned intervals (calls by how they ended). */
export type { KpiInterval, KpiIntervals };

/** An operator as `GET /api/floor` lists them: the directory entry and the live state. */
export type FloorAgent = DirectoryEntry & { state: AgentState; stateSince: string };

/** `GET /api/floor`: every active operator's state and the calls in progress, queue waits included. */
export type FloorSnapshot = { agents: FloorAgent[]; calls: LiveCall[] };

/**
 * `GET/PUT /api/kpis/targets`: the managers' targets the board colours against, one setting for every
 * screen. Every field is optional; absent or null means "no target".
 */
export type { KpiTargets };
