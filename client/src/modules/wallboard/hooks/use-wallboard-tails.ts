import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../app/api-client';
import type { TailsReport } from '../../reports/api/reports.types';
import { wallboardKeys } from './wallboard-keys';

/** The floor's rule: a promise more than three days overdue is a tail. */
export const WALLBOARD_TAIL_DAYS = 3;

/** The tails report for the board (`GET /api/reports/tails?days=3`), read again every minute. */
export const useWallboardTails = () =>
  useQuery({
    queryKey: [...wallboardKeys.all, 'tails', WALLBOARD_TAIL_DAYS],
    queryFn: ({ signal }) => apiRequest<TailsReport>('/reports/tails', { query: { days: WALLBOARD_TAIL_DAYS }, signal }),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
