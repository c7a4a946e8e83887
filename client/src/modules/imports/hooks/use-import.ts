import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getImport, startImportStep, uploadImport } from '../api/imports.api';
import type { DuplicatePolicy, ImportState, Mapping } from '../api/imports.types';

const key = (id: number) => ['imports', id] as const;
const busy = (s: ImportState | undefined) => s?.status === 'checking' || s?.status === 'running';

/** One import, polled every second while its dry run or commit runs (a reload picks it up from the address). */
export function useImport(id: number | null) {
  return useQuery({
    queryKey: key(id ?? 0),
    queryFn: ({ signal }) => getImport(id!, signal),
    enabled: id !== null,
    refetchInterval: (q) => (busy(q.state.data) ? 1000 : false),
  });
}

export function useUploadImport() {
  return useMutation({ mutationFn: uploadImport });
}

export function useImportStep(id: number | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { step: 'dry-run' | 'commit'; mapping: Mapping; duplicates: DuplicatePolicy }) => startImportStep(id!, v.step, { mapping: v.mapping, duplicates: v.duplicates }),
    onSuccess: (state) => qc.setQueryData(key(state.id), state),
  });
}
