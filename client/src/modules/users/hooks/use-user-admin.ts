import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sessionKey } from '../../auth/hooks/use-session';
import { changeUser, createUser, listUsers } from '../api/users.api';
import type { NewUser, UserAdminPatch, UserListQuery } from '../api/user.types';
import { usersKey } from './use-users';

/** Under the directory's key, so a change to anyone refreshes both the admin list and every name shown. */
const adminListKey = (query: UserListQuery) => [...usersKey, 'admin', query] as const;

/** Users with logins and status, filtered on the server (role, team, active). */
export function useUserList(query: UserListQuery) {
  return useQuery({
    queryKey: adminListKey(query),
    queryFn: ({ signal }) => listUsers(query, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUser) => createUser(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export type ChangeUserVars = { id: number; patch: UserAdminPatch };

/** Any change a manager or an admin makes to a user, including deactivation and a new password. */
export function useChangeUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: ChangeUserVars) => changeUser(id, patch),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: usersKey });
      // The signed-in user's own name or language may have changed.
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });
}
