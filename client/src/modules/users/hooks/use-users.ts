import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole } from '../../auth/roles';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { listUsers } from '../api/users.api';
import type { User } from '../api/user.types';

export const usersKey = ['users'] as const;

/**
 * All users, for supervisors and above (the API refuses operators): operators get an empty list
 * and see names only for themselves.
 */
export function useUsers() {
  const me = useCurrentUser();
  const allowed = hasRole(me.role, 'supervisor');
  const query = useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => listUsers(signal),
    enabled: allowed,
    staleTime: 5 * 60_000,
  });
  const users = useMemo<User[]>(() => (allowed ? (query.data?.items ?? []) : [me]), [allowed, query.data, me]);
  return { users, isLoading: allowed && query.isLoading };
}

/** A function from a user id to a display name, falling back to "User #id" when the name is not visible. */
export function useUserName(): (id: number | null) => string {
  const { t } = useTranslation();
  const { users } = useUsers();
  const byId = useMemo(() => new Map(users.map((u) => [u.id, u.name])), [users]);
  return useCallback((id: number | null) => (id === null ? t('common.empty') : (byId.get(id) ?? t('common.userNumber', { id }))), [byId, t]);
}
