import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '../../users/api/user.types';
import { fetchCurrentUser, login, logout, type Credentials } from '../api/auth.api';

export const sessionKey = ['session'] as const;

/** The signed-in user: `data` is null when signed out, undefined while the first check runs. */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: ({ signal }) => fetchCurrentUser(signal),
    staleTime: Infinity,
    retry: false,
  });
}

/** The signed-in user inside the signed-in area (the route guard guarantees one). */
export function useCurrentUser(): User {
  const { data } = useSession();
  if (!data) throw new Error('useCurrentUser is used outside the signed-in area');
  return data;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => login(credentials),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(sessionKey, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Whatever the server says, this browser forgets the session and every cached page of data.
    onSettled: () => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, null);
    },
  });
}
