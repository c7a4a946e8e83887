import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { addNote, listNotes } from '../api/notes.api';

const notesKey = (clientId: number) => ['notes', clientId] as const;

export function useNotes(clientId: number) {
  return useQuery({ queryKey: notesKey(clientId), queryFn: ({ signal }) => listNotes(clientId, signal) });
}

export function useAddNote(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => addNote(clientId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notesKey(clientId) }),
  });
}
