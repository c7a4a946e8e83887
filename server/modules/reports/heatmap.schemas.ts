import type { z } from 'zod';
import { id, periodQuery } from './reports.schemas';

/** GET /api/reports/heatmap: the period (local dates, both included), a team or an operator, the format. */
export const heatmapQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });

export type HeatmapQuery = z.infer<typeof heatmapQuery>;
