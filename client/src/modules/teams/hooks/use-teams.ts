import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { listTeams, type Team } from '../api/teams.api';

export const teamsKey = ['teams'] as const;

/** The teams, by name, and a function from a team id to its name ("#id" while unknown). */
export function useTeams() {
  const query = useQuery({
    queryKey: teamsKey,
    queryFn: ({ signal }) => listTeams(signal),
    staleTime: 5 * 60_000,
  });
  const teams = useMemo<Team[]>(() => query.data?.items ?? [], [query.data]);
  const byId = useMemo(() => new Map(teams.map((t) => [t.id, t])), [teams]);
  const teamName = useCallback((id: number) => byId.get(id)?.name ?? `#${id}`, [byId]);
  return { teams, teamName, isLoading: query.isLoading };
}
