import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createTeam, updateTeam, type TeamInput } from '../api/teams.api';
import { teamsKey } from './use-teams';

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TeamInput) => createTeam(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  });
}

export type UpdateTeamVars = { id: number; patch: Partial<TeamInput> };

export function useUpdateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: UpdateTeamVars) => updateTeam(id, patch),
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  });
}
