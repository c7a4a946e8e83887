import { apiRequest, type Page } from '../../../app/api-client';
import type { CampaignProgress, CampaignView, NextEntry } from '../../../../../server/modules/campaigns/campaigns.service';

/** A campaign as the API shows it, with its progress (shared with the server, type-only). */
export type Campaign = CampaignView;
export type { CampaignProgress, NextEntry };
export type CampaignStatus = Campaign['status'];
export const CAMPAIGN_PRIORITIES = ['none', 'class', 'potential'] as const;
export type CampaignPriority = (typeof CAMPAIGN_PRIORITIES)[number];

/** What the new-campaign dialog sends (the server fills in the retry ladder and the final codes). */
export type CampaignInput = {
  name: string;
  /** The client list's query parameters, e.g. { tag: 'vip', class: 'A,B' }. */
  filter: Record<string, string>;
  callingHours: { from: string; to: string };
  days: number[];
  maxAttempts: number;
  priority: CampaignPriority;
  script: string | null;
  startsOn: string | null;
  endsOn: string | null;
};
export type CampaignResultInput = { disposition: string; callbackAt?: string; note?: string };

export const listCampaigns = (signal?: AbortSignal) => apiRequest<Page<Campaign>>('/campaigns', { signal });
export const getCampaign = (id: number, signal?: AbortSignal) => apiRequest<Campaign>(`/campaigns/${id}`, { signal });
export const createCampaign = (input: CampaignInput) => apiRequest<Campaign>('/campaigns', { method: 'POST', body: input });
export const setCampaignStatus = (id: number, verb: 'start' | 'pause' | 'stop') => apiRequest<Campaign>(`/campaigns/${id}/${verb}`, { method: 'POST' });
/** The operator's next client, or undefined (204) when nobody can be called now. */
export const nextEntry = (id: number) => apiRequest<NextEntry | undefined>(`/campaigns/${id}/next`, { method: 'POST' });
export const recordResult = (id: number, entryId: number, input: CampaignResultInput) =>
  apiRequest<{ state: string; nextAt: string | null }>(`/campaigns/${id}/entries/${entryId}/result`, { method: 'POST', body: input });
export const skipEntry = (id: number, entryId: number, reason: string) => apiRequest<void>(`/campaigns/${id}/entries/${entryId}/skip`, { method: 'POST', body: { reason } });
