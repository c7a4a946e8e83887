import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRecordingSettings, putRecordingSettings } from '../api/recordings.api';

const key = ['settings', 'recordings'] as const;

export const useRecordingSettings = () => useQuery({ queryKey: key, queryFn: ({ signal }) => getRecordingSettings(signal) });

export function useSaveRecordingSettings() {
  const client = useQueryClient();
  return useMutation({ mutationFn: putRecordingSettings, onSuccess: (saved) => client.setQueryData(key, saved) });
}
