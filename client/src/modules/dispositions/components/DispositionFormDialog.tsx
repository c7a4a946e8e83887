import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { DISPOSITION_FLAGS, type Disposition, type DispositionFlags } from '../api/dispositions.api';
import { useCreateDisposition, useUpdateDisposition } from '../hooks/use-dispositions-admin';

export type DispositionFormDialogProps = {
  /** The code to edit, or null to add one. */
  disposition: Disposition | null;
  /** The name to show in the title (the UI language's). */
  displayName?: string;
  onClose: () => void;
  onSaved: (saved: Disposition, created: boolean) => void;
};

type Draft = DispositionFlags & { code: string; ru: string; uk: string; en: string };

const CODE = /^[a-z0-9_]{1,32}$/;

const draftOf = (d: Disposition | null): Draft =>
  d
    ? { code: d.code, ru: d.names.ru, uk: d.names.uk, en: d.names.en, effective: d.effective, closesCallback: d.closesCallback, opensCallback: d.opensCallback, marksLost: d.marksLost, marksSale: d.marksSale }
    : { code: '', ru: '', uk: '', en: '', effective: false, closesCallback: false, opensCallback: false, marksLost: false, marksSale: false };

/** Adds a result code or changes one: its names in each language and what it does. */
export function DispositionFormDialog({ disposition, displayName, onClose, onSaved }: DispositionFormDialogProps) {
  const { t } = useTranslation('dispositions');
  const errorText = useErrorText();
  const create = useCreateDisposition();
  const update = useUpdateDisposition();
  const [draft, setDraft] = useState<Draft>(() => draftOf(disposition));
  const [tried, setTried] = useState(false);
  const set = (change: Partial<Draft>) => setDraft((d) => ({ ...d, ...change }));
  const mutation = disposition ? update : create;
  const codeBad = !disposition && !CODE.test(draft.code);
  const namesBad = (['ru', 'uk', 'en'] as const).filter((l) => draft[l].trim() === '');
  const conflicting = draft.marksLost && draft.marksSale;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (codeBad || namesBad.length > 0 || conflicting || mutation.isPending) return;
    const names = { ru: draft.ru.trim(), uk: draft.uk.trim(), en: draft.en.trim() };
    const flags = Object.fromEntries(DISPOSITION_FLAGS.map((f) => [f, draft[f]])) as DispositionFlags;
    if (disposition) update.mutate({ code: disposition.code, patch: { names, ...flags } }, { onSuccess: (saved) => onSaved(saved, false) });
    else create.mutate({ code: draft.code, names, ...flags }, { onSuccess: (saved) => onSaved(saved, true) });
  };

  const failure = () => (isApiError(mutation.error) && mutation.error.status === 409 ? t('codeTaken') : errorText(mutation.error));

  return (
    <Modal title={disposition ? t('form.editTitle', { name: displayName ?? disposition.code }) : t('form.createTitle')} onClose={onClose}>
      <form className="form disp-form" onSubmit={submit} noValidate>
        {mutation.isError && <Alert>{failure()}</Alert>}
        <Field label={`${t('form.code')} *`} hint={t('form.codeHint')}>
          {(id, hint) => (
            <input
              id={id}
              aria-describedby={hint}
              required
              maxLength={32}
              pattern="[a-z0-9_]{1,32}"
              spellCheck={false}
              autoComplete="off"
              value={draft.code}
              disabled={disposition !== null}
              aria-invalid={(tried && codeBad) || undefined}
              onChange={(e) => set({ code: e.target.value.toLowerCase() })}
              autoFocus={disposition === null}
            />
          )}
        </Field>
        <fieldset>
          <legend>{t('form.names')}</legend>
          {(['ru', 'uk', 'en'] as const).map((lang) => (
            <Field key={lang} label={`${t(lang === 'ru' ? 'form.nameRu' : lang === 'uk' ? 'form.nameUk' : 'form.nameEn')} *`}>
              {(id) => (
                <input
                  id={id}
                  lang={lang}
                  required
                  maxLength={100}
                  value={draft[lang]}
                  aria-invalid={(tried && namesBad.includes(lang)) || undefined}
                  onChange={(e) => set({ [lang]: e.target.value })}
                  autoFocus={disposition !== null && lang === 'ru'}
                />
              )}
            </Field>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('form.effects')}</legend>
          {DISPOSITION_FLAGS.map((flag) => (
            <label key={flag} className="disp-check">
              <input type="checkbox" checked={draft[flag]} onChange={(e) => set({ [flag]: e.target.checked })} />
              <span>
                <span className="strong">{t(`flags.${flag}`)}</span>
                <span className="field-hint">{t(`flagHints.${flag}`)}</span>
              </span>
            </label>
          ))}
          {conflicting && <p className="field-hint" role="alert">{t('form.lostAndSale')}</p>}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={mutation.isPending}>
            {disposition ? t('form.save') : t('form.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
