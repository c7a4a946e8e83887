import { apiRequest, type Page } from '../../../app/api-client';
import type { Client } from '../../clients/api/client.types';

/** A company typed on people who are not linked to an organization card yet. */
export type UnlinkedOrganization = { organization: string; people: number; match: { id: number; name: string } | null };
export type LinkResult = { organizationId: number; created: boolean; linked: number };

export const listUnlinked = (limit: number, offset: number, signal?: AbortSignal) => apiRequest<Page<UnlinkedOrganization>>('/organizations/unlinked', { query: { limit, offset }, signal });

export const linkOrganization = (organization: string, organizationId?: number) =>
  apiRequest<LinkResult>('/organizations/link', { method: 'POST', body: { organization, ...(organizationId && { organizationId }) } });

/** Organization cards whose name starts with `q` (any word of it), for the picker. */
export const searchOrganizations = (q: string, signal?: AbortSignal) =>
  apiRequest<Page<Client>>('/clients', { query: { kind: 'organization', q, sort: 'name', order: 'asc', limit: 8, offset: 0 }, signal });

export const listPeople = (organizationId: number, signal?: AbortSignal) =>
  apiRequest<Page<Client>>('/clients', { query: { organizationId, sort: 'name', order: 'asc', limit: 200, offset: 0 }, signal });
