import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../i18n/i18n';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { DISPOSITION_FLAGS, type Disposition } from '../api/dispositions.api';
import { useAllDispositions, useMoveDisposition, useUpdateDisposition } from '../hooks/use-dispositions-admin';
import { DispositionFormDialog } from './DispositionFormDialog';
import './dispositions.css';

/** What was just done, kept as data so it follows a change of language. */
type Notice = { kind: 'saved' | 'created' | 'retiredNotice' | 'restoredNotice'; code: string };

/**
 * The manager's result codes: the list in the order the wrap-up offers it (up/down to move), each with its
 * name in the UI language (and the other two under it), what it does, and whether it is still offered;
 * add, edit (names, effects), retire and restore.
 */
export function DispositionsPanel() {
  const { t, i18n } = useTranslation('dispositions');
  const { t: tc } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const errorText = useErrorText();
  const list = useAllDispositions();
  const update = useUpdateDisposition();
  const move = useMoveDisposition();
  const [editing, setEditing] = useState<Disposition | 'new' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const items = list.data?.items ?? [];
  const busy = update.isPending || move.isPending;
  const nameOf = (code: string) => items.find((d) => d.code === code)?.names[lang] ?? code;
  const changeError = update.error ?? move.error;

  const setActive = (d: Disposition, active: boolean) => {
    setNotice(null);
    update.mutate({ code: d.code, patch: { active } }, { onSuccess: () => setNotice({ kind: active ? 'restoredNotice' : 'retiredNotice', code: d.code }) });
  };

  const table = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{tc('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    }
    if (items.length === 0) return <EmptyState title={t('empty')} />;
    return (
      <div className="table-wrap">
        <table className="table disp-table" aria-label={t('listLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('columns.order')}</th>
              <th scope="col">{t('columns.name')}</th>
              <th scope="col">{t('columns.effects')}</th>
              <th scope="col">{t('columns.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d, index) => {
              const name = d.names[lang];
              const others = (['ru', 'uk', 'en'] as const).filter((l) => l !== lang).map((l) => d.names[l]);
              const flags = DISPOSITION_FLAGS.filter((f) => d[f]);
              return (
                <tr key={d.code} className={d.active ? undefined : 'is-retired'} data-disposition={d.code}>
                  <td>
                    <div className="disp-order">
                      <span className="disp-position">{index + 1}</span>
                      <span className="disp-order-buttons">
                        <button type="button" className="icon-button disp-order-button" disabled={busy || index === 0} onClick={() => move.mutate({ items, index, by: -1 })} aria-label={t('moveUp', { name })} title={t('moveUp', { name })}>
                          ↑
                        </button>
                        <button type="button" className="icon-button disp-order-button" disabled={busy || index === items.length - 1} onClick={() => move.mutate({ items, index, by: 1 })} aria-label={t('moveDown', { name })} title={t('moveDown', { name })}>
                          ↓
                        </button>
                      </span>
                    </div>
                  </td>
                  <td>
                    <div className="disp-name">{name}</div>
                    <div className="disp-other-names">{others.join(' · ')}</div>
                    <div className="disp-code">{d.code}</div>
                  </td>
                  <td>
                    <div className="disp-flags">
                      {flags.length === 0 && <span className="muted">{t('nothing')}</span>}
                      {flags.map((f) => (
                        <Badge key={f} tone={f === 'marksLost' ? 'red' : f === 'marksSale' ? 'green' : f === 'effective' ? 'blue' : 'violet'} title={t(`flagHints.${f}`)}>
                          {t(`flags.${f}`)}
                        </Badge>
                      ))}
                    </div>
                  </td>
                  <td>
                    <Badge tone={d.active ? 'green' : 'slate'}>{d.active ? t('active') : t('retired')}</Badge>
                  </td>
                  <td>
                    <div className="disp-row-actions">
                      <button type="button" className="btn btn-secondary btn-sm" onClick={() => { setNotice(null); setEditing(d); }} aria-label={`${t('edit')}: ${name}`}>
                        {t('edit')}
                      </button>
                      <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => setActive(d, !d.active)} aria-label={`${d.active ? t('retire') : t('restore')}: ${name}`}>
                        {d.active ? t('retire') : t('restore')}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  };

  return (
    <section className="panel" aria-labelledby="dispositions-title" data-testid="dispositions-panel">
      <div className="panel-header panel-header-wrap">
        <div>
          <h2 className="panel-title" id="dispositions-title">
            {t('title')}
          </h2>
          <p className="panel-note">{t('hint')}</p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn btn-primary" onClick={() => { setNotice(null); setEditing('new'); }}>
            + {t('new')}
          </button>
        </div>
      </div>
      <div className="stack-sm">
        {notice && <Alert tone="success">{t(notice.kind, { name: nameOf(notice.code) })}</Alert>}
        {changeError && <Alert>{errorText(changeError)}</Alert>}
        {table()}
      </div>
      {editing && (
        <DispositionFormDialog
          disposition={editing === 'new' ? null : editing}
          displayName={editing === 'new' ? undefined : editing.names[lang]}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice({ kind: created ? 'created' : 'saved', code: saved.code });
          }}
        />
      )}
    </section>
  );
}
