import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Field } from '../../../ui/Field';
import { Spinner } from '../../../ui/Spinner';
import { WorkingHoursFields, type HoursDraft } from '../../routing/components/WorkingHoursFields';
import { TIMEZONES } from '../../routing/components/rule-draft';
import type { FloorSettings } from '../api/floor.api';
import { useFloorSettings, useSaveFloorSettings } from '../hooks/use-floor-settings';
import './floor-settings.css';

/** Regions offered in the picker: the product's usual countries first; any other code can be typed. */
const COMMON_REGIONS = ['RU', 'UA', 'BY', 'KZ', 'UZ', 'KG', 'TJ', 'AM', 'AZ', 'GE', 'MD', 'LV', 'LT', 'EE', 'PL', 'DE', 'IL', 'TR', 'US', 'GB'];
const DEFAULT_HOURS: HoursDraft = { timezone: 'Europe/Moscow', customTimezone: false, from: '09:00', to: '18:00', days: [1, 2, 3, 4, 5] };

export type FloorSettingsPanelProps = { canEdit: boolean };

/** The floor's working hours and phone regions; loads them, then hands them to the form. */
export function FloorSettingsPanel({ canEdit }: FloorSettingsPanelProps) {
  const errorText = useErrorText();
  const query = useFloorSettings();
  if (query.isPending) return <Spinner />;
  if (query.isError) return <Alert>{errorText(query.error)}</Alert>;
  return <FloorSettingsForm initial={query.data} canEdit={canEdit} />;
}

function FloorSettingsForm({ initial, canEdit }: { initial: FloorSettings; canEdit: boolean }) {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const format = useFormat();
  const save = useSaveFloorSettings();
  const [hoursOn, setHoursOn] = useState(initial.workingHours !== null);
  const [hours, setHours] = useState<HoursDraft>(() =>
    initial.workingHours ? { ...initial.workingHours, customTimezone: !(TIMEZONES as readonly string[]).includes(initial.workingHours.timezone) } : DEFAULT_HOURS,
  );
  const [regions, setRegions] = useState<string[]>(initial.phoneRegions);
  const [adding, setAdding] = useState('');
  const regionName = useMemo(() => {
    const names = new Intl.DisplayNames([format.locale], { type: 'region' });
    return (code: string) => names.of(code) ?? code;
  }, [format.locale]);
  const changed = () => save.reset();
  const move = (i: number, by: -1 | 1) => {
    const next = [...regions];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setRegions(next);
    changed();
  };
  const add = () => {
    const code = adding.trim().toUpperCase();
    if (/^[A-Z]{2}$/.test(code) && !regions.includes(code)) setRegions([...regions, code]);
    setAdding('');
    changed();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { customTimezone: _custom, ...h } = hours;
    save.mutate({ workingHours: hoursOn ? { ...h, days: [...h.days].sort() } : null, phoneRegions: regions });
  };
  return (
    <form className="panel form floor-settings" onSubmit={submit} aria-labelledby="floor-title" data-testid="floor-settings">
      <h2 className="panel-title" id="floor-title">{t('floor.title')}</h2>
      {!canEdit && <Alert tone="info">{t('floor.readOnly')}</Alert>}
      <fieldset className="form-section" disabled={!canEdit}>
        <legend className="form-section-title">{t('floor.hoursTitle')}</legend>
        <p className="field-hint">{t('floor.hoursExplain')}</p>
        <label className="check-line">
          <input type="checkbox" checked={hoursOn} onChange={(e) => (setHoursOn(e.target.checked), changed())} />
          <span className="strong">{t('floor.hoursOn')}</span>
        </label>
        {hoursOn && <WorkingHoursFields idPrefix="floor" value={hours} onChange={(patch) => (setHours({ ...hours, ...patch }), changed())} />}
      </fieldset>
      <fieldset className="form-section" disabled={!canEdit}>
        <legend className="form-section-title">{t('floor.regionsTitle')}</legend>
        <p className="field-hint">{t('floor.regionsExplain')}</p>
        <ol className="floor-regions" aria-label={t('floor.regionsTitle')}>
          {regions.map((code, i) => (
            <li key={code} className="floor-region">
              <span className="floor-region-code">{code}</span>
              <span className="floor-region-name">{regionName(code)}</span>
              {i === 0 && <Badge tone="blue">{t('floor.default')}</Badge>}
              <span className="spacer" />
              <button type="button" className="btn btn-sm btn-secondary" disabled={i === 0} aria-label={t('floor.up', { region: regionName(code) })} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button type="button" className="btn btn-sm btn-secondary" disabled={regions.length === 1} aria-label={t('floor.remove', { region: regionName(code) })} onClick={() => (setRegions(regions.filter((r) => r !== code)), changed())}>
                ×
              </button>
            </li>
          ))}
        </ol>
        <div className="form-row floor-region-add">
          <Field label={t('floor.addRegion')}>
            {(id) => (
              <input id={id} list="floor-region-codes" maxLength={2} placeholder="KZ" value={adding} onChange={(e) => setAdding(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), add())} />
            )}
          </Field>
          <button type="button" className="btn btn-secondary" disabled={!/^[A-Za-z]{2}$/.test(adding.trim())} onClick={add}>
            {t('floor.add')}
          </button>
          <datalist id="floor-region-codes">
            {COMMON_REGIONS.filter((c) => !regions.includes(c)).map((c) => (
              <option key={c} value={c}>
                {regionName(c)}
              </option>
            ))}
          </datalist>
        </div>
      </fieldset>
      {save.isError && <Alert>{errorText(save.error)}</Alert>}
      {save.isSuccess && <Alert tone="success">{t('floor.saved')}</Alert>}
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending || (hoursOn && hours.days.length === 0)}>
            {save.isPending ? t('floor.saving') : t('floor.save')}
          </button>
        </div>
      )}
    </form>
  );
}
