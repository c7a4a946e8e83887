import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Modal } from '../../../ui/Modal';
import { Spinner } from '../../../ui/Spinner';
import type { Segment } from '../api/segments.api';
import { useFilterText } from '../hooks/use-filter-text';
import { useDeleteSegment, useSegments, useUpdateSegment } from '../hooks/use-segments';

export type ManageSegmentsDialogProps = { onClose: () => void };

/** The saved segments for supervisors and managers: each with its filter and live count, renamed or deleted here. */
export function ManageSegmentsDialog({ onClose }: ManageSegmentsDialogProps) {
  const { t } = useTranslation('segments');
  const filterText = useFilterText();
  const errorText = useErrorText();
  const format = useFormat();
  const segments = useSegments();
  const rename = useUpdateSegment();
  const remove = useDeleteSegment();
  const [editing, setEditing] = useState<{ id: number; name: string } | null>(null);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!editing || !editing.name.trim()) return;
    rename.mutate({ id: editing.id, name: editing.name.trim() }, { onSuccess: () => setEditing(null) });
  };
  const drop = (s: Segment) => {
    if (window.confirm(t('manage.confirmDelete', { name: s.name }))) remove.mutate(s.id);
  };
  const failure = rename.error ?? remove.error;

  const body = () => {
    if (segments.isPending) return <Spinner />;
    if (segments.isError) return <Alert>{errorText(segments.error)}</Alert>;
    if (segments.data.length === 0) return <EmptyState title={t('manage.empty')} text={t('manage.emptyHint')} />;
    return (
      <ul className="segment-list" aria-label={t('manage.title')}>
        {segments.data.map((s) => (
          <li key={s.id} className="segment-item" data-testid="segment-item">
            {editing?.id === s.id ? (
              <form className="segment-rename" onSubmit={save}>
                <input aria-label={t('manage.name')} maxLength={200} value={editing.name} onChange={(e) => setEditing({ id: s.id, name: e.target.value })} autoFocus />
                <button type="submit" className="btn btn-primary btn-sm" disabled={rename.isPending || !editing.name.trim()}>
                  {t('manage.save')}
                </button>
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </button>
              </form>
            ) : (
              <div className="segment-item-head">
                <strong className="segment-name">{s.name}</strong>
                <span className="segment-count">{t('manage.count', { clients: s.count === null ? '?' : format.integer(s.count) })}</span>
              </div>
            )}
            <div className="segment-item-meta muted">
              {filterText(s.filter) || t('manage.everyone')}
              {s.createdByName && ` · ${t('manage.author', { name: s.createdByName })}`}
            </div>
            {editing?.id !== s.id && (
              <div className="segment-item-actions">
                <button type="button" className="btn btn-secondary btn-sm" onClick={() => { rename.reset(); setEditing({ id: s.id, name: s.name }); }}>
                  {t('manage.rename')}
                </button>
                <button type="button" className="btn btn-ghost btn-sm segment-delete" disabled={remove.isPending} onClick={() => drop(s)}>
                  {t('manage.delete')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    );
  };

  return (
    <Modal title={t('manage.title')} onClose={onClose}>
      <div className="stack-sm segment-manage">
        {failure && <Alert>{isApiError(failure) && failure.status === 409 ? t('save.duplicate') : errorText(failure)}</Alert>}
        {body()}
      </div>
    </Modal>
  );
}
