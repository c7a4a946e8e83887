import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import type { User } from '../api/user.types';
import { useChangeUser } from '../hooks/use-user-admin';
import { FieldError } from './FieldError';
import { useUserFieldErrors } from './user-field-errors';

export type ResetPasswordDialogProps = { user: User; onClose: () => void; onDone: (user: User) => void };

/** Sets someone's password (the server's policy errors show under the field); their sessions end at once. */
export function ResetPasswordDialog({ user, onClose, onDone }: ResetPasswordDialogProps) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const fieldErrorsOf = useUserFieldErrors();
  const change = useChangeUser();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [local, setLocal] = useState<{ password?: string; repeat?: string }>({});
  const serverError = change.error ? fieldErrorsOf(change.error).password : undefined;
  const passwordError = local.password ?? serverError;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!password) return setLocal({ password: t('errors.required') });
    if (password !== repeat) return setLocal({ repeat: t('resetForm.mismatch') });
    setLocal({});
    change.mutate({ id: user.id, patch: { password } }, { onSuccess: onDone });
  };

  return (
    <Modal title={t('resetForm.title', { name: user.name })} onClose={onClose}>
      <form className="form admin-form" onSubmit={submit} noValidate>
        <p className="field-hint">{t('resetForm.note')}</p>
        <Field label={t('resetForm.password')} hint={t('userForm.passwordHint')}>
          {(id, hint) => (
            <>
              <input
                id={id}
                name="new-password"
                type="password"
                autoComplete="new-password"
                maxLength={200}
                autoFocus
                aria-invalid={!!passwordError || undefined}
                aria-describedby={[hint, passwordError ? `${id}-err` : undefined].filter(Boolean).join(' ') || undefined}
                value={password}
                onChange={(e) => {
                  setPassword(e.target.value);
                  setLocal({});
                  change.reset();
                }}
              />
              <FieldError id={`${id}-err`} text={passwordError} />
            </>
          )}
        </Field>
        <Field label={t('resetForm.repeat')}>
          {(id) => (
            <>
              <input
                id={id}
                name="repeat-password"
                type="password"
                autoComplete="new-password"
                maxLength={200}
                aria-invalid={!!local.repeat || undefined}
                aria-describedby={local.repeat ? `${id}-err` : undefined}
                value={repeat}
                onChange={(e) => {
                  setRepeat(e.target.value);
                  setLocal({});
                }}
              />
              <FieldError id={`${id}-err`} text={local.repeat} />
            </>
          )}
        </Field>
        {change.error && !serverError && <Alert>{errorText(change.error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {change.isPending ? tc('common.saving') : t('resetForm.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
