import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { DebouncedInput } from '../../../ui/DebouncedInput';
import { EmptyState } from '../../../ui/EmptyState';
import { Field } from '../../../ui/Field';
import { formatPhone } from '../../../ui/format-phone';
import { Pagination } from '../../../ui/Pagination';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { dncExportUrl, type DncImportReport } from '../api/dnc.api';
import { useAddDnc, useDncList, useImportDnc, useRemoveDnc } from '../hooks/use-dnc';
import './dnc.css';

const PAGE_SIZE = 50;
/** What was just done, kept as data so it follows a change of language. */
type Notice = { kind: 'added' | 'already' | 'removed'; phone: string } | { kind: 'imported'; report: DncImportReport };
/** How many refused rows of an import are listed one by one. */
const SHOWN_ERRORS = 20;

/**
 * The do-not-call list for supervisors and managers: search by number or reason, add a number; managers
 * also remove numbers, import a file and export the list.
 */
export function DncPanel() {
  const { t, i18n } = useTranslation('dnc');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const manager = hasRole(me.role, 'manager');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useDncList({ q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const add = useAddDnc();
  const remove = useRemoveDnc();
  const upload = useImportDnc();
  const [phone, setPhone] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const items = list.data?.items ?? [];
  const when = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    if (!phone.trim()) return;
    setNotice(null);
    add.mutate(
      { phone: phone.trim(), ...(reason.trim() && { reason: reason.trim() }) },
      {
        onSuccess: (entry) => {
          setNotice({ kind: entry.created ? 'added' : 'already', phone: formatPhone(entry.phone) });
          setPhone('');
          setReason('');
        },
      },
    );
  };

  const addError = () => (isApiError(add.error) && add.error.code === 'invalid_number' ? t('add.badNumber') : errorText(add.error));

  const table = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{tc('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    }
    if (items.length === 0) return <EmptyState title={q ? t('notFound') : t('empty')} />;
    return (
      <>
        <div className="table-wrap">
          <table className="table dnc-table" aria-label={t('listLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('columns.phone')}</th>
                <th scope="col">{t('columns.reason')}</th>
                <th scope="col">{t('columns.client')}</th>
                <th scope="col">{t('columns.source')}</th>
                <th scope="col">{t('columns.addedBy')}</th>
                <th scope="col">{t('columns.createdAt')}</th>
                {manager && (
                  <th scope="col">
                    <span className="visually-hidden">{t('columns.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-dnc-phone={e.phone}>
                  <td data-label={t('columns.phone')} className="dnc-phone">
                    {formatPhone(e.phone)}
                  </td>
                  <td data-label={t('columns.reason')}>{e.reason ?? <span className="muted">{tc('common.empty')}</span>}</td>
                  <td data-label={t('columns.client')}>{e.clientId !== null ? <Link to={`/clients/${e.clientId}`}>{e.clientName ?? `#${e.clientId}`}</Link> : <span className="muted">{tc('common.empty')}</span>}</td>
                  <td data-label={t('columns.source')}>{t(`source.${e.source}`)}</td>
                  <td data-label={t('columns.addedBy')}>{e.addedBy?.name ?? <span className="muted">{tc('common.empty')}</span>}</td>
                  <td data-label={t('columns.createdAt')}>{when(e.createdAt)}</td>
                  {manager && (
                    <td>
                      <button
                        type="button"
                        className="btn btn-secondary btn-sm"
                        disabled={remove.isPending}
                        aria-label={`${t('remove.button')}: ${formatPhone(e.phone)}`}
                        onClick={() => {
                          if (!window.confirm(t('remove.confirm', { phone: formatPhone(e.phone) }))) return;
                          setNotice(null);
                          remove.mutate(e.id, { onSuccess: () => setNotice({ kind: 'removed', phone: formatPhone(e.phone) }) });
                        }}
                      >
                        {t('remove.button')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Pagination page={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onPageChange={setPage} busy={list.isPlaceholderData} />
      </>
    );
  };

  const report = (r: DncImportReport) => (
    <Alert tone={r.failed > 0 ? 'info' : 'success'}>
      <p>{t('import.report', { rows: r.rows, added: r.added, already: r.already, failed: r.failed })}</p>
      {r.errors.length > 0 && (
        <ul className="dnc-import-errors" data-testid="dnc-import-errors">
          {r.errors.slice(0, SHOWN_ERRORS).map((e) => (
            <li key={e.row}>
              {t('import.row', { row: e.row })}: {e.value && <code>{e.value}</code>} — {t(`import.codes.${e.code}`)}
            </li>
          ))}
          {r.failed > SHOWN_ERRORS && <li>{t('import.more', { count: r.failed - SHOWN_ERRORS })}</li>}
        </ul>
      )}
    </Alert>
  );

  return (
    <div className="stack dnc-panel" data-testid="dnc-panel">
      <section className="panel" aria-labelledby="dnc-add-title">
        <h2 className="panel-title" id="dnc-add-title">
          {t('add.title')}
        </h2>
        <form className="form dnc-add" onSubmit={onAdd}>
          <Field label={`${t('add.phone')} *`}>
            {(id) => <input id={id} type="tel" required maxLength={40} autoComplete="off" placeholder={t('add.phonePlaceholder')} value={phone} onChange={(e) => setPhone(e.target.value)} />}
          </Field>
          <Field label={t('add.reason')} className="dnc-add-reason">
            {(id) => <input id={id} maxLength={500} placeholder={t('add.reasonPlaceholder')} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          <div className="dnc-add-submit">
            <button type="submit" className="btn btn-primary" disabled={add.isPending || !phone.trim()}>
              {add.isPending ? tc('common.saving') : t('add.submit')}
            </button>
          </div>
        </form>
        {add.isError && <Alert>{addError()}</Alert>}
      </section>

      <section className="panel" aria-labelledby="dnc-list-title">
        <div className="panel-header panel-header-wrap">
          <h2 className="panel-title" id="dnc-list-title">
            {t('listLabel')}
            {list.data && <span className="muted"> · {list.data.total}</span>}
          </h2>
          {manager && (
            <div className="page-actions dnc-actions">
              <input
                ref={fileRef}
                type="file"
                hidden
                accept=".csv,.xlsx,.ods,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                data-testid="dnc-import-file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (!file) return;
                  setNotice(null);
                  upload.mutate(file, { onSuccess: (r) => setNotice({ kind: 'imported', report: r }) });
                }}
              />
              <button type="button" className="btn btn-secondary btn-sm" disabled={upload.isPending} title={t('import.hint')} onClick={() => fileRef.current?.click()}>
                {upload.isPending ? t('import.running') : t('import.button')}
              </button>
              <a className="btn btn-secondary btn-sm" href={dncExportUrl('csv')} download>
                {t('export.csv')}
              </a>
              <a className="btn btn-secondary btn-sm" href={dncExportUrl('xlsx')} download>
                {t('export.xlsx')}
              </a>
            </div>
          )}
        </div>
        <div className="stack-sm">
          <DebouncedInput
            type="search"
            className="dnc-search"
            aria-label={t('search')}
            placeholder={t('search')}
            value={q}
            onValueChange={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
          {notice && (notice.kind === 'imported' ? report(notice.report) : <Alert tone="success">{t(notice.kind === 'removed' ? 'remove.removed' : `add.${notice.kind}`, { phone: notice.phone })}</Alert>)}
          {upload.isError && <Alert>{errorText(upload.error)}</Alert>}
          {remove.isError && <Alert>{errorText(remove.error)}</Alert>}
          {table()}
        </div>
      </section>
    </div>
  );
}
