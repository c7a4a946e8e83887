import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clientKeys } from '../../clients/hooks/client-keys';
import { addDeal, confirmDeal, listDeals, type DealInput } from '../api/deals.api';

const dealsKey = (clientId: number) => ['deals', clientId] as const;

export function useDeals(clientId: number) {
  return useQuery({ queryKey: dealsKey(clientId), queryFn: ({ signal }) => listDeals(clientId, signal) });
}

/** A supervisor confirms a pending deal: revenue and, a little later, the classes follow. */
export function useConfirmDeal(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (dealId: number) => confirmDeal(clientId, dealId),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: dealsKey(clientId) });
      void queryClient.invalidateQueries({ queryKey: clientKeys.all });
    },
  });
}

/** Adds a deal; the client's revenue (and, a little later, its class) change with it (a pending one: once confirmed). */
export function useAddDeal(clientId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DealInput) => addDeal(clientId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: dealsKey(clientId) });
      void queryClient.invalidateQueries({ queryKey: clientKeys.all });
    },
  });
}
