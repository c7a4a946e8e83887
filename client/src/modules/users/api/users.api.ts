import { apiRequest, type Page } from '../../../app/api-client';
import type { DirectoryEntry, User, UserPatch } from './user.types';

/** Names, roles and extensions of everyone: open to every signed-in user. */
export const listDirectory = (signal?: AbortSignal) => apiRequest<Page<DirectoryEntry>>('/users/directory', { signal });

export const updateUser = (id: number, patch: UserPatch) => apiRequest<User>(`/users/${id}`, { method: 'PATCH', body: patch });
