import { apiRequest } from '../../../app/api-client';
import { reportQuery } from './reports.api';
import type { ReportFilters } from './reports.types';
import type { RepeatPurchasesReport, SalesReport } from './sales.types';

export const getSalesReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<SalesReport>('/reports/sales', { query: reportQuery('sales', f), signal });
export const getRepeatPurchasesReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<RepeatPurchasesReport>('/reports/repeat-purchases', { query: reportQuery('repeat', f), signal });
