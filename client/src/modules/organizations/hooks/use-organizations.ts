import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clientKeys } from '../../clients/hooks/client-keys';
import { linkOrganization, listPeople, listUnlinked, searchOrganizations } from '../api/organizations.api';

export const UNLINKED_PAGE = 20;

export const organizationKeys = {
  unlinked: (page: number) => ['organizations', 'unlinked', page] as const,
  search: (q: string) => ['organizations', 'search', q] as const,
};

/** The people of an organization; under the clients' keys, so an edit of a person refreshes the list. */
export function usePeople(organizationId: number) {
  return useQuery({ queryKey: [...clientKeys.all, 'people', organizationId], queryFn: ({ signal }) => listPeople(organizationId, signal) });
}

export function useOrganizationSearch(q: string) {
  const term = q.trim();
  return useQuery({ queryKey: organizationKeys.search(term), queryFn: ({ signal }) => searchOrganizations(term, signal), enabled: term.length >= 2, staleTime: 30_000 });
}

export function useUnlinked(page: number, enabled = true) {
  return useQuery({ queryKey: organizationKeys.unlinked(page), queryFn: ({ signal }) => listUnlinked(UNLINKED_PAGE, (page - 1) * UNLINKED_PAGE, signal), placeholderData: keepPreviousData, enabled });
}

export function useLinkOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organization, organizationId }: { organization: string; organizationId?: number }) => linkOrganization(organization, organizationId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['organizations'] });
      void queryClient.invalidateQueries({ queryKey: clientKeys.all });
    },
  });
}
