import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import type { LeadSource } from '../api/leads.api';
import { useLeadSources } from '../hooks/use-lead-sources';
import { LeadSourceFormDialog } from './LeadSourceFormDialog';
import { LeadSnippetDialog } from './LeadSnippetDialog';
import './leads.css';

/** What was just done, kept as data so it follows a change of language. */
type Notice = { kind: 'created' | 'saved' | 'rotated'; name: string };
type Open = { kind: 'form'; source: LeadSource | null } | { kind: 'snippet'; source: LeadSource } | null;

/**
 * The manager's website lead sources: each with its callback minutes, the websites allowed to post from
 * the browser, how many leads it brought; create and edit them, copy the snippet, issue a new token. The
 * spend per month is the sources report's (linked), under the same name.
 */
export function LeadSourcesPanel() {
  const { t, i18n } = useTranslation('leads');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const list = useLeadSources();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const items = list.data?.items ?? [];
  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

  const table = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{tc('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    }
    if (items.length === 0) return <EmptyState title={t('empty')} />;
    return (
      <div className="table-wrap">
        <table className="table leads-table" aria-label={t('listLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('columns.name')}</th>
              <th scope="col">{t('columns.callback')}</th>
              <th scope="col">{t('columns.origins')}</th>
              <th scope="col">{t('columns.leads')}</th>
              <th scope="col">{t('columns.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-lead-source={s.name}>
                <td data-label={t('columns.name')}>
                  <div className="leads-name">{s.name}</div>
                  <Link className="leads-spend" to={`/reports?report=sources`} title={t('spendHint')}>
                    {t('spend')} →
                  </Link>
                </td>
                <td data-label={t('columns.callback')}>{t('minutes', { count: s.callbackMinutes })}</td>
                <td data-label={t('columns.origins')}>
                  {s.origins.length === 0 ? <span className="muted">{t('anyOrigin')}</span> : <ul className="leads-origins">{s.origins.map((o) => <li key={o}>{o}</li>)}</ul>}
                </td>
                <td data-label={t('columns.leads')}>
                  <span className="leads-count">{s.leads}</span>
                  {s.lastLeadAt && <div className="muted leads-last">{t('lastLead', { at: when(s.lastLeadAt) })}</div>}
                </td>
                <td data-label={t('columns.state')}>
                  <Badge tone={s.active ? 'green' : 'slate'}>{s.active ? t('active') : t('inactive')}</Badge>
                </td>
                <td>
                  <div className="leads-row-actions">
                    <button type="button" className="btn btn-primary btn-sm" onClick={() => { setNotice(null); setOpen({ kind: 'snippet', source: s }); }} aria-label={`${t('snippet')}: ${s.name}`}>
                      {t('snippet')}
                    </button>
                    <button type="button" className="btn btn-secondary btn-sm" onClick={() => { setNotice(null); setOpen({ kind: 'form', source: s }); }} aria-label={`${t('edit')}: ${s.name}`}>
                      {t('edit')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  };

  return (
    <section className="panel" aria-labelledby="lead-sources-title" data-testid="lead-sources-panel">
      <div className="panel-header panel-header-wrap">
        <div>
          <h2 className="panel-title" id="lead-sources-title">
            {t('title')}
          </h2>
          <p className="panel-note">{t('hint')}</p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn btn-primary" onClick={() => { setNotice(null); setOpen({ kind: 'form', source: null }); }}>
            + {t('new')}
          </button>
        </div>
      </div>
      <div className="stack-sm">
        {notice && <Alert tone="success">{t(notice.kind, { name: notice.name })}</Alert>}
        {table()}
      </div>
      {open?.kind === 'form' && (
        <LeadSourceFormDialog
          source={open.source}
          onClose={() => setOpen(null)}
          onSaved={(saved, created) => {
            setNotice({ kind: created ? 'created' : 'saved', name: saved.name });
            // A new source's next step is its snippet.
            setOpen(created ? { kind: 'snippet', source: saved } : null);
          }}
        />
      )}
      {open?.kind === 'snippet' && (
        <LeadSnippetDialog
          source={items.find((s) => s.id === open.source.id) ?? open.source}
          onClose={() => setOpen(null)}
          onRotated={(saved) => {
            setNotice({ kind: 'rotated', name: saved.name });
            setOpen({ kind: 'snippet', source: saved });
          }}
        />
      )}
    </section>
  );
}
