import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useUserList } from '../../users/hooks/use-user-admin';
import type { Team } from '../api/teams.api';
import { useTeams } from '../hooks/use-teams';
import { TeamFormDialog } from './TeamFormDialog';
import '../../users/components/admin.css';

type Notice = { kind: 'created' | 'saved'; name: string };

/** The teams with their supervisor and active head count; managers and admins create and edit them. */
export function TeamsPanel() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const { teams, isLoading } = useTeams();
  const users = useUserList({ active: true });
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const active = useMemo(() => users.data?.items ?? [], [users.data]);
  const supervisors = useMemo(() => active.filter((u) => u.role !== 'operator'), [active]);
  const nameOf = (id: number) => active.find((u) => u.id === id)?.name ?? tc('common.userNumber', { id });
  const members = (teamId: number) => active.filter((u) => u.teamId === teamId).length;

  const content = () => {
    if (isLoading) return <Spinner />;
    if (users.isError && !users.data) return <Alert>{errorText(users.error)}</Alert>;
    if (teams.length === 0) return <EmptyState title={t('teams.empty')} />;
    return (
      <div className="table-wrap">
        <table className="table table-hover admin-table" aria-label={t('teams.title')}>
          <thead>
            <tr>
              <th scope="col">{t('teams.columns.name')}</th>
              <th scope="col">{t('teams.columns.supervisor')}</th>
              <th scope="col">{t('teams.columns.members')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('teams.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <td className="cell-title">{team.name}</td>
                <td>{team.supervisorId === null ? <span className="muted">{t('teams.noSupervisor')}</span> : nameOf(team.supervisorId)}</td>
                <td data-label={t('teams.columns.members')}>{users.data ? members(team.id) : tc('common.empty')}</td>
                <td>
                  <div className="admin-actions">
                    <button type="button" className="btn btn-ghost btn-sm" aria-label={`${t('teams.edit')}: ${team.name}`} onClick={() => setEditing(team)}>
                      {t('teams.edit')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  };

  return (
    <section className="panel" aria-labelledby="teams-title">
      <div className="panel-header panel-header-wrap">
        <h2 className="panel-title" id="teams-title">
          {t('teams.title')}
        </h2>
        <div className="page-actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setNotice(null);
              setEditing('new');
            }}
          >
            + {t('teams.new')}
          </button>
        </div>
      </div>
      <div className="stack-sm">
        {notice && <Alert tone="success">{t(`teams.${notice.kind}`, { name: notice.name })}</Alert>}
        {content()}
      </div>
      {editing && (
        <TeamFormDialog
          team={editing === 'new' ? null : editing}
          supervisors={supervisors}
          onClose={() => setEditing(null)}
          onSaved={(team, created) => {
            setEditing(null);
            setNotice({ kind: created ? 'created' : 'saved', name: team.name });
          }}
        />
      )}
    </section>
  );
}
