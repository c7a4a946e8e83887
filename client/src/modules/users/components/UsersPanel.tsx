import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { DebouncedInput } from '../../../ui/DebouncedInput';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { useTeams } from '../../teams/hooks/use-teams';
import { ROLES, type User, type UserListQuery } from '../api/user.types';
import { useChangeUser, useUserList } from '../hooks/use-user-admin';
import { DeactivateUserDialog } from './DeactivateUserDialog';
import { grantableRoles, mayManage } from './grantable-roles';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserFormDialog } from './UserFormDialog';
import './admin.css';

type Status = 'all' | 'active' | 'inactive';
type Dialog = { kind: 'edit'; user: User | null } | { kind: 'password'; user: User } | { kind: 'deactivate'; user: User };
/** What was just done, kept as data so it follows a change of language. */
type Notice = { kind: 'created' | 'saved' | 'deactivated' | 'reactivated' | 'passwordReset'; name: string };

/** Case- and accent-insensitive text for the search box. */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The users of the floor for managers and admins: filtered on the server by role, team and status, searched
 * here by name, login or extension; created, edited, deactivated and given a new password within the
 * signed-in user's rights (admins everyone, managers the roles below their own).
 */
export function UsersPanel() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const { teams, teamName } = useTeams();
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<UserListQuery>({});
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const list = useUserList(query);
  const reactivate = useChangeUser();
  const status: Status = query.active === undefined ? 'all' : query.active ? 'active' : 'inactive';
  const mayCreate = grantableRoles(me.role).length > 0;

  const items = useMemo(() => {
    const all = list.data?.items ?? [];
    const needle = fold(search.trim());
    if (!needle) return all;
    return all.filter((u) => fold(`${u.name} ${u.login} ${u.extension ?? ''}`).includes(needle));
  }, [list.data, search]);

  const done = (kind: Notice['kind'], user: User) => {
    setDialog(null);
    setNotice({ kind, name: user.name });
  };

  const content = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{tc('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    }
    if (items.length === 0) return <EmptyState title={t('users.empty')} />;
    return (
      <div className={`table-wrap ${list.isPlaceholderData ? 'is-stale' : ''}`}>
        <table className="table table-hover admin-table" aria-label={t('users.title')}>
          <thead>
            <tr>
              <th scope="col">{t('users.columns.name')}</th>
              <th scope="col">{t('users.columns.role')}</th>
              <th scope="col">{t('users.columns.team')}</th>
              <th scope="col">{t('users.columns.extension')}</th>
              <th scope="col" className="admin-col-optional">
                {t('users.columns.language')}
              </th>
              <th scope="col">{t('users.columns.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('users.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((u) => {
              const self = u.id === me.id;
              const managed = mayManage(me, u) && !self;
              return (
                <tr key={u.id} data-user-login={u.login} className={u.active ? undefined : 'admin-row-inactive'}>
                  <td>
                    <div className="cell-title">
                      {u.name}
                      {self && <span className="muted"> ({t('users.you')})</span>}
                    </div>
                    <div className="cell-sub mono">{u.login}</div>
                  </td>
                  <td className="nowrap">{tc(`roles.${u.role}`)}</td>
                  <td>{u.teamId === null ? <span className="muted">{t('users.noTeam')}</span> : teamName(u.teamId)}</td>
                  <td className="mono" data-label={t('users.columns.extension')}>
                    {u.extension ?? tc('common.empty')}
                  </td>
                  <td className="admin-col-optional nowrap">{u.locale ? tc(`language.${u.locale}`) : <span className="muted">{t('users.languageAuto')}</span>}</td>
                  <td>{u.active ? <Badge tone="green">{t('users.active')}</Badge> : <Badge tone="slate">{t('users.inactive')}</Badge>}</td>
                  <td>
                    <div className="admin-actions">
                      {(managed || self) && (
                        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={`${t('users.edit')}: ${u.name}`}>
                          {t('users.edit')}
                        </button>
                      )}
                      {managed && (
                        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setDialog({ kind: 'password', user: u })} aria-label={`${t('users.resetPassword')}: ${u.name}`}>
                          {t('users.resetPassword')}
                        </button>
                      )}
                      {managed && u.active && (
                        <button type="button" className="btn btn-ghost btn-sm btn-ghost-danger" onClick={() => setDialog({ kind: 'deactivate', user: u })} aria-label={`${t('users.deactivate')}: ${u.name}`}>
                          {t('users.deactivate')}
                        </button>
                      )}
                      {managed && !u.active && (
                        <button
                          type="button"
                          className="btn btn-ghost btn-sm"
                          disabled={reactivate.isPending}
                          aria-label={`${t('users.reactivate')}: ${u.name}`}
                          onClick={() => reactivate.mutate({ id: u.id, patch: { active: true } }, { onSuccess: (user) => done('reactivated', user) })}
                        >
                          {t('users.reactivate')}
                        </button>
                      )}
                      {!managed && !self && <span className="muted admin-readonly" title={t('users.readOnlyHint')}>{tc('common.empty')}</span>}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  };

  return (
    <section className="panel" aria-labelledby="users-title">
      <div className="panel-header panel-header-wrap">
        <div>
          <h2 className="panel-title" id="users-title">
            {t('users.title')}
          </h2>
          {list.data && <p className="panel-note">{t('users.count', { count: items.length })}</p>}
        </div>
        {mayCreate && (
          <div className="page-actions">
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setNotice(null);
                setDialog({ kind: 'edit', user: null });
              }}
            >
              + {t('users.new')}
            </button>
          </div>
        )}
      </div>
      <div className="stack-sm">
        <div className="filters admin-filters" role="group" aria-label={t('users.filtersLabel')}>
          <DebouncedInput type="search" className="admin-search" maxLength={100} aria-label={t('users.search')} placeholder={t('users.search')} value={search} onValueChange={setSearch} />
          <select aria-label={t('users.columns.role')} value={query.role ?? ''} onChange={(e) => setQuery((q) => ({ ...q, role: ROLES.find((r) => r === e.target.value) }))}>
            <option value="">{t('users.anyRole')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {tc(`roles.${r}`)}
              </option>
            ))}
          </select>
          <select aria-label={t('users.columns.team')} value={query.teamId ?? ''} onChange={(e) => setQuery((q) => ({ ...q, teamId: Number(e.target.value) || undefined }))}>
            <option value="">{t('users.anyTeam')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
          <select
            aria-label={t('users.columns.status')}
            value={status}
            onChange={(e) => setQuery((q) => ({ ...q, active: e.target.value === 'all' ? undefined : e.target.value === 'active' }))}
          >
            <option value="all">{t('users.statusAll')}</option>
            <option value="active">{t('users.statusActive')}</option>
            <option value="inactive">{t('users.statusInactive')}</option>
          </select>
        </div>
        {notice && <Alert tone="success">{t(`users.${notice.kind}`, { name: notice.name })}</Alert>}
        {reactivate.error && <Alert>{errorText(reactivate.error)}</Alert>}
        {content()}
      </div>

      {dialog?.kind === 'edit' && <UserFormDialog user={dialog.user} onClose={() => setDialog(null)} onSaved={(user, created) => done(created ? 'created' : 'saved', user)} />}
      {dialog?.kind === 'password' && <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} onDone={(user) => done('passwordReset', user)} />}
      {dialog?.kind === 'deactivate' && <DeactivateUserDialog user={dialog.user} onClose={() => setDialog(null)} onDone={(user) => done('deactivated', user)} />}
    </section>
  );
}
