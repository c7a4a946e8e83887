import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../app/api-client';
import { dispositionKeys } from '../../calls/hooks/use-dispositions';
import { createDisposition, listAllDispositions, reorderDispositions, updateDisposition, type Disposition, type DispositionInput, type DispositionPatch } from '../api/dispositions.api';

const allKey = [...dispositionKeys.all, 'all'] as const;

/** Every result code, retired included, in order (the manager's editor). */
export function useAllDispositions() {
  return useQuery({ queryKey: allKey, queryFn: ({ signal }) => listAllDispositions(signal) });
}

/** After any change the wrap-up's list, the names and the editor are read again. */
function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: dispositionKeys.all });
}

export function useCreateDisposition() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (input: DispositionInput) => createDisposition(input), onSettled: refresh });
}

export type UpdateDispositionVars = { code: string; patch: DispositionPatch };

export function useUpdateDisposition() {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ code, patch }: UpdateDispositionVars) => updateDisposition(code, patch),
    onSuccess: (saved) => queryClient.setQueryData<Page<Disposition>>(allKey, (page) => page && { ...page, items: page.items.map((d) => (d.code === saved.code ? saved : d)) }),
    onSettled: refresh,
  });
}

export type MoveDispositionVars = { items: readonly Disposition[]; index: number; by: -1 | 1 };

/** Moves one code a place up or down: the whole new order is sent at once, and shown before the answer. */
export function useMoveDisposition() {
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ items, index, by }: MoveDispositionVars) => {
      const codes = items.map((d) => d.code);
      const [moved] = codes.splice(index, 1);
      codes.splice(index + by, 0, moved!);
      return reorderDispositions(codes);
    },
    onSuccess: (page) => queryClient.setQueryData<Page<Disposition>>(allKey, page),
    onSettled: refresh,
  });
}
