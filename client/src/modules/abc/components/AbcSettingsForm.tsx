import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import type { AbcSettings, AbcShares } from '../api/abc.types';
import { useSaveAbcSettings } from '../hooks/use-abc';

export type AbcSettingsFormProps = { initial: AbcSettings; canEdit: boolean };

const PRESETS: { key: 'classic' | 'pareto'; shares: AbcShares }[] = [
  { key: 'classic', shares: [50, 35, 15] },
  { key: 'pareto', shares: [80, 15, 5] },
];

/** The manager's shares of turnover per class (with the classic and the Pareto presets) and the period; supervisors read them. */
export function AbcSettingsForm({ initial, canEdit }: AbcSettingsFormProps) {
  const { t } = useTranslation('abc');
  const errorText = useErrorText();
  const save = useSaveAbcSettings();
  const [shares, setShares] = useState<string[]>(initial.shares.map(String));
  const [period, setPeriod] = useState(String(initial.periodDays));
  const nums = shares.map(Number);
  const sum = nums.reduce((s, n) => s + (Number.isFinite(n) ? n : 0), 0);
  const inRange = nums.every((n) => Number.isInteger(n) && n >= 1 && n <= 98) && Number.isInteger(Number(period)) && Number(period) >= 1 && Number(period) <= 3650;
  const valid = inRange && sum === 100;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) save.mutate({ shares: nums as AbcShares, periodDays: Number(period) });
  };
  const labels = [t('settings.shareA'), t('settings.shareB'), t('settings.shareC')];
  return (
    <form className="panel form abc-settings" onSubmit={submit} aria-labelledby="abc-settings-title" data-testid="abc-settings">
      <h2 className="panel-title" id="abc-settings-title">{t('settings.title')}</h2>
      <p className="field-hint">{t('settings.explain')}</p>
      {!canEdit && <Alert tone="info">{t('settings.readOnly')}</Alert>}
      <fieldset className="abc-presets" disabled={!canEdit}>
        <legend className="field-label">{t('settings.presets')}</legend>
        {PRESETS.map((p) => (
          <button key={p.key} type="button" className={`btn btn-sm ${shares.join() === p.shares.join() ? 'btn-primary' : 'btn-secondary'}`} aria-pressed={shares.join() === p.shares.join()} onClick={() => (setShares(p.shares.map(String)), save.reset())}>
            {t(`settings.${p.key}`)}
          </button>
        ))}
      </fieldset>
      <div className="form-row abc-shares">
        {labels.map((label, i) => (
          <Field key={label} label={label}>
            {(id) => (
              <input id={id} type="number" inputMode="numeric" min={1} max={98} step={1} required disabled={!canEdit} value={shares[i]} onChange={(e) => (setShares(shares.map((s, k) => (k === i ? e.target.value : s))), save.reset())} />
            )}
          </Field>
        ))}
        <Field label={t('settings.periodDays')} hint={t('settings.periodHint')}>
          {(id, describedBy) => (
            <input id={id} type="number" inputMode="numeric" min={1} max={3650} step={1} required disabled={!canEdit} aria-describedby={describedBy} value={period} onChange={(e) => (setPeriod(e.target.value), save.reset())} />
          )}
        </Field>
      </div>
      <p className={sum === 100 ? 'muted' : 'abc-sum-wrong'} aria-live="polite" data-testid="abc-sum">
        {sum === 100 ? t('settings.sum', { sum }) : t('settings.sumWrong', { sum })}
      </p>
      {!inRange && <p className="abc-sum-wrong">{t('settings.rangeWrong')}</p>}
      {save.isError && <Alert>{errorText(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">{t('settings.saved')}</Alert>}
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!valid || save.isPending}>
            {save.isPending ? t('settings.saving') : t('settings.save')}
          </button>
        </div>
      )}
    </form>
  );
}
