import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getHeatmapReport } from '../api/heatmap.api';
import { reportQuery } from '../api/reports.api';
import type { ReportFilters } from '../api/reports.types';
import { reportsKey } from './use-reports';

export const useHeatmapReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'heatmap', reportQuery('heatmap', f)], queryFn: ({ signal }) => getHeatmapReport(f, signal), placeholderData: keepPreviousData });
