import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clientDuplicates, listDuplicates, mergeClients, mergePreview, type DuplicateReason } from '../api/duplicates.api';

export const duplicateKeys = {
  all: ['duplicates'] as const,
  list: (query: { reason?: DuplicateReason; limit: number; offset: number }) => ['duplicates', 'list', query] as const,
  ofClient: (id: number) => ['duplicates', 'client', id] as const,
  preview: (survivorId: number, duplicateId: number) => ['duplicates', 'preview', survivorId, duplicateId] as const,
};

export function useDuplicateGroups(query: { reason?: DuplicateReason; limit: number; offset: number }) {
  return useQuery({ queryKey: duplicateKeys.list(query), queryFn: ({ signal }) => listDuplicates(query, signal), placeholderData: keepPreviousData });
}

export function useClientDuplicates(clientId: number) {
  return useQuery({ queryKey: duplicateKeys.ofClient(clientId), queryFn: ({ signal }) => clientDuplicates(clientId, signal) });
}

export function useMergePreview(survivorId: number, duplicateId: number) {
  return useQuery({ queryKey: duplicateKeys.preview(survivorId, duplicateId), queryFn: ({ signal }) => mergePreview(survivorId, duplicateId, signal), staleTime: 0 });
}

/** A merge changes both clients, their calls, deals, notes, callbacks and every list they are in: all is read again. */
export function useMergeClients() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ survivorId, duplicateId }: { survivorId: number; duplicateId: number }) => mergeClients(survivorId, duplicateId),
    // Not awaited: the caller's own onSuccess runs at once, before the refetched lists unmount the dialog.
    onSuccess: () => void queryClient.invalidateQueries(),
  });
}
