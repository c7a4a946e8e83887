import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { FieldError } from '../../users/components/FieldError';
import type { User } from '../../users/api/user.types';
import type { Team } from '../api/teams.api';
import { useCreateTeam, useUpdateTeam } from '../hooks/use-team-admin';

export type TeamFormDialogProps = {
  /** The team to edit, or null for a new one. */
  team: Team | null;
  /** Everyone who may supervise a team: active supervisors, managers and admins. */
  supervisors: readonly User[];
  onClose: () => void;
  onSaved: (team: Team, created: boolean) => void;
};

/** Which field a refused team change is about: a taken or bad name, or a supervisor who cannot supervise. */
function useTeamErrors() {
  const { t } = useTranslation('admin');
  return (err: unknown): { name?: string; supervisor?: string } => {
    if (!isApiError(err)) return {};
    if (err.code === 'conflict') return { name: t('errors.teamTaken') };
    if (err.code === 'bad_request') return { supervisor: t('errors.supervisor') };
    if (err.code !== 'validation_failed' || !Array.isArray(err.details)) return {};
    const paths = (err.details as { path?: unknown }[]).map((d) => String(d.path ?? ''));
    return { ...(paths.includes('name') && { name: t('errors.teamName') }), ...(paths.includes('supervisorId') && { supervisor: t('errors.supervisor') }) };
  };
}

/** Creates a team or renames it and names its supervisor. */
export function TeamFormDialog({ team, supervisors, onClose, onSaved }: TeamFormDialogProps) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const errorsOf = useTeamErrors();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [name, setName] = useState(team?.name ?? '');
  const [supervisorId, setSupervisorId] = useState(team?.supervisorId ? String(team.supervisorId) : '');
  const [required, setRequired] = useState(false);
  const error = create.error ?? update.error;
  const fieldErrors = error ? errorsOf(error) : {};
  const nameError = required ? t('errors.required') : fieldErrors.name;
  const saving = create.isPending || update.isPending;
  // A supervisor who is no longer in the list (deactivated) still shows as the current choice.
  const current = team?.supervisorId && !supervisors.some((s) => s.id === team.supervisorId) ? team.supervisorId : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setRequired(true);
    const input = { name: name.trim(), supervisorId: Number(supervisorId) || null };
    if (!team) create.mutate(input, { onSuccess: (saved) => onSaved(saved, true) });
    else update.mutate({ id: team.id, patch: input }, { onSuccess: (saved) => onSaved(saved, false) });
  };

  return (
    <Modal title={team ? t('teamForm.editTitle', { name: team.name }) : t('teamForm.createTitle')} onClose={onClose}>
      <form className="form admin-form" onSubmit={submit} noValidate>
        <Field label={`${t('teamForm.name')} *`}>
          {(id) => (
            <>
              <input
                id={id}
                name="team-name"
                maxLength={100}
                autoFocus
                aria-invalid={!!nameError || undefined}
                aria-describedby={nameError ? `${id}-err` : undefined}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setRequired(false);
                }}
              />
              <FieldError id={`${id}-err`} text={nameError} />
            </>
          )}
        </Field>
        <Field label={t('teamForm.supervisor')} hint={t('teams.supervisorHint')}>
          {(id, hint) => (
            <>
              <select
                id={id}
                name="supervisor"
                aria-invalid={!!fieldErrors.supervisor || undefined}
                aria-describedby={[hint, fieldErrors.supervisor ? `${id}-err` : undefined].filter(Boolean).join(' ') || undefined}
                value={supervisorId}
                onChange={(e) => setSupervisorId(e.target.value)}
              >
                <option value="">{t('teams.noSupervisor')}</option>
                {current !== null && <option value={current}>{tc('common.userNumber', { id: current })}</option>}
                {supervisors.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} · {tc(`roles.${s.role}`)}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-err`} text={fieldErrors.supervisor} />
            </>
          )}
        </Field>
        {error && Object.keys(fieldErrors).length === 0 && <Alert>{errorText(error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {saving ? tc('common.saving') : team ? tc('common.save') : t('teamForm.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
