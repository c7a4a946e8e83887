import { apiRequest, type Page } from '../../../app/api-client';

/** `pending`: an operator's deal past the review threshold; it adds to revenue once a supervisor confirms it. */
export type DealStatus = 'confirmed' | 'pending';
export type Deal = {
  id: number;
  clientId: number;
  title: string;
  amount: number;
  closedAt: string;
  status: DealStatus;
  createdById: number | null;
  createdAt: string;
  confirmedById: number | null;
  confirmedAt: string | null;
};
export type DealInput = { title: string; amount: number; closedAt: string };

/** A client's deals, most recently closed first. */
export const listDeals = (clientId: number, signal?: AbortSignal) => apiRequest<Page<Deal>>(`/clients/${clientId}/deals`, { signal });

export const addDeal = (clientId: number, input: DealInput) => apiRequest<Deal>(`/clients/${clientId}/deals`, { method: 'POST', body: input });

/** Supervisors and above: a pending deal starts to count. */
export const confirmDeal = (clientId: number, dealId: number) => apiRequest<Deal>(`/clients/${clientId}/deals/${dealId}/confirm`, { method: 'POST' });
