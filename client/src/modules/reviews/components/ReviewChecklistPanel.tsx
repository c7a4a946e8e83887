import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { isLanguage } from '../../../i18n/i18n';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import type { ReviewItem } from '../api/reviews.api';
import { useChecklist, useMoveChecklistItem, useUpdateChecklistItem } from '../hooks/use-reviews';
import { ReviewItemDialog } from './ReviewItemDialog';
import './reviews.css';

/** What was just done, kept as data so it follows a change of language. */
type Notice = { kind: 'saved' | 'created'; id: number };

/**
 * The manager's review checklist (Administration → Reviews): the items in the order the review dialog
 * asks them (up/down to move), each with its text in the UI language (the other two under it) and its
 * points; add, edit, retire and restore.
 */
export function ReviewChecklistPanel() {
  const { t, i18n } = useTranslation('reviews');
  const { t: tc } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const errorText = useErrorText();
  const list = useChecklist(true);
  const update = useUpdateChecklistItem();
  const move = useMoveChecklistItem();
  const [editing, setEditing] = useState<ReviewItem | 'new' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const items = list.data?.items ?? [];
  const busy = update.isPending || move.isPending;
  const changeError = update.error ?? move.error;

  const table = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{tc('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    }
    if (items.length === 0) return <EmptyState title={t('checklist.empty')} />;
    return (
      <div className="table-wrap">
        <table className="table rv-checklist-table" aria-label={t('checklist.listLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('checklist.columns.order')}</th>
              <th scope="col">{t('checklist.columns.name')}</th>
              <th scope="col" className="num">{t('checklist.columns.points')}</th>
              <th scope="col">{t('checklist.columns.state')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('checklist.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, index) => {
              const name = item.names[lang];
              const others = (['ru', 'uk', 'en'] as const).filter((l) => l !== lang).map((l) => item.names[l]);
              return (
                <tr key={item.id} className={item.active ? undefined : 'is-retired'} data-review-item={item.id}>
                  <td>
                    <div className="rv-order">
                      <span className="rv-position">{index + 1}</span>
                      <button type="button" className="icon-button rv-order-button" disabled={busy || index === 0} onClick={() => move.mutate({ items, index, by: -1 })} aria-label={t('checklist.moveUp', { name })} title={t('checklist.moveUp', { name })}>
                        ↑
                      </button>
                      <button type="button" className="icon-button rv-order-button" disabled={busy || index === items.length - 1} onClick={() => move.mutate({ items, index, by: 1 })} aria-label={t('checklist.moveDown', { name })} title={t('checklist.moveDown', { name })}>
                        ↓
                      </button>
                    </div>
                  </td>
                  <td>
                    <div className="rv-name">{name}</div>
                    <div className="rv-other-names">{others.join(' · ')}</div>
                  </td>
                  <td className="num">{item.maxPoints}</td>
                  <td>
                    <Badge tone={item.active ? 'green' : 'slate'}>{item.active ? t('checklist.active') : t('checklist.retired')}</Badge>
                  </td>
                  <td>
                    <div className="rv-row-actions">
                      <button type="button" className="btn btn-secondary btn-sm" onClick={() => { setNotice(null); setEditing(item); }} aria-label={`${t('checklist.edit')}: ${name}`}>
                        {t('checklist.edit')}
                      </button>
                      <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => { setNotice(null); update.mutate({ id: item.id, patch: { active: !item.active } }); }} aria-label={`${item.active ? t('checklist.retire') : t('checklist.restore')}: ${name}`}>
                        {item.active ? t('checklist.retire') : t('checklist.restore')}
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

  const noticeName = notice ? (items.find((i) => i.id === notice.id)?.names[lang] ?? '') : '';
  return (
    <section className="panel" aria-labelledby="review-checklist-title" data-testid="review-checklist-panel">
      <div className="panel-header panel-header-wrap">
        <div>
          <h2 className="panel-title" id="review-checklist-title">
            {t('checklist.title')}
          </h2>
          <p className="panel-note">{t('checklist.hint')}</p>
        </div>
        <div className="page-actions">
          <button type="button" className="btn btn-primary" onClick={() => { setNotice(null); setEditing('new'); }}>
            + {t('checklist.new')}
          </button>
        </div>
      </div>
      <div className="stack-sm">
        {notice && <Alert tone="success">{t(`checklist.${notice.kind}`, { name: noticeName })}</Alert>}
        {changeError && <Alert>{errorText(changeError)}</Alert>}
        {table()}
      </div>
      {editing && (
        <ReviewItemDialog
          item={editing === 'new' ? null : editing}
          displayName={editing === 'new' ? undefined : editing.names[lang]}
          onClose={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setNotice({ kind: created ? 'created' : 'saved', id: saved.id });
          }}
        />
      )}
    </section>
  );
}
