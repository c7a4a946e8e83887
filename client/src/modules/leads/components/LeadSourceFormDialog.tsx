import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import type { LeadSource } from '../api/leads.api';
import { useCreateLeadSource, useUpdateLeadSource } from '../hooks/use-lead-sources';

export type LeadSourceFormDialogProps = {
  /** The source to edit, or null to create one. */
  source: LeadSource | null;
  onClose: () => void;
  onSaved: (saved: LeadSource, created: boolean) => void;
};

const ORIGIN = /^https?:\/\/[^/\s?#]+\/?$/i;

const linesOf = (text: string) => text.split(/\s*\n\s*/).map((l) => l.trim()).filter((l) => l !== '');

/** Creates a lead source or changes one: its name, the minutes to call back within, the websites, on or off. */
export function LeadSourceFormDialog({ source, onClose, onSaved }: LeadSourceFormDialogProps) {
  const { t } = useTranslation('leads');
  const errorText = useErrorText();
  const create = useCreateLeadSource();
  const update = useUpdateLeadSource();
  const mutation = source ? update : create;
  const [name, setName] = useState(source?.name ?? '');
  const [minutes, setMinutes] = useState(String(source?.callbackMinutes ?? 15));
  const [origins, setOrigins] = useState((source?.origins ?? []).join('\n'));
  const [active, setActive] = useState(source?.active ?? true);
  const [tried, setTried] = useState(false);
  const nameBad = name.trim() === '' || name.trim().length > 64;
  const minutesBad = !/^\d{1,5}$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > 10080;
  const originsBad = linesOf(origins).some((o) => !ORIGIN.test(o));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (nameBad || minutesBad || originsBad || mutation.isPending) return;
    const input = { name: name.trim(), callbackMinutes: Number(minutes), origins: linesOf(origins), active };
    if (source) update.mutate({ id: source.id, patch: input }, { onSuccess: (saved) => onSaved(saved, false) });
    else create.mutate(input, { onSuccess: (saved) => onSaved(saved, true) });
  };

  const failure = () => (isApiError(mutation.error) && mutation.error.status === 409 ? t('form.nameTaken') : errorText(mutation.error));

  return (
    <Modal title={source ? t('form.editTitle', { name: source.name }) : t('form.createTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {mutation.isError && <Alert>{failure()}</Alert>}
        <Field label={`${t('form.name')} *`} hint={t('form.nameHint')}>
          {(id, hint) => <input id={id} aria-describedby={hint} required maxLength={64} value={name} aria-invalid={(tried && nameBad) || undefined} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <Field label={`${t('form.callbackMinutes')} *`}>
          {(id) => <input id={id} type="number" inputMode="numeric" min={1} max={10080} required value={minutes} aria-invalid={(tried && minutesBad) || undefined} onChange={(e) => setMinutes(e.target.value)} />}
        </Field>
        <Field label={t('form.origins')} hint={t('form.originsHint')}>
          {(id, hint) => <textarea id={id} aria-describedby={hint} rows={3} spellCheck={false} value={origins} aria-invalid={(tried && originsBad) || undefined} onChange={(e) => setOrigins(e.target.value)} placeholder="https://shop.example.com" />}
        </Field>
        {tried && originsBad && <p className="field-hint" role="alert">{t('form.badOrigins')}</p>}
        <label className="leads-check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          <span>{t('form.active')}</span>
        </label>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {source ? t('form.save') : t('form.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
