import { apiRequest, type Page } from '../../../app/api-client';

export type Team = { id: number; name: string; supervisorId: number | null };

/** Every team, by name: open to every signed-in user. */
export const listTeams = (signal?: AbortSignal) => apiRequest<Page<Team>>('/teams', { signal });

export type TeamInput = { name: string; supervisorId: number | null };

/** Creates a team (managers and admins). */
export const createTeam = (input: TeamInput) => apiRequest<Team>('/teams', { method: 'POST', body: input });

/** Renames a team or changes its supervisor (managers and admins). */
export const updateTeam = (id: number, patch: Partial<TeamInput>) => apiRequest<Team>(`/teams/${id}`, { method: 'PATCH', body: patch });
