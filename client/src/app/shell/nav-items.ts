import type { ParseKeys } from 'i18next';
import { hasRole } from '../../modules/auth/roles';
import type { Role } from '../../modules/users/api/user.types';

export type NavItem = { to: string; label: ParseKeys; visible: (role: Role) => boolean };

/** The main navigation; each workspace shows only to the roles it is for. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/clients', label: 'nav.clients', visible: () => true },
  // One's own tasks, meetings and birthdays. Managers and admins open it by its address or from the tasks
  // report (their menu is full at 1366 px); supervisors and managers may look at anyone's there.
  { to: '/agenda', label: 'nav.agenda', visible: (role) => role === 'operator' || role === 'supervisor' },
  // Supervisors take calls too (they have extensions); managers and admins may open it by its address.
  { to: '/console', label: 'nav.console', visible: (role) => role === 'operator' || role === 'supervisor' },
  // Operators work the campaigns they are in, supervisors watch them. Managers and admins run them from a
  // tab of the administration (their menu is full at 1366 px); /campaigns works for them too.
  { to: '/campaigns', label: 'nav.campaigns', visible: (role) => role === 'operator' || role === 'supervisor' },
  { to: '/wallboard', label: 'nav.wallboard', visible: (role) => hasRole(role, 'supervisor') },
  { to: '/rules', label: 'nav.rules', visible: (role) => hasRole(role, 'supervisor') },
  { to: '/reports', label: 'nav.reports', visible: (role) => hasRole(role, 'supervisor') },
  { to: '/abc', label: 'nav.abc', visible: (role) => hasRole(role, 'supervisor') },
  // Managers and admins open it as a tab of the administration (their menu is full at 1366 px).
  { to: '/dnc', label: 'nav.dnc', visible: (role) => role === 'supervisor' },
  { to: '/imports', label: 'nav.imports', visible: (role) => hasRole(role, 'manager') },
  { to: '/audit', label: 'nav.audit', visible: (role) => hasRole(role, 'manager') },
  { to: '/admin', label: 'nav.admin', visible: (role) => hasRole(role, 'manager') },
];

/** Where a role lands after signing in: its own workspace. */
export function homeOf(role: Role): string {
  if (role === 'operator') return '/console';
  if (role === 'supervisor') return '/wallboard';
  return '/clients';
}
