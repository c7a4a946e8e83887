import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { CheckboxGroup } from '../../../ui/CheckboxGroup';
import { Field } from '../../../ui/Field';
import { WEEKDAYS, type Weekday } from '../api/routing.types';
import { weekdayNames } from '../hooks/use-rule-summary';
import { TIMEZONES } from './rule-draft';
import './routing.css';

/** The editable parts of working hours: a zone (picked, or typed in when not listed), from–to, the days. */
export type HoursDraft = { timezone: string; customTimezone: boolean; from: string; to: string; days: Weekday[] };

export type WorkingHoursFieldsProps = {
  value: HoursDraft;
  onChange: (patch: Partial<HoursDraft>) => void;
  /** Marks the zone or the times as wrong (after a failed check). */
  invalid?: { timezone?: boolean; time?: boolean };
  /** Ids must be unique on the page: each form names its own zone list. */
  idPrefix: string;
};

const OTHER_TIMEZONE = 'other';
/** Every IANA zone the browser knows, as suggestions for the typed-in zone. */
const ALL_TIMEZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : TIMEZONES;

/** Working hours as a routing rule and the floor settings both edit them (a night shift when `to` < `from`). */
export function WorkingHoursFields({ value, onChange, invalid = {}, idPrefix }: WorkingHoursFieldsProps) {
  const { t } = useTranslation('routing');
  const format = useFormat();
  const dayNames = useMemo(() => {
    const names = weekdayNames(format.locale);
    return WEEKDAYS.map((d) => ({ value: d, label: names[d] }));
  }, [format.locale]);
  const listId = `${idPrefix}-timezones`;
  return (
    <div className="working-hours">
      <div className="working-hours-row">
        <Field label={t('form.timezone')} className="field-timezone">
          {(id) => (
            <select
              id={id}
              value={value.customTimezone ? OTHER_TIMEZONE : value.timezone}
              onChange={(e) => onChange(e.target.value === OTHER_TIMEZONE ? { customTimezone: true } : { customTimezone: false, timezone: e.target.value })}
            >
              {TIMEZONES.map((tz) => (
                <option key={tz} value={tz}>
                  {tz}
                </option>
              ))}
              <option value={OTHER_TIMEZONE}>{t('form.timezoneOther')}</option>
            </select>
          )}
        </Field>
        {value.customTimezone && (
          <Field label={t('form.timezoneCustom')} className="field-timezone">
            {(id) => (
              <input
                id={id}
                list={listId}
                placeholder={t('form.timezonePlaceholder')}
                aria-invalid={invalid.timezone || undefined}
                value={value.timezone}
                onChange={(e) => onChange({ timezone: e.target.value })}
              />
            )}
          </Field>
        )}
        <Field label={t('form.from')} className="field-time">
          {(id) => <input id={id} type="time" required aria-invalid={invalid.time || undefined} value={value.from} onChange={(e) => onChange({ from: e.target.value })} />}
        </Field>
        <Field label={t('form.to')} className="field-time">
          {(id) => <input id={id} type="time" required aria-invalid={invalid.time || undefined} value={value.to} onChange={(e) => onChange({ to: e.target.value })} />}
        </Field>
      </div>
      {value.to < value.from && <p className="field-hint night-shift">☾ {t('form.nightShift')}</p>}
      <CheckboxGroup legend={t('form.days')} options={dayNames} value={value.days} onChange={(days) => onChange({ days })} />
      {value.customTimezone && (
        <datalist id={listId}>
          {ALL_TIMEZONES.map((tz) => (
            <option key={tz} value={tz} />
          ))}
        </datalist>
      )}
    </div>
  );
}
