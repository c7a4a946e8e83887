import { apiRequest } from '../../../app/api-client';
import { reportQuery } from './reports.api';
import type { ReportFilters } from './reports.types';

/** GET /api/reports/funnel's answer (server/modules/reports/funnel.report.ts). */
export type FunnelStage = 'lead' | 'contacted' | 'qualified' | 'proposal' | 'customer' | 'lost';
export const FUNNEL_STAGES: readonly FunnelStage[] = ['lead', 'contacted', 'qualified', 'proposal', 'customer', 'lost'];
export type FunnelStageRow = { stage: FunnelStage; clients: number; entered: number; left: number; zombies: number };
export type FunnelMove = { from: FunnelStage | null; to: FunnelStage; count: number };
export type FunnelWeek = { week: string; from: string; to: string; newClients: number; won: number; lost: number };
export type FunnelZombie = { clientId: number; name: string; stage: FunnelStage; ownerId: number | null; ownerName: string | null; lastContactAt: string | null; createdAt: string };
export type FunnelForecastRow = { stage: FunnelStage; left: number; toNext: number; toCustomer: number; toNextRate: number | null; toCustomerRate: number | null; open: number; expectedCustomers: number };
export type FunnelReport = {
  from: string;
  to: string;
  range: { from: string; to: string };
  zombieDays: number;
  stages: FunnelStageRow[];
  total: { clients: number; entered: number; left: number; zombies: number };
  moves: FunnelMove[];
  weeks: FunnelWeek[];
  zombies: FunnelZombie[];
  forecast: { windowDays: number; stages: FunnelForecastRow[]; expectedCustomers: number };
};

/** The zombies' quiet days when the address does not say. */
export const DEFAULT_ZOMBIE_DAYS = 14;

/** The funnel's own parameter beside the common filters (only when not the default). */
export const funnelExtra = (zombieDays: number) => (zombieDays === DEFAULT_ZOMBIE_DAYS ? {} : { zombieDays });

export const getFunnelReport = (f: ReportFilters, zombieDays: number, signal?: AbortSignal) =>
  apiRequest<FunnelReport>('/reports/funnel', { query: { ...reportQuery('funnel', f), ...funnelExtra(zombieDays) }, signal });
