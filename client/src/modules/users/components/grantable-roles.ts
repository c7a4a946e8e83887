import { hasRole } from '../../auth/roles';
import { ROLES, type Role, type User } from '../api/user.types';

/** The roles `me` may give, as the server allows: admins any, managers those below their own, others none. */
export function grantableRoles(me: Role): Role[] {
  if (me === 'admin') return [...ROLES];
  if (!hasRole(me, 'manager')) return [];
  return ROLES.filter((r) => r !== me && hasRole(me, r));
}

/** Whether `me` may change `user`'s role, team, extension, status or password (the server checks the same). */
export function mayManage(me: Pick<User, 'id' | 'role'>, user: Pick<User, 'id' | 'role'>): boolean {
  return grantableRoles(me.role).includes(user.role);
}
