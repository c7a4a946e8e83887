import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listDirectory } from '../api/users.api';
import type { DirectoryEntry } from '../api/user.types';

export const usersKey = ['users'] as const;

/** Every colleague's name, role and extension (the directory is open to all roles). */
export function useUsers() {
  const query = useQuery({
    queryKey: usersKey,
    queryFn: ({ signal }) => listDirectory(signal),
    staleTime: 5 * 60_000,
  });
  const users = useMemo<DirectoryEntry[]>(() => query.data?.items ?? [], [query.data]);
  return { users, isLoading: query.isLoading };
}

/** A function from a user id to a display name, falling back to "User #id" when the name is not visible. */
export function useUserName(): (id: number | null) => string {
  const { t } = useTranslation();
  const { users } = useUsers();
  const byId = useMemo(() => new Map(users.map((u) => [u.id, u.name])), [users]);
  return useCallback((id: number | null) => (id === null ? t('common.empty') : (byId.get(id) ?? t('common.userNumber', { id }))), [byId, t]);
}
