import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DebouncedInput } from '../../../ui/DebouncedInput';
import { useClientList } from '../../clients/hooks/use-client-list';

export type PreviewClientPickerProps = { value: number | null; onChange: (clientId: number | null) => void };

const SHOWN = 20;

/** A client to preview a template against: search by name or phone, pick one of the first matches (the first by default). */
export function PreviewClientPicker({ value, onChange }: PreviewClientPickerProps) {
  const { t } = useTranslation('messaging');
  const [q, setQ] = useState('');
  const list = useClientList({ q: q || undefined, sort: 'name', order: 'asc', limit: SHOWN, offset: 0 });
  const items = list.data?.items ?? [];
  const first = items[0]?.id ?? null;
  const known = value !== null && items.some((c) => c.id === value);
  // A new search picks its first match, so the preview always shows someone the search found.
  useEffect(() => {
    if (!list.isPlaceholderData && !known && first !== value) onChange(first);
  }, [first, known, value, onChange, list.isPlaceholderData]);
  return (
    <div className="preview-client">
      <DebouncedInput type="search" aria-label={t('templateForm.previewSearch')} placeholder={t('templateForm.previewSearch')} value={q} onValueChange={(v) => setQ(v.trim())} />
      <select aria-label={t('templateForm.previewClient')} value={value ?? ''} disabled={items.length === 0} onChange={(e) => onChange(Number(e.target.value) || null)}>
        {items.length === 0 && <option value="">{t('templateForm.noClients')}</option>}
        {items.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
