import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listAudit, type AuditQuery } from '../api/audit.api';

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = Pick<AuditQuery, 'actorId' | 'entity' | 'entityId' | 'from' | 'to'>;

/** One page (1-based) of the audit log, newest first, filtered. */
export function useAuditLog(page: number, filters: AuditFilters = {}) {
  const query: AuditQuery = { ...filters, limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE };
  return useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => listAudit(query, signal),
    placeholderData: keepPreviousData,
  });
}
