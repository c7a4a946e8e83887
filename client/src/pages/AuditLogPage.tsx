import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import { AuditFiltersBar, ENTITY_ID, type AuditFilterValues } from '../modules/audit/components/AuditFiltersBar';
import { AuditTable } from '../modules/audit/components/AuditTable';
import { AUDIT_PAGE_SIZE, useAuditLog, type AuditFilters } from '../modules/audit/hooks/use-audit-log';
import { Alert } from '../ui/Alert';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Pagination } from '../ui/Pagination';
import { Spinner } from '../ui/Spinner';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of a local calendar day (YYYY-MM-DD), as ISO 8601; `days` later for the end of a range. */
function dayStart(ymd: string, days = 0): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(y!, m! - 1, d! + days).toISOString();
}

/** The address's filters, read leniently: what does not parse is left out. */
function readFilters(params: URLSearchParams): AuditFilterValues {
  const day = (v: string | null) => (v && DAY.test(v) ? v : '');
  return {
    actorId: Number(params.get('actor')) || null,
    entity: params.get('entity') ?? '',
    entityId: params.get('id') ?? '',
    from: day(params.get('from')),
    to: day(params.get('to')),
  };
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('audit');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = readFilters(params);

  const problem = filters.from && filters.to && filters.from > filters.to ? ta('filters.badRange') : filters.entityId && !ENTITY_ID.test(filters.entityId) ? ta('filters.badId') : null;
  const query = useMemo<AuditFilters>(
    () =>
      problem
        ? {}
        : {
            ...(filters.actorId !== null && { actorId: filters.actorId }),
            ...(filters.entity && { entity: filters.entity }),
            ...(filters.entity && filters.entityId && { entityId: filters.entityId }),
            ...(filters.from && { from: dayStart(filters.from) }),
            ...(filters.to && { to: dayStart(filters.to, 1) }),
          },
    [problem, filters.actorId, filters.entity, filters.entityId, filters.from, filters.to],
  );
  const log = useAuditLog(page, query);

  // From the address as it is now, not as this render saw it: a debounced input calls from an older
  // render, and a second change can come before the first one has rendered (navigation is a transition).
  const update = (patch: Partial<AuditFilterValues> & { page?: number }) =>
    setParams(() => {
      const next = { ...readFilters(new URLSearchParams(window.location.search)), ...patch };
      const out: Record<string, string> = {};
      if (next.actorId !== null) out.actor = String(next.actorId);
      if (next.entity) out.entity = next.entity;
      if (next.entity && next.entityId) out.id = next.entityId;
      if (next.from) out.from = next.from;
      if (next.to) out.to = next.to;
      // A new filter starts from the first page.
      if (patch.page && patch.page > 1) out.page = String(patch.page);
      return out;
    });

  const content = () => {
    if (log.isPending) return <Spinner />;
    if (log.isError && !log.data) return <Alert>{errorText(log.error)}</Alert>;
    if (log.data.total === 0) return <EmptyState title={t('audit.empty')} />;
    return (
      <>
        <AuditTable entries={log.data.items} stale={log.isPlaceholderData} />
        <Pagination page={page} pageSize={AUDIT_PAGE_SIZE} total={log.data.total} onPageChange={(p) => update({ page: p })} busy={log.isFetching} />
      </>
    );
  };

  return (
    <div className="page">
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <div className="toolbar">
        <AuditFiltersBar filters={filters} onChange={(patch) => update(patch)} onReset={() => setParams({})} problem={problem} />
      </div>
      <section className="panel">{content()}</section>
    </div>
  );
}
