import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { addDnc, checkDnc, importDnc, listDnc, removeDnc, type DncAddInput, type DncQuery } from '../api/dnc.api';

const root = ['dnc'] as const;

export function useDncList(query: DncQuery) {
  return useQuery({ queryKey: [...root, 'list', query], queryFn: ({ signal }) => listDnc(query, signal), placeholderData: keepPreviousData });
}

/** Whether any of `phones` is on the list (the first one that is, with its reason). */
export function useDncStatus(phones: readonly string[]) {
  const checks = useQueries({ queries: phones.map((phone) => ({ queryKey: [...root, 'check', phone], queryFn: ({ signal }: { signal: AbortSignal }) => checkDnc(phone, signal), staleTime: 60_000 })) });
  const hit = checks.find((c) => c.data?.blocked);
  return hit?.data ?? null;
}

/** Every change reads the list and the checks again. */
function useChanged() {
  const queryClient = useQueryClient();
  return { onSettled: () => queryClient.invalidateQueries({ queryKey: root }) };
}

export function useAddDnc() {
  return useMutation({ mutationFn: (input: DncAddInput) => addDnc(input), ...useChanged() });
}

export function useRemoveDnc() {
  return useMutation({ mutationFn: (id: number) => removeDnc(id), ...useChanged() });
}

export function useImportDnc() {
  return useMutation({ mutationFn: (file: File) => importDnc(file), ...useChanged() });
}
