import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getKpiHistory } from '../api/wallboard.api';
import { wallboardKeys } from './wallboard-keys';

/** The KPIs of a past period [from, to); nothing is asked while the period is not valid. */
export function useKpiHistory(range: { from: string; to: string } | null) {
  return useQuery({
    queryKey: wallboardKeys.history(range?.from ?? '', range?.to ?? ''),
    queryFn: ({ signal }) => getKpiHistory(range!.from, range!.to, signal),
    enabled: range !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
