import { apiRequest } from '../../../app/api-client';
import type { FloorSnapshot, KpiHistory, KpiIntervals, KpiSnapshot, KpiTargets, KpiWindow } from './wallboard.types';

/** The floor as it is now (supervisors and up); live events keep it current afterwards. */
export const getFloor = (signal?: AbortSignal) => apiRequest<FloorSnapshot>('/floor', { signal });

/** Live KPIs for one window (supervisors and up). */
export const getKpis = (window: KpiWindow, signal?: AbortSignal) => apiRequest<KpiSnapshot>('/kpis', { query: { window }, signal });

/** The floor's last `minutes` in clock-aligned intervals of `bucket` minutes, oldest first (supervisors and up). */
export const getKpiIntervals = (minutes: number, bucket: number, signal?: AbortSignal) => apiRequest<KpiIntervals>('/kpis/intervals', { query: { minutes, bucket }, signal });

/** The same KPIs for a past range [from, to), at most a year (supervisors and up). */
export const getKpiHistory = (from: string, to: string, signal?: AbortSignal) => apiRequest<KpiHistory>('/kpis/history', { query: { from, to }, signal });

/** The managers' targets (supervisors and up read them). */
export const getKpiTargets = (signal?: AbortSignal) => apiRequest<KpiTargets>('/kpis/targets', { signal });

/** Replaces the targets as a whole (managers and up); a field left out means no target. */
export const putKpiTargets = (targets: KpiTargets) => apiRequest<KpiTargets>('/kpis/targets', { method: 'PUT', body: targets });
