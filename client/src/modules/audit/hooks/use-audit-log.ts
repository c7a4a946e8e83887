import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listAudit } from '../api/audit.api';

export const AUDIT_PAGE_SIZE = 50;

/** One page (1-based) of the audit log, newest first. */
export function useAuditLog(page: number) {
  const query = { limit: AUDIT_PAGE_SIZE, offset: (page - 1) * AUDIT_PAGE_SIZE };
  return useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => listAudit(query, signal),
    placeholderData: keepPreviousData,
  });
}
