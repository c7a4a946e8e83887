import { apiRequest, isApiError } from '../../../app/api-client';
import type { User } from '../../users/api/user.types';

export type Credentials = { login: string; password: string };
export type LoginResponse = { token: string; expiresAt: string; user: User };

/** Signs in; the server sets the httpOnly session cookie the browser sends from then on. */
export const login = (credentials: Credentials) => apiRequest<LoginResponse>('/auth/login', { method: 'POST', body: credentials });

export const logout = () => apiRequest<void>('/auth/logout', { method: 'POST' });

/** The signed-in user, or null without a valid session. */
export async function fetchCurrentUser(signal?: AbortSignal): Promise<User | null> {
  try {
    return (await apiRequest<{ user: User }>('/auth/me', { signal })).user;
  } catch (err) {
    if (isApiError(err) && err.status === 401) return null;
    throw err;
  }
}
