import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createSegment, deleteSegment, listSegments, updateSegment, type SegmentInput } from '../api/segments.api';

const root = ['segments'] as const;

/**
 * Every saved segment with its live count, by name. Counts move as clients change: read again when the
 * window regains focus and at most a minute apart while a screen shows them.
 */
export function useSegments() {
  return useQuery({ queryKey: root, queryFn: ({ signal }) => listSegments(signal), select: (page) => page.items, staleTime: 10_000, refetchInterval: 60_000 });
}

function useChanged() {
  const queryClient = useQueryClient();
  return { onSettled: () => queryClient.invalidateQueries({ queryKey: root }) };
}

export function useCreateSegment() {
  return useMutation({ mutationFn: (input: SegmentInput) => createSegment(input), ...useChanged() });
}

export function useUpdateSegment() {
  return useMutation({ mutationFn: ({ id, ...patch }: { id: number } & Partial<SegmentInput>) => updateSegment(id, patch), ...useChanged() });
}

export function useDeleteSegment() {
  return useMutation({ mutationFn: (id: number) => deleteSegment(id), ...useChanged() });
}
