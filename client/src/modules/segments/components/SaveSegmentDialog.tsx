import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import type { Segment, SegmentFilter } from '../api/segments.api';
import { useFilterText } from '../hooks/use-filter-text';
import { useCreateSegment } from '../hooks/use-segments';

export type SaveSegmentDialogProps = {
  filter: SegmentFilter;
  /** How many clients the filter selects now (the list's total), when known. */
  count: number | null;
  onClose: () => void;
  onSaved: (segment: Segment) => void;
};

/** "Save as segment": the client list's current filters kept under a name. */
export function SaveSegmentDialog({ filter, count, onClose, onSaved }: SaveSegmentDialogProps) {
  const { t } = useTranslation('segments');
  const filterText = useFilterText();
  const errorText = useErrorText();
  const format = useFormat();
  const create = useCreateSegment();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('save.nameRequired'));
    setProblem(null);
    create.mutate({ name: name.trim(), filter }, { onSuccess: onSaved });
  };
  const failure = create.error ? (isApiError(create.error) && create.error.status === 409 ? t('save.duplicate') : errorText(create.error)) : null;
  const described = filterText(filter);

  return (
    <Modal title={t('save.title')} onClose={onClose}>
      <form className="form segment-save" onSubmit={submit} data-testid="segment-save-dialog">
        {(problem ?? failure) && <Alert>{problem ?? failure}</Alert>}
        <Field label={`${t('save.name')} *`}>
          {(id) => <input id={id} maxLength={200} placeholder={t('save.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <p className="field-hint">
          {described ? t('save.filter', { filter: described }) : t('save.everyone')}
          {count !== null && (
            <>
              {' '}
              <strong>{t('save.matches', { clients: format.integer(count) })}</strong>
            </>
          )}
        </p>
        <p className="field-hint">{t('save.hint')}</p>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('save.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
