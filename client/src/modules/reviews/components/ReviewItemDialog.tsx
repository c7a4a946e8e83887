import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import type { ReviewItem } from '../api/reviews.api';
import { useCreateChecklistItem, useUpdateChecklistItem } from '../hooks/use-reviews';

export type ReviewItemDialogProps = {
  /** The item to edit, or null to add one. */
  item: ReviewItem | null;
  displayName?: string;
  onClose: () => void;
  onSaved: (saved: ReviewItem, created: boolean) => void;
};

const LANGS = ['ru', 'uk', 'en'] as const;

/** Adds a checklist item or changes one: its text in each language and its most points. */
export function ReviewItemDialog({ item, displayName, onClose, onSaved }: ReviewItemDialogProps) {
  const { t } = useTranslation('reviews');
  const errorText = useErrorText();
  const create = useCreateChecklistItem();
  const update = useUpdateChecklistItem();
  const mutation = item ? update : create;
  const [names, setNames] = useState({ ru: item?.names.ru ?? '', uk: item?.names.uk ?? '', en: item?.names.en ?? '' });
  const [points, setPoints] = useState(String(item?.maxPoints ?? 10));
  const [tried, setTried] = useState(false);
  const blank = LANGS.filter((l) => names[l].trim() === '');
  const maxPoints = Number(points);
  const pointsBad = !Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > 100;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (blank.length > 0 || pointsBad || mutation.isPending) return;
    const trimmed = { ru: names.ru.trim(), uk: names.uk.trim(), en: names.en.trim() };
    if (item) update.mutate({ id: item.id, patch: { names: trimmed, maxPoints } }, { onSuccess: (saved) => onSaved(saved, false) });
    else create.mutate({ names: trimmed, maxPoints }, { onSuccess: (saved) => onSaved(saved, true) });
  };

  return (
    <Modal title={item ? t('checklist.dialogEdit', { name: displayName ?? '' }) : t('checklist.dialogNew')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {mutation.isError && <Alert>{errorText(mutation.error)}</Alert>}
        {LANGS.map((lang) => (
          <Field key={lang} label={`${t(lang === 'ru' ? 'checklist.nameRu' : lang === 'uk' ? 'checklist.nameUk' : 'checklist.nameEn')} *`}>
            {(id) => <input id={id} lang={lang} required maxLength={200} value={names[lang]} aria-invalid={(tried && blank.includes(lang)) || undefined} onChange={(e) => setNames((n) => ({ ...n, [lang]: e.target.value }))} autoFocus={lang === 'ru'} />}
          </Field>
        ))}
        <Field label={`${t('checklist.maxPoints')} *`} hint={t('checklist.maxPointsHint')}>
          {(id, hint) => <input id={id} aria-describedby={hint} type="number" min={1} max={100} step={1} required value={points} aria-invalid={(tried && pointsBad) || undefined} onChange={(e) => setPoints(e.target.value)} className="rv-max-points" />}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('checklist.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {t('checklist.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
