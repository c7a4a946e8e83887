import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { useAddNote } from '../hooks/use-notes';

export type AddNoteFormProps = { clientId: number };

export function AddNoteForm({ clientId }: AddNoteFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const add = useAddNote(clientId);
  const [body, setBody] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    add.mutate(body.trim(), { onSuccess: () => setBody('') });
  };

  return (
    <form className="form inline-form" onSubmit={submit}>
      {add.isError && <Alert>{errorText(add.error)}</Alert>}
      <Field label={t('notes.label')}>
        {(id) => <textarea id={id} rows={3} required maxLength={10_000} placeholder={t('notes.placeholder')} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={add.isPending || !body.trim()}>
          {add.isPending ? t('notes.adding') : t('notes.add')}
        </button>
      </div>
    </form>
  );
}
