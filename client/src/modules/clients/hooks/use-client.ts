import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createClient, getClient, updateClient } from '../api/clients.api';
import type { ClientInput, ClientPatch } from '../api/client.types';
import { clientKeys } from './client-keys';

export function useClient(id: number) {
  return useQuery({
    queryKey: clientKeys.detail(id),
    queryFn: ({ signal }) => getClient(id, signal),
  });
}

export function useCreateClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ClientInput) => createClient(input),
    onSuccess: (client) => {
      queryClient.setQueryData(clientKeys.detail(client.id), client);
      void queryClient.invalidateQueries({ queryKey: [...clientKeys.all, 'list'] });
    },
  });
}

export function useUpdateClient(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: ClientPatch) => updateClient(id, patch),
    onSuccess: (client) => {
      queryClient.setQueryData(clientKeys.detail(id), client);
      void queryClient.invalidateQueries({ queryKey: [...clientKeys.all, 'list'] });
    },
  });
}
