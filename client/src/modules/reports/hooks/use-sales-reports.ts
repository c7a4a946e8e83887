import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { reportQuery } from '../api/reports.api';
import type { ReportFilters } from '../api/reports.types';
import { getRepeatPurchasesReport, getSalesReport } from '../api/sales.api';
import { reportsKey } from './use-reports';

export const useSalesReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'sales', reportQuery('sales', f)], queryFn: ({ signal }) => getSalesReport(f, signal), placeholderData: keepPreviousData });
export const useRepeatPurchasesReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'repeat', reportQuery('repeat', f)], queryFn: ({ signal }) => getRepeatPurchasesReport(f, signal), placeholderData: keepPreviousData });
