import { apiRequest, type Page } from '../../../app/api-client';
import type { LeadSourceView } from '../../../../../server/modules/leads/lead-sources.service';

/** A lead source as managers see it (shared with the server, type-only). */
export type LeadSource = LeadSourceView;

export type LeadSourceInput = { name: string; callbackMinutes: number; origins: string[]; active: boolean };

export const listLeadSources = (signal?: AbortSignal) => apiRequest<Page<LeadSource>>('/lead-sources', { signal });

export const createLeadSource = (input: LeadSourceInput) => apiRequest<LeadSource>('/lead-sources', { method: 'POST', body: input });

export const updateLeadSource = (id: number, patch: Partial<LeadSourceInput>) => apiRequest<LeadSource>(`/lead-sources/${id}`, { method: 'PATCH', body: patch });

export const rotateLeadSourceToken = (id: number) => apiRequest<LeadSource>(`/lead-sources/${id}/rotate-token`, { method: 'POST' });
