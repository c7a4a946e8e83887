import { apiRequest } from '../../../app/api-client';
import { reportQuery } from './reports.api';
import type { ReportFilters } from './reports.types';

/** GET /api/reports/heatmap's answer (server/modules/reports/heatmap.report.ts). */
export type HeatmapFigures = { offered: number; answered: number; abandoned: number; avgWaitSeconds: number | null };
/** weekday: ISO, 1 = Monday … 7 = Sunday; hour 0..23 in the floor's time zone. */
export type HeatmapCell = HeatmapFigures & { weekday: number; hour: number };
export type HeatmapReport = {
  from: string;
  to: string;
  timeZone: string;
  range: { from: string; to: string };
  cells: HeatmapCell[];
  weekdays: (HeatmapFigures & { weekday: number; days: number })[];
  hours: (HeatmapFigures & { hour: number })[];
  total: HeatmapFigures;
};
export type HeatmapMetric = 'offered' | 'answered' | 'abandoned';
export const HEATMAP_METRICS: readonly HeatmapMetric[] = ['offered', 'answered', 'abandoned'];

export const getHeatmapReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<HeatmapReport>('/reports/heatmap', { query: reportQuery('heatmap', f), signal });
