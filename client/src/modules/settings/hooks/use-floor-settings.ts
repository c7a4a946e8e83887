import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getFloorSettings, putFloorSettings } from '../api/floor.api';

const key = ['settings', 'floor'] as const;

export const useFloorSettings = () => useQuery({ queryKey: key, queryFn: ({ signal }) => getFloorSettings(signal) });

export function useSaveFloorSettings() {
  const client = useQueryClient();
  return useMutation({ mutationFn: putFloorSettings, onSuccess: (saved) => client.setQueryData(key, saved) });
}
