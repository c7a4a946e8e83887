import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import type { Callback } from '../api/callback.types';
import { useRescheduleCallback } from '../hooks/use-callback-actions';
import { futureInstant, localNow, toLocalInput } from './local-time';

export type RescheduleControlProps = { callback: Callback };

/** "Reschedule": opens a time field in place; saving moves the callback (its reminder follows). */
export function RescheduleControl({ callback }: RescheduleControlProps) {
  const { t } = useTranslation('desk');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const reschedule = useRescheduleCallback();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [bad, setBad] = useState(false);

  if (!open) {
    return (
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        aria-label={t('cardCallbacks.rescheduleFor', { when: format.dateTime(callback.dueAt) })}
        onClick={() => {
          // The promised time if it is still ahead, else an hour from now.
          setValue(toLocalInput(Date.parse(callback.dueAt) > Date.now() ? callback.dueAt : new Date(Date.now() + 3_600_000)));
          setOpen(true);
        }}
      >
        {t('cardCallbacks.reschedule')}
      </button>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = futureInstant(value);
    if (!at) return setBad(true);
    reschedule.mutate({ id: callback.id, dueAt: at.toISOString() }, { onSuccess: () => setOpen(false) });
  };

  return (
    <form className="cb-reschedule" onSubmit={submit} data-testid="reschedule-form">
      <label className="cb-reschedule-label">
        <span className="visually-hidden">{t('cardCallbacks.newTime')}</span>
        <input
          type="datetime-local"
          aria-label={t('cardCallbacks.newTime')}
          aria-invalid={bad}
          min={localNow()}
          value={value}
          onChange={(e) => {
            setBad(false);
            setValue(e.target.value);
          }}
          required
        />
      </label>
      <button type="submit" className="btn btn-primary btn-sm" disabled={reschedule.isPending}>
        {reschedule.isPending ? tc('common.saving') : t('cardCallbacks.saveTime')}
      </button>
      <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen(false)}>
        {t('cardCallbacks.cancel')}
      </button>
      {bad && (
        <p className="cb-error" role="alert">
          {t('cardCallbacks.past')}
        </p>
      )}
      {reschedule.isError && (
        <p className="cb-error" role="alert">
          {errorText(reschedule.error)}
        </p>
      )}
    </form>
  );
}
