import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { useLogin } from '../hooks/use-session';
import type { User } from '../../users/api/user.types';

export type LoginFormProps = { onSignedIn: (user: User) => void };

export function LoginForm({ onSignedIn }: LoginFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const login = useLogin();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ login: name.trim(), password }, { onSuccess: ({ user }) => onSignedIn(user) });
  };

  return (
    <form className="form" onSubmit={submit}>
      {login.isError && <Alert>{errorText(login.error)}</Alert>}
      <Field label={t('auth.login')}>{(id) => <input id={id} name="username" autoComplete="username" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label={t('auth.password')}>
        {(id) => <input id={id} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
        {login.isPending ? t('auth.submitting') : t('auth.submit')}
      </button>
    </form>
  );
}
