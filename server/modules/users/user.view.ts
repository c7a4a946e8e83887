import type { AgentState, Role, UserRow } from '../../db/entities';

/** A user as the API shows it: never the password hash. */
export type UserView = {
  id: number;
  login: string;
  name: string;
  role: Role;
  extension: string | null;
  teamId: number | null;
  state: AgentState;
  stateSince: string;
  locale: string | null;
  active: boolean;
  createdAt: string;
};

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    extension: u.extension,
    teamId: u.teamId,
    state: u.state,
    stateSince: u.stateSince.toISOString(),
    locale: u.locale,
    active: Boolean(u.active),
    createdAt: u.createdAt.toISOString(),
  };
}
