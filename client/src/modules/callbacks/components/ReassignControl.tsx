import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { PeopleOptions } from '../../routing/components/PeopleOptions';
import type { Team } from '../../teams/api/teams.api';
import type { DirectoryEntry } from '../../users/api/user.types';
import type { Callback } from '../api/callback.types';
import { useReassignCallback } from '../hooks/use-reassign-callback';

export type ReassignControlProps = {
  callback: Callback;
  users: readonly DirectoryEntry[];
  teams: readonly Team[];
  /** Told after the server has recorded the handover. */
  onReassigned: (callback: Callback) => void;
};

const POOL = 'pool';

/** "Reassign to…" and a button: one click hands the callback over once someone is chosen. */
export function ReassignControl({ callback, users, teams, onReassigned }: ReassignControlProps) {
  const { t } = useTranslation('routing');
  const errorText = useErrorText();
  const reassign = useReassignCallback(onReassigned);
  const [choice, setChoice] = useState('');
  const submit = () => {
    if (!choice) return;
    reassign.mutate({ id: callback.id, assigneeId: choice === POOL ? null : Number(choice) });
  };
  return (
    <div className="reassign">
      <div className="reassign-controls">
        <select aria-label={t('tails.reassignLabel', { id: callback.id })} value={choice} onChange={(e) => setChoice(e.target.value)} disabled={reassign.isPending}>
          <option value="">{t('tails.reassignTo')}</option>
          {callback.assigneeId !== null && <option value={POOL}>{t('tails.toPool')}</option>}
          <PeopleOptions users={users} teams={teams} exclude={[callback.assigneeId]} supervisorsLabel={t('tails.supervisors')} noTeamLabel={t('tails.noTeam')} />
        </select>
        <button type="button" className="btn btn-primary btn-sm" disabled={!choice || reassign.isPending} onClick={submit}>
          {reassign.isPending ? t('tails.reassigning') : t('tails.reassign')}
        </button>
      </div>
      {reassign.isError && (
        <p className="call-result call-result-error" role="alert">
          {errorText(reassign.error)}
        </p>
      )}
    </div>
  );
}
