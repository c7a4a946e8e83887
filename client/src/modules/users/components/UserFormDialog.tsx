import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { LANGUAGES } from '../../../i18n/i18n';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { useTeams } from '../../teams/hooks/use-teams';
import type { Role, User, UserAdminPatch } from '../api/user.types';
import { useChangeUser, useCreateUser } from '../hooks/use-user-admin';
import { FieldError } from './FieldError';
import { grantableRoles, mayManage } from './grantable-roles';
import { useUserFieldErrors, type FieldErrors, type UserField } from './user-field-errors';

export type UserFormDialogProps = {
  /** The user to edit, or null to create one. */
  user: User | null;
  onClose: () => void;
  onSaved: (user: User, created: boolean) => void;
};

type Draft = { login: string; password: string; name: string; role: Role; extension: string; teamId: string; locale: string };

const draftOf = (user: User | null, role: Role): Draft => ({
  login: user?.login ?? '',
  password: '',
  name: user?.name ?? '',
  role: user?.role ?? role,
  extension: user?.extension ?? '',
  teamId: user?.teamId ? String(user.teamId) : '',
  locale: user?.locale ?? '',
});

const localeOf = (value: string): User['locale'] => LANGUAGES.find((l) => l === value) ?? null;

/**
 * Creates a user or edits one (name, role, extension, team, language). Roles are those the signed-in user
 * may give; the server's refusals show under the fields they are about (the password policy included).
 */
