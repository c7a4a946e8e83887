import { apiRequest } from '../../../app/api-client';

/** What the server tells before sign-in: whether this is a demo (published passwords, invented calls). */
export type ServerMeta = { demo: boolean };

export const fetchMeta = () => apiRequest<ServerMeta>('/meta');
