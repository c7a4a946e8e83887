import { apiRequest, type Page } from '../../../app/api-client';

export type Deal = { id: number; clientId: number; title: string; amount: number; closedAt: string; createdById: number | null; createdAt: string };
export type DealInput = { title: string; amount: number; closedAt: string };

/** A client's deals, most recently closed first. */
export const listDeals = (clientId: number, signal?: AbortSignal) => apiRequest<Page<Deal>>(`/clients/${clientId}/deals`, { signal });

export const addDeal = (clientId: number, input: DealInput) => apiRequest<Deal>(`/clients/${clientId}/deals`, { method: 'POST', body: input });
