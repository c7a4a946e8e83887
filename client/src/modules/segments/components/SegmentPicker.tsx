import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { useSegments } from '../hooks/use-segments';
import './segments.css';

export type SegmentPickerProps = {
  value: number | null;
  onChange: (id: number | null) => void;
  /** The label people read (visually hidden unless `showLabel`); "Segment" by default. */
  label?: string;
  showLabel?: boolean;
  /** The empty choice's text ("All clients" by default); null: no empty choice (a segment must be picked). */
  noneLabel?: string | null;
  disabled?: boolean;
};

/** A saved segment from the list, each with its live client count ("Key clients A · 128"). */
export function SegmentPicker({ value, onChange, label, showLabel = false, noneLabel, disabled }: SegmentPickerProps) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const segments = useSegments();
  const id = useId();
  const items = segments.data ?? [];
  const missing = value !== null && segments.data !== undefined && !items.some((s) => s.id === value);
  return (
    <span className="segment-picker">
      <label htmlFor={id} className={showLabel ? 'segment-picker-label' : 'visually-hidden'}>
        {label ?? t('picker.label')}
      </label>
      <select id={id} value={value ?? ''} disabled={disabled} data-testid="segment-picker" onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}>
        {(noneLabel !== null || value === null) && <option value="">{segments.isPending ? t('picker.loading') : (noneLabel ?? t('picker.none'))}</option>}
        {missing && <option value={value}>{t('picker.deleted')}</option>}
        {items.map((s) => (
          <option key={s.id} value={s.id}>
            {t('picker.option', { name: s.name, clients: s.count === null ? '?' : format.integer(s.count) })}
          </option>
        ))}
      </select>
    </span>
  );
}
