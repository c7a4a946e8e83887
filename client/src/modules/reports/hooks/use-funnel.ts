import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { DEFAULT_ZOMBIE_DAYS, getFunnelReport } from '../api/funnel.api';
import { reportQuery } from '../api/reports.api';
import type { ReportFilters } from '../api/reports.types';
import { reportsKey } from './use-reports';

export const useFunnelReport = (f: ReportFilters, zombieDays: number) =>
  useQuery({ queryKey: [...reportsKey, 'funnel', reportQuery('funnel', f), zombieDays], queryFn: ({ signal }) => getFunnelReport(f, zombieDays, signal), placeholderData: keepPreviousData });

/** The zombies' quiet days, kept in the address (`zombieDays`) beside the report's other filters. */
export function useZombieDays(): [number, (days: number) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('zombieDays'));
  const days = params.get('zombieDays') !== null && Number.isInteger(raw) && raw >= 1 && raw <= 365 ? raw : DEFAULT_ZOMBIE_DAYS;
  const set = useCallback(
    (next: number) =>
      setParams((p) => {
        const q = new URLSearchParams(p);
        if (next === DEFAULT_ZOMBIE_DAYS) q.delete('zombieDays');
        else q.set('zombieDays', String(next));
        return q;
      }),
    [setParams],
  );
  return [days, set];
}
