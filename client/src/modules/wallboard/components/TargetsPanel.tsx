import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import type { KpiTargets } from '../api/wallboard.types';
import { useSaveKpiTargets } from '../hooks/use-kpi-targets';

type TargetKey = keyof KpiTargets;
type TargetField = { key: TargetKey; unit: 'seconds' | 'percent'; min: number; max: number };

/** Every target, with the ranges the API accepts (percentages are shown 0–100, sent 0..1). */
const FIELDS: readonly TargetField[] = [
  { key: 'longCallSeconds', unit: 'seconds', min: 10, max: 14_400 },
  { key: 'avgTalkSecondsMin', unit: 'seconds', min: 0, max: 3600 },
  { key: 'avgTalkSecondsMax', unit: 'seconds', min: 0, max: 7200 },
  { key: 'serviceLevel', unit: 'percent', min: 0, max: 100 },
  { key: 'abandonRateMax', unit: 'percent', min: 0, max: 100 },
  { key: 'avgSpeedOfAnswerMax', unit: 'seconds', min: 0, max: 3600 },
];

export type TargetsPanelProps = {
  targets: KpiTargets;
  /** The targets could not be read: nothing is coloured, and the board says why. */
  failed: boolean;
  /** Managers change them; supervisors read them. */
  canEdit: boolean;
};

/** The managers' targets the board colours against, in one line, and the way to change them. */
export function TargetsPanel({ targets, failed, canEdit }: TargetsPanelProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 });
  const shown = FIELDS.filter((f) => typeof targets[f.key] === 'number');
  return (
    <section className="wb-targets" aria-labelledby="wb-targets-title" data-testid="targets">
      <h2 className="wb-targets-title" id="wb-targets-title" title={t('targets.shared')}>
        {t('targets.title')}
      </h2>
      {failed ? (
        <span className="wb-invalid">{t('targets.unavailable')}</span>
      ) : shown.length === 0 ? (
        <span className="muted">{t('targets.none')}</span>
      ) : (
        <dl className="wb-targets-values">
          {shown.map((f) => {
            const value = targets[f.key] as number;
            return (
              <div key={f.key} title={t(`targets.hints.${f.key}`)}>
                <dt>{t(`targets.fields.${f.key}`)}</dt>
                <dd data-testid={`target-${f.key}`}>{f.unit === 'percent' ? percent.format(value) : format.duration(value)}</dd>
              </div>
            );
          })}
        </dl>
      )}
      <span className="wb-targets-end">
        {canEdit ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(true)} disabled={failed}>
            {t('targets.edit')}
          </button>
        ) : (
          <span className="muted">{t('targets.managersOnly')}</span>
        )}
      </span>
      {editing && <TargetsDialog targets={targets} onClose={() => setEditing(false)} />}
    </section>
  );
}

type Draft = Record<TargetKey, string>;

const toDraft = (targets: KpiTargets): Draft =>
  Object.fromEntries(
    FIELDS.map((f) => {
      const v = targets[f.key];
      return [f.key, typeof v !== 'number' ? '' : f.unit === 'percent' ? String(Math.round(v * 1000) / 10) : String(v)];
    }),
  ) as Draft;

/** A field's value as the API takes it: null when empty, undefined when not valid. */
function parseField(f: TargetField, text: string): number | null | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return null;
  const n = Number(s);
  if (!Number.isFinite(n) || n < f.min || n > f.max) return undefined;
  if (f.unit === 'seconds') return Number.isInteger(n) ? n : undefined;
  return Math.round(n * 10) / 1000;
}

type TargetsDialogProps = { targets: KpiTargets; onClose: () => void };

function TargetsDialog({ targets, onClose }: TargetsDialogProps) {
  const { t } = useTranslation('wallboard');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveKpiTargets();
  const [draft, setDraft] = useState<Draft>(() => toDraft(targets));
  const parsed = FIELDS.map((f) => [f, parseField(f, draft[f.key])] as const);
  const valid = parsed.every(([, v]) => v !== undefined);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    // The whole set is replaced: an empty field means no target.
    const next: KpiTargets = Object.fromEntries(parsed.map(([f, v]) => [f.key, v ?? null]));
    save.mutate(next, { onSuccess: onClose });
  };

  return (
    <Modal title={t('targets.editTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p className="field-hint">
          {t('targets.shared')}. {t('targets.emptyHint')}
        </p>
        {save.isError && <Alert>{errorText(save.error)}</Alert>}
        <div className="wb-targets-form">
          {parsed.map(([f, v]) => (
            <Field key={f.key} label={`${t(`targets.fields.${f.key}`)}, ${t(`targets.unit.${f.unit}`)}`} hint={v === undefined ? t('targets.invalid', { min: f.min, max: f.max }) : t(`targets.hints.${f.key}`)}>
              {(id, hint) => (
                <input
                  id={id}
                  inputMode="decimal"
                  aria-describedby={hint}
                  aria-invalid={v === undefined}
                  value={draft[f.key]}
                  onChange={(e) => setDraft((d) => ({ ...d, [f.key]: e.target.value }))}
                  data-target={f.key}
                />
              )}
            </Field>
          ))}
        </div>
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!valid || save.isPending}>
            {save.isPending ? tc('common.saving') : tc('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
