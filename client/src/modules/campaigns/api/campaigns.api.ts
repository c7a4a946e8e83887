import { apiRequest, type Page } from '../../../app/api-client';
import type { CampaignStats, OperatorProgress } from '../../../../../server/modules/campaigns/campaign-report.service';
import type { CampaignProgress, CampaignView, NextEntry } from '../../../../../server/modules/campaigns/campaigns.service';
import type { OriginateResult } from '../../calls/api/call.types';

/** A campaign as the API shows it, with its progress (shared with the server, type-only). */
export type Campaign = CampaignView;
export type { CampaignProgress, CampaignStats, NextEntry, OperatorProgress };
export type CampaignStatus = Campaign['status'];
export const CAMPAIGN_PRIORITIES = ['none', 'class', 'potential'] as const;
export type CampaignPriority = (typeof CAMPAIGN_PRIORITIES)[number];
/** preview: the operator presses Call; progressive: the screen dials a few seconds after Next brings a client. */
export const CAMPAIGN_MODES = ['preview', 'progressive'] as const;
export type CampaignMode = (typeof CAMPAIGN_MODES)[number];
export const isCampaignMode = (v: unknown): v is CampaignMode => CAMPAIGN_MODES.some((m) => m === v);

/** The settings a manager may change while the campaign runs (PATCH takes any of them). */
export type CampaignSettings = {
  name: string;
  /** The team whose operators work it, beside `operatorIds`; neither: every operator. */
  teamId: number | null;
  operatorIds: number[];
  callingHours: { from: string; to: string };
  days: number[];
  maxAttempts: number;
  /** Minutes before another attempt after each result code; `default` for the codes not listed. */
  retry: Record<string, number>;
  /** Result codes that end a client's part in the campaign. */
  finalCodes: string[];
  mode: CampaignMode;
  script: string | null;
  startsOn: string | null;
  endsOn: string | null;
};
/** What the new-campaign dialog sends: the settings, which clients (the client list's query parameters, e.g. { tag: 'vip' }) and in what order. */
export type CampaignInput = CampaignSettings & { filter?: Record<string, string>; /** Instead of `filter`: a saved segment's, copied. */ segmentId?: number; priority: CampaignPriority };
export type CampaignResultInput = { disposition: string; callbackAt?: string; note?: string };

export const listCampaigns = (signal?: AbortSignal) => apiRequest<Page<Campaign>>('/campaigns', { signal });
export const getCampaign = (id: number, signal?: AbortSignal) => apiRequest<Campaign>(`/campaigns/${id}`, { signal });
export const createCampaign = (input: CampaignInput) => apiRequest<Campaign>('/campaigns', { method: 'POST', body: input });
export const updateCampaign = (id: number, patch: Partial<CampaignSettings>) => apiRequest<Campaign>(`/campaigns/${id}`, { method: 'PATCH', body: patch });
/** Progress per operator and the results' distribution (supervisors and managers). */
export const getCampaignStats = (id: number, signal?: AbortSignal) => apiRequest<CampaignStats>(`/campaigns/${id}/stats`, { signal });
/** The results file (managers): a plain link, the session cookie goes along. */
export const campaignFileUrl = (id: number, format: 'csv' | 'xlsx') => `/api/campaigns/${id}/export?format=${format}`;
export const setCampaignStatus = (id: number, verb: 'start' | 'pause' | 'stop') => apiRequest<Campaign>(`/campaigns/${id}/${verb}`, { method: 'POST' });
/** The operator's next client, or undefined (204) when nobody can be called now. */
export const nextEntry = (id: number) => apiRequest<NextEntry | undefined>(`/campaigns/${id}/next`, { method: 'POST' });
/** Call the held client (202): recorded as this entry's call, so the call is linked to the campaign. */
export const callEntry = (id: number, entryId: number) => apiRequest<OriginateResult>(`/campaigns/${id}/entries/${entryId}/call`, { method: 'POST' });
export const recordResult = (id: number, entryId: number, input: CampaignResultInput) =>
  apiRequest<{ state: string; nextAt: string | null }>(`/campaigns/${id}/entries/${entryId}/result`, { method: 'POST', body: input });
export const skipEntry = (id: number, entryId: number, reason: string) => apiRequest<void>(`/campaigns/${id}/entries/${entryId}/skip`, { method: 'POST', body: { reason } });
