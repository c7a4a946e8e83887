import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getContactsReport, getContactsTop, getSourceSpend, getSourcesReport, getTailsReport, putSourceSpend, reportQuery } from '../api/reports.api';
import type { ReportFilters } from '../api/reports.types';

export const reportsKey = ['reports'] as const;

export const useContactsReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'contacts', reportQuery('contacts', f)], queryFn: ({ signal }) => getContactsReport(f, signal), placeholderData: keepPreviousData });
export const useContactsTop = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'contacts-top', reportQuery('contacts', f)], queryFn: ({ signal }) => getContactsTop(f, signal), placeholderData: keepPreviousData });
export const useSourcesReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'sources', reportQuery('sources', f)], queryFn: ({ signal }) => getSourcesReport(f, signal), placeholderData: keepPreviousData });
export const useTailsReport = (f: ReportFilters) =>
  useQuery({ queryKey: [...reportsKey, 'tails', reportQuery('tails', f)], queryFn: ({ signal }) => getTailsReport(f, signal), placeholderData: keepPreviousData });

const spendKey = ['settings', 'source-spend'] as const;

/** One month's spend per source, and the sources known (managers and up). */
export const useSourceSpend = (month: string) => useQuery({ queryKey: [...spendKey, month], queryFn: ({ signal }) => getSourceSpend({ from: month, to: month }, signal) });

/** Saves spend entries; the sources report is read again afterwards. */
export function useSaveSourceSpend() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: putSourceSpend,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: spendKey });
      await client.invalidateQueries({ queryKey: [...reportsKey, 'sources'] });
    },
  });
}
