import { apiRequest, type Page } from '../../../app/api-client';

export type Team = { id: number; name: string; supervisorId: number | null };

/** Every team, by name: open to every signed-in user. */
export const listTeams = (signal?: AbortSignal) => apiRequest<Page<Team>>('/teams', { signal });
