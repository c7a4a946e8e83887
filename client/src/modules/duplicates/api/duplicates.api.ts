import { apiRequest, type Page } from '../../../app/api-client';
import type { Client } from '../../clients/api/client.types';

export const DUPLICATE_REASONS = ['phone', 'email', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** A group of clients that likely are one: `size` live clients share `key`; `clients` holds the newest of them. */
export type DuplicateGroup = { reason: DuplicateReason; key: string; score: number; size: number; clients: Client[] };
export type ClientDuplicate = { client: Client; reasons: DuplicateReason[]; score: number };

export type MergeCounts = { calls: number; deals: number; notes: number; callbacks: number; stageChanges: number; leads: number; people: number; phones: number; emails: number; tags: number };
export type MergePreview = { survivor: Client; duplicate: Client; moves: MergeCounts; revenue: number; fills: string[] };
export type MergeResult = { client: Client; duplicateId: number; moved: MergeCounts; fills: string[] };

export const listDuplicates = (query: { reason?: DuplicateReason; limit: number; offset: number }, signal?: AbortSignal) => apiRequest<Page<DuplicateGroup>>('/clients/duplicates', { query, signal });

export const clientDuplicates = (clientId: number, signal?: AbortSignal) => apiRequest<{ items: ClientDuplicate[] }>(`/clients/${clientId}/duplicates`, { signal });

export const mergePreview = (survivorId: number, duplicateId: number, signal?: AbortSignal) => apiRequest<MergePreview>(`/clients/${survivorId}/merge/${duplicateId}`, { signal });

export const mergeClients = (survivorId: number, duplicateId: number) => apiRequest<MergeResult>(`/clients/${survivorId}/merge`, { method: 'POST', body: { duplicateId } });
