import { apiRequest, type Page } from '../../../app/api-client';

export type AuditEntry = {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  /** Who did it, by name (null for the system). */
  actorName: string | null;
  /** What it is about, by name (a client's, user's, rule's…); null for an entry about many objects. */
  entityLabel: string | null;
  /** The client card the entry concerns, or null. */
  clientId: number | null;
};

/** `from` inclusive, `to` exclusive, ISO 8601. */
export type AuditQuery = { entity?: string; entityId?: string; actorId?: number; from?: string; to?: string; limit: number; offset: number };

/** Audit entries, newest first (managers and admins). */
export const listAudit = (query: AuditQuery, signal?: AbortSignal) => apiRequest<Page<AuditEntry>>('/audit', { query, signal });