export function UserFormDialog({ user, onClose, onSaved }: UserFormDialogProps) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const me = useCurrentUser();
  const { teams } = useTeams();
  const errorText = useErrorText();
  const fieldErrorsOf = useUserFieldErrors();
  const create = useCreateUser();
  const change = useChangeUser();
  const roles = grantableRoles(me.role);
  const [draft, setDraft] = useState<Draft>(() => draftOf(user, roles[0] ?? 'operator'));
  const [missing, setMissing] = useState<FieldErrors>({});
  const self = user !== null && user.id === me.id;
  // People edit their own name and language; the rest of their own account is for someone above them.
  const managed = user === null || (mayManage(me, user) && !self) || (self && me.role === 'admin');
  const roleLocked = user !== null && (self || !managed);
  const error = create.error ?? change.error;
  const fieldErrors: FieldErrors = { ...(error ? fieldErrorsOf(error) : {}), ...missing };
  const fieldless = error !== null && Object.keys(fieldErrorsOf(error)).length === 0;
  const saving = create.isPending || change.isPending;

  const set = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setMissing({});
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const required: FieldErrors = {};
    if (!draft.name.trim()) required.name = t('errors.required');
    if (!user && !draft.login.trim()) required.login = t('errors.required');
    if (!user && !draft.password) required.password = t('errors.required');
    setMissing(required);
    if (Object.keys(required).length > 0) return;
    const extension = draft.extension.trim() || null;
    const teamId = Number(draft.teamId) || null;
    const locale = localeOf(draft.locale);
    if (!user) {
      create.mutate({ login: draft.login.trim(), password: draft.password, name: draft.name.trim(), role: draft.role, extension, teamId, locale }, { onSuccess: (created) => onSaved(created, true) });
      return;
    }
    // Only what changed: a self-edit stays within what people may change on themselves.
    const patch: UserAdminPatch = {};
    if (draft.name.trim() !== user.name) patch.name = draft.name.trim();
    if (locale !== user.locale) patch.locale = locale;
    if (managed) {
      if (!roleLocked && draft.role !== user.role) patch.role = draft.role;
      if (extension !== user.extension) patch.extension = extension;
      if (teamId !== user.teamId) patch.teamId = teamId;
    }
    if (Object.keys(patch).length === 0) {
      onSaved(user, false);
      return;
    }
    change.mutate({ id: user.id, patch }, { onSuccess: (saved) => onSaved(saved, false) });
  };

  const described = (id: string, hint: string | undefined, field: UserField) => [hint, fieldErrors[field] ? `${id}-err` : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <Modal title={user ? t('userForm.editTitle', { name: user.name }) : t('userForm.createTitle')} onClose={onClose}>
      <form className="form admin-form" onSubmit={submit} noValidate>
        {!user && (
          <Field label={`${t('userForm.login')} *`} hint={t('userForm.loginHint')}>
            {(id, hint) => (
              <>
                <input id={id} name="login" autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={64} aria-describedby={described(id, hint, 'login')} aria-invalid={!!fieldErrors.login || undefined} value={draft.login} onChange={(e) => set({ login: e.target.value })} autoFocus />
                <FieldError id={`${id}-err`} text={fieldErrors.login} />
              </>
            )}
          </Field>
        )}
        <Field label={`${t('userForm.name')} *`}>
          {(id, hint) => (
            <>
              <input id={id} name="name" maxLength={200} aria-describedby={described(id, hint, 'name')} aria-invalid={!!fieldErrors.name || undefined} value={draft.name} onChange={(e) => set({ name: e.target.value })} autoFocus={user !== null} />
              <FieldError id={`${id}-err`} text={fieldErrors.name} />
            </>
          )}
        </Field>
        {!user && (
          <Field label={`${t('userForm.password')} *`} hint={t('userForm.passwordHint')}>
            {(id, hint) => (
              <>
                <input id={id} name="password" type="password" autoComplete="new-password" maxLength={200} aria-describedby={described(id, hint, 'password')} aria-invalid={!!fieldErrors.password || undefined} value={draft.password} onChange={(e) => set({ password: e.target.value })} />
                <FieldError id={`${id}-err`} text={fieldErrors.password} />
              </>
            )}
          </Field>
        )}
        <div className="form-row">
          <Field label={t('userForm.role')} hint={roleLocked ? undefined : t('userForm.roleHint')}>
            {(id, hint) => (
              <>
                <select id={id} name="role" disabled={roleLocked} aria-describedby={described(id, hint, 'role')} aria-invalid={!!fieldErrors.role || undefined} value={draft.role} onChange={(e) => set({ role: roles.find((r) => r === e.target.value) ?? draft.role })}>
                  {(roleLocked ? [draft.role] : roles).map((r) => (
                    <option key={r} value={r}>
                      {tc(`roles.${r}`)}
                    </option>
                  ))}
                </select>
                <FieldError id={`${id}-err`} text={fieldErrors.role} />
              </>
            )}
          </Field>
          <Field label={t('userForm.extension')} hint={t('userForm.extensionHint')}>
            {(id, hint) => (
              <>
                <input id={id} name="extension" inputMode="numeric" maxLength={32} disabled={!managed} aria-describedby={described(id, hint, 'extension')} aria-invalid={!!fieldErrors.extension || undefined} value={draft.extension} onChange={(e) => set({ extension: e.target.value })} />
                <FieldError id={`${id}-err`} text={fieldErrors.extension} />
              </>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('userForm.team')}>
            {(id, hint) => (
              <>
                <select id={id} name="teamId" disabled={!managed} aria-describedby={described(id, hint, 'teamId')} aria-invalid={!!fieldErrors.teamId || undefined} value={draft.teamId} onChange={(e) => set({ teamId: e.target.value })}>
                  <option value="">{t('users.noTeam')}</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
                <FieldError id={`${id}-err`} text={fieldErrors.teamId} />
              </>
            )}
          </Field>
          <Field label={t('userForm.language')}>
            {(id) => (
              <select id={id} name="locale" value={draft.locale} onChange={(e) => set({ locale: e.target.value })}>
                <option value="">{t('users.languageAuto')}</option>
                {LANGUAGES.map((l) => (
                  <option key={l} value={l}>
                    {tc(`language.${l}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {fieldless && <Alert>{errorText(error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? tc('common.saving') : user ? tc('common.save') : t('userForm.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
