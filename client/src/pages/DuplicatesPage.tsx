import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../i18n/error-text';
import { useFormat } from '../i18n/format';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { DUPLICATE_REASONS, type DuplicateReason } from '../modules/duplicates/api/duplicates.api';
import { DuplicateGroups } from '../modules/duplicates/components/DuplicateGroups';
import { useDuplicateGroups } from '../modules/duplicates/hooks/use-duplicates';
import { Alert } from '../ui/Alert';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Pagination } from '../ui/Pagination';
import { Spinner } from '../ui/Spinner';
import { Tabs } from '../ui/Tabs';

const PAGE_SIZE = 20;
type Filter = 'all' | DuplicateReason;

/** Likely duplicates across the base (supervisors and up look; managers merge). */
export function DuplicatesPage() {
  const { t } = useTranslation('duplicates');
  const format = useFormat();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  /** The last merge's message: kept here, above the list, which may empty (and unmount) with the merge. */
  const [merged, setMerged] = useState<string | null>(null);
  const groups = useDuplicateGroups({ ...(filter !== 'all' && { reason: filter }), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  const results = () => {
    if (groups.isPending) return <Spinner />;
    if (groups.isError && !groups.data) return <Alert>{errorText(groups.error)}</Alert>;
    if (groups.data.total === 0) return <EmptyState title={t('page.empty')} text={t('page.emptyHint')} />;
    return (
      <>
        <DuplicateGroups groups={groups.data.items} canMerge={hasRole(me.role, 'manager')} onMerged={setMerged} />
        <Pagination page={page} pageSize={PAGE_SIZE} total={groups.data.total} onPageChange={setPage} busy={groups.isFetching} />
      </>
    );
  };

  return (
    <div className="page">
      <Link to="/clients" className="back-link">
        ← {t('page.back')}
      </Link>
      <PageHeader title={t('page.title')} subtitle={groups.data ? <span data-testid="duplicates-total">{t('page.found', { total: format.integer(groups.data.total) })}</span> : t('page.subtitle')} />
      <section className="panel">
        <Tabs<Filter>
          label={t('page.title')}
          active={filter}
          onChange={(f) => {
            setFilter(f);
            setPage(1);
          }}
          tabs={[{ key: 'all', label: t('page.all') }, ...DUPLICATE_REASONS.map((r) => ({ key: r, label: t(`reasons.${r}`) }))]}
        >
          {merged && <Alert tone="success">{merged}</Alert>}
          {results()}
        </Tabs>
      </section>
    </div>
  );
}
