import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toSearch } from '../app/api-client';
import { useErrorText } from '../i18n/error-text';
import { useFormat } from '../i18n/format';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { ClientFiltersBar } from '../modules/clients/components/ClientFiltersBar';
import { ClientsTable } from '../modules/clients/components/ClientsTable';
import { NewClientDialog } from '../modules/clients/components/NewClientDialog';
import { DuplicatesLink } from '../modules/duplicates/components/DuplicatesLink';
import { useClientList } from '../modules/clients/hooks/use-client-list';
import { PAGE_SIZE, toListQuery, useClientFilters } from '../modules/clients/hooks/use-client-filters';
import { UnlinkedOrganizationsPanel } from '../modules/organizations/components/UnlinkedOrganizationsPanel';
import { SegmentsBar } from '../modules/segments/components/SegmentsBar';
import { useSegments } from '../modules/segments/hooks/use-segments';
import { segmentListQuery } from '../modules/segments/segment-filters';
import { Alert } from '../ui/Alert';
import { DebouncedInput } from '../ui/DebouncedInput';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Pagination } from '../ui/Pagination';
import { Spinner } from '../ui/Spinner';

export function ClientsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const { filters, update, sortBy, reset } = useClientFilters();
  // An applied segment lists by its filters exactly as saved (until the segments arrive, by the bar's copy of them).
  const segment = useSegments().data?.find((s) => s.id === filters.segmentId);
  const query = segment ? segmentListQuery(segment.filter, toListQuery(filters)) : toListQuery(filters);
  const list = useClientList(query);
  const [creating, setCreating] = useState(false);
  const me = useCurrentUser();
  // The export takes the selection as it is on screen, without paging (the session cookie signs the download); an applied segment by its id.
  const { limit: _limit, offset: _offset, ...onScreen } = query;
  const selection = filters.segmentId ? { segmentId: filters.segmentId, sort: filters.sort, order: filters.order } : onScreen;

  const results = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{t('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    }
    if (list.data.total === 0) return <EmptyState title={t('clients.empty')} text={t('clients.emptyHint')} />;
    return (
      <>
        <ClientsTable clients={list.data.items} sort={filters.sort} order={filters.order} onSort={sortBy} stale={list.isPlaceholderData} />
        <Pagination page={filters.page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={(page) => update({ page })} busy={list.isFetching} />
      </>
    );
  };

  return (
    <div className="page">
      <PageHeader
        title={t('clients.title')}
        subtitle={list.data ? <span data-testid="clients-total">{t('clients.totalFound', { total: format.integer(list.data.total) })}</span> : t('clients.subtitle')}
        actions={
          <>
            <DuplicatesLink />
            {hasRole(me.role, 'manager') && (
              <>
                <a className="btn btn-secondary" href={`/api/clients/export${toSearch(selection)}`} download title={t('clients.exportHint')} data-testid="clients-export">
                  {t('clients.exportCsv')}
                </a>
                <a className="btn btn-secondary" href={`/api/clients/export${toSearch({ ...selection, format: 'xlsx' })}`} download title={t('clients.exportHint')} data-testid="clients-export-xlsx">
                  {t('clients.exportXlsx')}
                </a>
              </>
            )}
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              + {t('clients.newClient')}
            </button>
          </>
        }
      />
      {hasRole(me.role, 'manager') && <UnlinkedOrganizationsPanel />}
      <section className="panel">
        <SegmentsBar filters={filters} onChange={update} onReset={reset} total={list.data?.total ?? null} />
        <div className="toolbar">
          <DebouncedInput
            type="search"
            className="search-input"
            maxLength={200}
            aria-label={t('clients.searchLabel')}
            placeholder={t('clients.searchPlaceholder')}
            value={filters.q}
            onValueChange={(q) => update({ q })}
          />
          <ClientFiltersBar filters={filters} onChange={update} onReset={reset} />
        </div>
        {results()}
      </section>
      {creating && <NewClientDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
