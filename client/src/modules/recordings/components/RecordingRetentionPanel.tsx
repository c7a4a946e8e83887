import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Spinner } from '../../../ui/Spinner';
import type { RecordingSettings } from '../api/recordings.api';
import { useRecordingSettings, useSaveRecordingSettings } from '../hooks/use-recording-settings';
import './recordings.css';

/** The server's bounds (recordingSettingsSchema): whole days, 1 to 10 years. */
const MAX_DAYS = 3650;

/** The manager's retention of call recordings (Administration → Recordings); loads it, then the form. */
export function RecordingRetentionPanel() {
  const errorText = useErrorText();
  const query = useRecordingSettings();
  if (query.isPending) return <Spinner />;
  if (query.isError) return <Alert>{errorText(query.error)}</Alert>;
  return <RetentionForm saved={query.data} />;
}

/** The days as typed: empty is "forever"; anything else must be a whole number in bounds. */
function parseDays(text: string): number | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= MAX_DAYS ? n : undefined;
}

function RetentionForm({ saved }: { saved: RecordingSettings }) {
  const { t } = useTranslation('recordings');
  const errorText = useErrorText();
  const save = useSaveRecordingSettings();
  const [text, setText] = useState(saved.retentionDays === null ? '' : String(saved.retentionDays));
  const days = parseDays(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (days !== undefined) save.mutate({ retentionDays: days });
  };
  return (
    <form className="panel form rec-retention" onSubmit={submit} noValidate aria-labelledby="rec-retention-title" data-testid="recording-retention">
      <h2 className="panel-title" id="rec-retention-title">
        {t('retention.title')}
      </h2>
      <Field label={t('retention.days')} hint={t('retention.hint')} className="rec-retention-days">
        {(id, describedBy) => (
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_DAYS}
            step={1}
            value={text}
            aria-describedby={describedBy}
            aria-invalid={days === undefined || undefined}
            onChange={(e) => (setText(e.target.value), save.reset())}
          />
        )}
      </Field>
      {days === undefined && (
        <p className="rec-retention-error" role="alert">
          {t('retention.invalid')}
        </p>
      )}
      <p className="muted" data-testid="recording-retention-current">
        {saved.retentionDays === null ? t('retention.forever') : t('retention.current', { count: saved.retentionDays })}
      </p>
      {save.isError && <Alert>{errorText(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">{t('retention.saved')}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending || days === undefined}>
          {save.isPending ? t('retention.saving') : t('retention.save')}
        </button>
      </div>
    </form>
  );
}
