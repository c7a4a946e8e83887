import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import type { ContactsTop } from '../api/reports.types';
import { ReportState } from './ReportState';

export type ContactsTopPanelsProps = {
  /** GET /api/reports/contacts/top, asked for beside the operators' report so that table shows at once. */
  query: UseQueryResult<ContactsTop>;
  /** The figure columns' headers and cells, as the other contacts tables show them. */
  headers: ReactNode;
  cells: (f: ContactsTop['clients'][number] | ContactsTop['organizations'][number]) => ReactNode;
};

/** The top clients and organizations by contacts, with their own loading state (they take seconds at a million clients). */
export function ContactsTopPanels({ query, headers, cells }: ContactsTopPanelsProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  return (
    <>
      <section className="panel" aria-labelledby="rp-clients-title" aria-busy={query.isFetching}>
        <h2 className="panel-title" id="rp-clients-title">
          {t('contacts.clientsTitle')}
        </h2>
        {query.isPending && (
          <p className="field-hint" data-testid="contacts-top-loading">
            {t('contacts.topLoading')}
          </p>
        )}
        <ReportState query={query}>
          {(top) => (
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('contacts.clientsTitle')} data-testid="contacts-clients">
                <thead>
                  <tr>
                    <th scope="col">{t('contacts.client')}</th>
                    {headers}
                  </tr>
                </thead>
                <tbody>
                  {top.clients.map((c) => (
                    <tr key={c.clientId}>
                      <td>
                        <Link to={`/clients/${c.clientId}`}>{c.clientName}</Link>
                        {c.organization && <div className="cell-sub">{c.organization}</div>}
                      </td>
                      {cells(c)}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </ReportState>
      </section>
      {query.data && query.data.organizations.length > 0 && (
        <section className="panel" aria-labelledby="rp-orgs-title">
          <h2 className="panel-title" id="rp-orgs-title">
            {t('contacts.organizationsTitle')}
          </h2>
          <div className={`table-wrap ${query.isPlaceholderData ? 'is-stale' : ''}`}>
            <table className="table rp-table" aria-label={t('contacts.organizationsTitle')}>
              <thead>
                <tr>
                  <th scope="col">{t('contacts.organization')}</th>
                  <th scope="col" className="num">{t('contacts.clients')}</th>
                  {headers}
                </tr>
              </thead>
              <tbody>
                {query.data.organizations.map((o) => (
                  <tr key={o.organization}>
                    <td>
                      <Link to={`/clients?q=${encodeURIComponent(o.organization)}`}>{o.organization}</Link>
                    </td>
                    <td className="num">{format.integer(o.clients)}</td>
                    {cells(o)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
