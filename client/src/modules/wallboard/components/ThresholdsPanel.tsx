import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { Badge } from '../../../ui/Badge';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { DEFAULT_THRESHOLDS, MAX_THRESHOLD_SECONDS, type BoardThresholds } from '../hooks/use-board-thresholds';

export type ThresholdsPanelProps = {
  thresholds: BoardThresholds;
  /** Managers may change them; supervisors read them. */
  canEdit: boolean;
  onSave: (next: BoardThresholds) => void;
  isValid: (seconds: unknown) => boolean;
};

/** The board's limits, said plainly to be this browser's own setting until the server keeps targets. */
export function ThresholdsPanel({ thresholds, canEdit, onSave, isValid }: ThresholdsPanelProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  return (
    <section className="wb-thresholds" aria-labelledby="wb-thresholds-title" data-testid="thresholds">
      <h2 className="wb-thresholds-title" id="wb-thresholds-title">
        {t('thresholds.title')}
      </h2>
      <Badge tone="amber" title={t('thresholds.note')}>
        {t('thresholds.local')}
      </Badge>
      <dl className="wb-thresholds-values">
        <div>
          <dt>{t('thresholds.longCall')}</dt>
          <dd data-testid="threshold-long-call">{format.duration(thresholds.longCallSeconds)}</dd>
        </div>
        <div>
          <dt>{t('thresholds.talkRedFlag')}</dt>
          <dd data-testid="threshold-red-flag">{format.duration(thresholds.talkRedFlagSeconds)}</dd>
        </div>
      </dl>
      {canEdit ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(true)}>
          {t('thresholds.edit')}
        </button>
      ) : (
        <span className="muted">{t('thresholds.managersOnly')}</span>
      )}
      {editing && (
        <ThresholdsDialog
          thresholds={thresholds}
          isValid={isValid}
          onClose={() => setEditing(false)}
          onSave={(next) => {
            onSave(next);
            setEditing(false);
          }}
        />
      )}
    </section>
  );
}

type ThresholdsDialogProps = { thresholds: BoardThresholds; isValid: (seconds: unknown) => boolean; onSave: (next: BoardThresholds) => void; onClose: () => void };

function ThresholdsDialog({ thresholds, isValid, onSave, onClose }: ThresholdsDialogProps) {
  const { t } = useTranslation('wallboard');
  const { t: tc } = useTranslation();
  const [longCall, setLongCall] = useState(String(thresholds.longCallSeconds));
  const [redFlag, setRedFlag] = useState(String(thresholds.talkRedFlagSeconds));
  const longValid = isValid(Number(longCall));
  const redValid = isValid(Number(redFlag));
  const invalid = t('thresholds.invalid', { max: MAX_THRESHOLD_SECONDS });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (longValid && redValid) onSave({ longCallSeconds: Number(longCall), talkRedFlagSeconds: Number(redFlag) });
  };

  return (
    <Modal title={t('thresholds.editTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="field-hint">{t('thresholds.note')}</p>
        <Field label={`${t('thresholds.longCall')}, ${t('thresholds.seconds')}`} hint={longValid ? t('thresholds.longCallHint') : invalid}>
          {(id, hint) => <input id={id} type="number" inputMode="numeric" min={1} max={MAX_THRESHOLD_SECONDS} step={1} aria-describedby={hint} aria-invalid={!longValid} value={longCall} onChange={(e) => setLongCall(e.target.value)} autoFocus />}
        </Field>
        <Field label={`${t('thresholds.talkRedFlag')}, ${t('thresholds.seconds')}`} hint={redValid ? t('thresholds.talkRedFlagHint') : invalid}>
          {(id, hint) => <input id={id} type="number" inputMode="numeric" min={1} max={MAX_THRESHOLD_SECONDS} step={1} aria-describedby={hint} aria-invalid={!redValid} value={redFlag} onChange={(e) => setRedFlag(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setLongCall(String(DEFAULT_THRESHOLDS.longCallSeconds));
              setRedFlag(String(DEFAULT_THRESHOLDS.talkRedFlagSeconds));
            }}
          >
            {t('thresholds.defaults')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!longValid || !redValid}>
            {tc('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
