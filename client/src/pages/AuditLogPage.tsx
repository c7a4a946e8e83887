import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import { AuditTable } from '../modules/audit/components/AuditTable';
import { AUDIT_PAGE_SIZE, useAuditLog } from '../modules/audit/hooks/use-audit-log';
import { Alert } from '../ui/Alert';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { Pagination } from '../ui/Pagination';
import { Spinner } from '../ui/Spinner';

export function AuditLogPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const log = useAuditLog(page);

  const content = () => {
    if (log.isPending) return <Spinner />;
    if (log.isError && !log.data) return <Alert>{errorText(log.error)}</Alert>;
    if (log.data.total === 0) return <EmptyState title={t('audit.empty')} />;
    return (
      <>
        <AuditTable entries={log.data.items} stale={log.isPlaceholderData} />
        <Pagination page={page} pageSize={AUDIT_PAGE_SIZE} total={log.data.total} onPageChange={(p) => setParams(p > 1 ? { page: String(p) } : {})} busy={log.isFetching} />
      </>
    );
  };

  return (
    <div className="page">
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <section className="panel">{content()}</section>
    </div>
  );
}
