import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getContactLengthReport, getOutcomesReport } from '../api/length-outcomes.api';
import { reportQuery } from '../api/reports.api';
import type { ReportFilters } from '../api/reports.types';
import { reportsKey } from './use-reports';

export const useContactLengthReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'length', reportQuery('length', f)], queryFn: ({ signal }) => getContactLengthReport(f, signal), placeholderData: keepPreviousData });
export const useOutcomesReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'outcomes', reportQuery('outcomes', f)], queryFn: ({ signal }) => getOutcomesReport(f, signal), placeholderData: keepPreviousData });
