import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { sessionKey } from '../modules/auth/hooks/use-session';
import { isApiError } from './api-client';

/**
 * One QueryClient for the app. A 401 from any call means the session is gone (expired, revoked,
 * signed out elsewhere): the session query becomes null and the route guard shows the sign-in page.
 * Client errors (4xx) are not retried; they will not get better by asking again.
 */
export function createQueryClient(): QueryClient {
  const onError = (err: unknown) => {
    if (isApiError(err) && err.status === 401 && queryClient.getQueryData(sessionKey)) {
      queryClient.setQueryData(sessionKey, null);
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && failures < 2,
      },
    },
  });
  return queryClient;
}
