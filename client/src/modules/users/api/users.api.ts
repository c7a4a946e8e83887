import { apiRequest, type Page } from '../../../app/api-client';
import type { User, UserPatch } from './user.types';

/** Every user (supervisors and above only). */
export const listUsers = (signal?: AbortSignal) => apiRequest<Page<User>>('/users', { signal });

export const updateUser = (id: number, patch: UserPatch) => apiRequest<User>(`/users/${id}`, { method: 'PATCH', body: patch });
