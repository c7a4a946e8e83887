import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';

export type UserField = 'login' | 'password' | 'name' | 'role' | 'extension' | 'teamId' | 'locale';
/** What to say under each field the server refused; empty when the error is not about a field. */
export type FieldErrors = Partial<Record<UserField, string>>;

type Issue = { path?: unknown; code?: unknown; message?: unknown };

const PASSWORD_CODES = ['password_too_short', 'password_too_long', 'password_too_common', 'password_contains_login', 'password_contains_name'] as const;
type PasswordCode = (typeof PASSWORD_CODES)[number];
const isPasswordCode = (c: unknown): c is PasswordCode => typeof c === 'string' && (PASSWORD_CODES as readonly string[]).includes(c);

/**
 * Reads a refused user change field by field: the password policy's codes, the schema's fields, and the
 * two conflicts (a taken login, a taken extension), in the user's language. Server messages are English
 * and never shown as they are.
 */
export function useUserFieldErrors(): (err: unknown) => FieldErrors {
  const { t } = useTranslation('admin');
  return useCallback(
    (err: unknown) => {
      const out: FieldErrors = {};
      if (!isApiError(err)) return out;
      if (err.code === 'conflict') {
        if (/login/i.test(err.message)) out.login = t('errors.loginTaken');
        else if (/extension/i.test(err.message)) out.extension = t('errors.extensionTaken');
        return out;
      }
      if (err.code === 'bad_request' && /team/i.test(err.message)) out.teamId = t('errors.invalid');
      if (err.code === 'forbidden' && /cannot manage/i.test(err.message)) out.role = t('errors.role');
      if (err.code !== 'validation_failed' || !Array.isArray(err.details)) return out;
      for (const issue of err.details as Issue[]) {
        const field = String(issue.path ?? '').split('.')[0];
        if (field === 'password') {
          const message = String(issue.message ?? '');
          const code: PasswordCode | null = isPasswordCode(issue.code) ? issue.code : /at least/.test(message) ? 'password_too_short' : /at most|too big/i.test(message) ? 'password_too_long' : null;
          out.password ??= code ? t(`errors.password.${code}`) : t('errors.invalid');
        } else if (field === 'login') out.login ??= t('errors.login');
        else if (field === 'extension') out.extension ??= t('errors.extension');
        else if (field === 'name') out.name ??= t('errors.name');
        else if (field === 'role') out.role ??= t('errors.role');
        else if (field === 'teamId') out.teamId ??= t('errors.invalid');
        else if (field === 'locale') out.locale ??= t('errors.invalid');
      }
      return out;
    },
    [t],
  );
}
