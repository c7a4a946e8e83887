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
};

export type AuditQuery = { entity?: string; entityId?: string; actorId?: number; limit: number; offset: number };

/** Audit entries, newest first (managers and admins). */
export const listAudit = (query: AuditQuery, signal?: AbortSignal) => apiRequest<Page<AuditEntry>>('/audit', { query, signal });
