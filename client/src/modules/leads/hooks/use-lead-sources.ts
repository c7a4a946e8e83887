import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../app/api-client';
import { createLeadSource, listLeadSources, rotateLeadSourceToken, updateLeadSource, type LeadSource, type LeadSourceInput } from '../api/leads.api';

const key = ['lead-sources'] as const;

export function useLeadSources() {
  return useQuery({ queryKey: key, queryFn: ({ signal }) => listLeadSources(signal) });
}

/** The saved source replaces its row at once; the list is read again after. */
function useSaved() {
  const queryClient = useQueryClient();
  return {
    onSuccess: (saved: LeadSource) =>
      queryClient.setQueryData<Page<LeadSource>>(key, (page) => page && { ...page, items: page.items.some((s) => s.id === saved.id) ? page.items.map((s) => (s.id === saved.id ? saved : s)) : [...page.items, saved] }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  };
}

export function useCreateLeadSource() {
  return useMutation({ mutationFn: (input: LeadSourceInput) => createLeadSource(input), ...useSaved() });
}

export function useUpdateLeadSource() {
  return useMutation({ mutationFn: ({ id, patch }: { id: number; patch: Partial<LeadSourceInput> }) => updateLeadSource(id, patch), ...useSaved() });
}

export function useRotateLeadSourceToken() {
  return useMutation({ mutationFn: (id: number) => rotateLeadSourceToken(id), ...useSaved() });
}
