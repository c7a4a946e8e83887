import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Pagination } from '../../../ui/Pagination';
import { Spinner } from '../../../ui/Spinner';
import { UNLINKED_PAGE, useLinkOrganization, useUnlinked } from '../hooks/use-organizations';

/**
 * The manager's review of company names typed on people (before organizations had cards): each links
 * to the card of that name or to a new one made from it. Shown only while there is something to link.
 */
export function UnlinkedOrganizationsPanel() {
  const { t } = useTranslation('organizations');
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(1);
  const list = useUnlinked(page);
  const link = useLinkOrganization();
  const [done, setDone] = useState<{ count: number; name: string; id: number } | null>(null);

  if (!list.data || list.data.total === 0) return done ? <Alert tone="success">{t('unlinked.linked', { count: done.count, name: done.name })}</Alert> : null;

  const run = (organization: string, organizationId?: number) =>
    link.mutate({ organization, ...(organizationId && { organizationId }) }, { onSuccess: (r) => setDone({ count: r.linked, name: organization, id: r.organizationId }) });

  return (
    <section className="panel" aria-labelledby="unlinked-title" data-testid="unlinked-organizations">
      <div className="panel-header">
        <h2 className="panel-title" id="unlinked-title">
          {t('unlinked.title')}
        </h2>
        <button type="button" className="btn btn-secondary btn-sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('unlinked.hide') : t('unlinked.show', { count: list.data.total })}
        </button>
      </div>
      {done && (
        <Alert tone="success">
          {t('unlinked.linked', { count: done.count, name: done.name })} · <Link to={`/clients/${done.id}`}>{t('picker.open')}</Link>
        </Alert>
      )}
      {link.isError && <Alert>{errorText(link.error)}</Alert>}
      {open && (
        <>
          <p className="muted">{t('unlinked.hint')}</p>
          {list.isPending ? (
            <Spinner />
          ) : (
            <div className={`table-wrap ${list.isPlaceholderData ? 'is-stale' : ''}`}>
              <table className="table" aria-label={t('unlinked.tableLabel')}>
                <thead>
                  <tr>
                    <th scope="col">{t('unlinked.company')}</th>
                    <th scope="col" className="num">{t('unlinked.people')}</th>
                    <th scope="col">{t('unlinked.card')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('unlinked.action')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((row) => (
                    <tr key={row.organization}>
                      <td>{row.organization}</td>
                      <td className="num">{row.people}</td>
                      <td>{row.match ? <Link to={`/clients/${row.match.id}`}>{row.match.name}</Link> : <span className="muted">{t('unlinked.noCard')}</span>}</td>
                      <td className="nowrap">
                        <button type="button" className="btn btn-secondary btn-sm" disabled={link.isPending} onClick={() => run(row.organization, row.match?.id)}>
                          {row.match ? t('unlinked.linkTo') : t('unlinked.create')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {list.data.total > UNLINKED_PAGE && <Pagination page={page} pageSize={UNLINKED_PAGE} total={list.data.total} onPageChange={setPage} busy={list.isFetching} />}
        </>
      )}
    </section>
  );
}
