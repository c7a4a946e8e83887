import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from '../../modules/auth/hooks/use-session';

/** The signed-in user's name and role, and the way out. */
export function UserMenu() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <div className="user-menu">
      <div className="user-info" title={t('auth.signedInAs', { name: me.login })}>
        <span className="user-name">{me.name}</span>
        <span className="user-role">{t(`roles.${me.role}`)}</span>
      </div>
      <button type="button" className="btn btn-header" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })} disabled={logout.isPending}>
        {t('auth.logout')}
      </button>
    </div>
  );
}
