import { apiRequest, type Page } from '../../../app/api-client';
import type { Client, ClientInput, ClientListQuery, ClientPatch } from './client.types';

export const listClients = (query: ClientListQuery, signal?: AbortSignal) => apiRequest<Page<Client>>('/clients', { query, signal });

export const getClient = (id: number, signal?: AbortSignal) => apiRequest<Client>(`/clients/${id}`, { signal });

export const createClient = (input: ClientInput) => apiRequest<Client>('/clients', { method: 'POST', body: input });

export const updateClient = (id: number, patch: ClientPatch) => apiRequest<Client>(`/clients/${id}`, { method: 'PATCH', body: patch });
