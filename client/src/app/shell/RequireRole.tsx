import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { useCurrentUser } from '../../modules/auth/hooks/use-session';
import { hasRole } from '../../modules/auth/roles';
import type { Role } from '../../modules/users/api/user.types';
import { EmptyState } from '../../ui/EmptyState';

export type RequireRoleProps = {
  /** The lowest role that may see these pages. */
  min?: Role;
  /** Exactly these roles. */
  only?: readonly Role[];
};

/** Shows a plain "no access" page to roles a page is not for (the API refuses them anyway). */
export function RequireRole({ min, only }: RequireRoleProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const allowed = (min === undefined || hasRole(me.role, min)) && (only === undefined || only.includes(me.role));
  if (!allowed) return <EmptyState title={t('forbidden.title')} text={t('forbidden.text')} />;
  return <Outlet />;
}
