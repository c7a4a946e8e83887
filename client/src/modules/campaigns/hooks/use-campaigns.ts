import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  callEntry,
  createCampaign,
  getCampaign,
  getCampaignStats,
  listCampaigns,
  nextEntry,
  recordResult,
  setCampaignStatus,
  skipEntry,
  updateCampaign,
  type CampaignInput,
  type CampaignResultInput,
  type CampaignSettings,
} from '../api/campaigns.api';

export const campaignKeys = { all: ['campaigns'] as const, list: ['campaigns', 'list'] as const, one: (id: number) => ['campaigns', 'one', id] as const, stats: (id: number) => ['campaigns', 'stats', id] as const };

/** How often progress is read again while it is on screen. */
const LIVE_MS = 5_000;

export function useCampaigns() {
  return useQuery({ queryKey: campaignKeys.list, queryFn: ({ signal }) => listCampaigns(signal), refetchInterval: LIVE_MS });
}

export function useCampaign(id: number) {
  return useQuery({ queryKey: campaignKeys.one(id), queryFn: ({ signal }) => getCampaign(id, signal), refetchInterval: LIVE_MS });
}

/** The operators' parts and the results' distribution, read again like the progress. */
export function useCampaignStats(id: number) {
  return useQuery({ queryKey: campaignKeys.stats(id), queryFn: ({ signal }) => getCampaignStats(id, signal), refetchInterval: LIVE_MS });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: campaignKeys.all });
}

export function useCreateCampaign() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (input: CampaignInput) => createCampaign(input), onSettled: refresh });
}

export function useUpdateCampaign(id: number) {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (patch: Partial<CampaignSettings>) => updateCampaign(id, patch), onSettled: refresh });
}

export type CampaignVerb = 'start' | 'pause' | 'stop';

export function useSetCampaignStatus() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: ({ id, verb }: { id: number; verb: CampaignVerb }) => setCampaignStatus(id, verb), onSettled: refresh });
}

export function useNextEntry(id: number) {
  return useMutation({ mutationFn: () => nextEntry(id) });
}

/** After a result or a skip the campaign's progress is read again at once. */
function useRefreshOne(id: number) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: campaignKeys.one(id) });
}

export function useRecordResult(id: number) {
  const refresh = useRefreshOne(id);
  return useMutation({ mutationFn: ({ entryId, input }: { entryId: number; input: CampaignResultInput }) => recordResult(id, entryId, input), onSettled: refresh });
}

export function useSkipEntry(id: number) {
  const refresh = useRefreshOne(id);
  return useMutation({ mutationFn: ({ entryId, reason }: { entryId: number; reason: string }) => skipEntry(id, entryId, reason), onSettled: refresh });
}

/** "Call" for the held client (through the campaign, so the call is counted as its attempt). */
export function useCallEntry(id: number) {
  return useMutation({ mutationFn: (entryId: number) => callEntry(id, entryId) });
}
