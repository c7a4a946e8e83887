import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Query } from '../../../app/api-client';
import { getAbcMatrix, getAbcMovement, getAbcSettings, getAbcSummary, putAbcSettings } from '../api/abc.api';

const abcKey = ['abc'] as const;

export const useAbcSettings = () => useQuery({ queryKey: [...abcKey, 'settings'], queryFn: ({ signal }) => getAbcSettings(signal) });
export const useAbcSummary = () => useQuery({ queryKey: [...abcKey, 'summary'], queryFn: ({ signal }) => getAbcSummary(signal) });
export const useAbcMatrix = () => useQuery({ queryKey: [...abcKey, 'matrix'], queryFn: ({ signal }) => getAbcMatrix(signal) });
export const useAbcMovement = (query: Query) =>
  useQuery({ queryKey: [...abcKey, 'movement', query], queryFn: ({ signal }) => getAbcMovement(query, signal), placeholderData: keepPreviousData });

/** Saves the settings; the server recomputes the classes before it answers, so every A/B/C figure and the client lists are read again. */
export function useSaveAbcSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: putAbcSettings,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: abcKey });
      await client.invalidateQueries({ queryKey: ['clients'] });
    },
  });
}
