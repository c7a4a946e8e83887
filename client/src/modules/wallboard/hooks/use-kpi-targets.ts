import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getKpiTargets, putKpiTargets } from '../api/wallboard.api';
import type { KpiTargets } from '../api/wallboard.types';
import { wallboardKeys } from './wallboard-keys';

/** Nothing coloured while the targets are unknown (loading, or the server could not say). */
const NONE: KpiTargets = {};

/**
 * The managers' targets, shared by every screen (`GET /api/kpis/targets`). Nobody is told when they
 * change: the board reads them again every five minutes and after a reconnect.
 */
export function useKpiTargets() {
  const query = useQuery({
    queryKey: wallboardKeys.targets,
    queryFn: ({ signal }) => getKpiTargets(signal),
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
  return { targets: query.data ?? NONE, query };
}

/** Saves the targets (managers and up); the board shows the saved ones at once. */
export function useSaveKpiTargets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: putKpiTargets,
    onSuccess: (saved) => queryClient.setQueryData(wallboardKeys.targets, saved),
  });
}
