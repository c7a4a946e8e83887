import { apiRequest, type Page } from '../../../app/api-client';
import type { DirectoryEntry, NewUser, User, UserAdminPatch, UserListQuery, UserPatch } from './user.types';

/** Names, roles and extensions of everyone: open to every signed-in user. */
export const listDirectory = (signal?: AbortSignal) => apiRequest<Page<DirectoryEntry>>('/users/directory', { signal });

export const updateUser = (id: number, patch: UserPatch) => apiRequest<User>(`/users/${id}`, { method: 'PATCH', body: patch });

/** Every user with login and status (supervisors and above), filtered on the server by role, team and status. */
export const listUsers = (query: UserListQuery, signal?: AbortSignal) => apiRequest<Page<User>>('/users', { query, signal });

export const createUser = (input: NewUser) => apiRequest<User>('/users', { method: 'POST', body: input });

/** A manager's or an admin's change to someone else: role, team, extension, status, a new password. */
export const changeUser = (id: number, patch: UserAdminPatch) => apiRequest<User>(`/users/${id}`, { method: 'PATCH', body: patch });
