export const ROLES = ['operator', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type AgentState = 'offline' | 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'break';

export type User = {
  id: number;
  login: string;
  name: string;
  role: Role;
  extension: string | null;
  teamId: number | null;
  state: AgentState;
  stateSince: string;
  locale: 'ru' | 'uk' | 'en' | null;
  active: boolean;
  createdAt: string;
};

export type UserPatch = Partial<Pick<User, 'name' | 'locale'>>;

/** What a manager or an admin creates (POST /api/users). */
export type NewUser = {
  login: string;
  password: string;
  name: string;
  role: Role;
  extension?: string | null;
  teamId?: number | null;
  locale?: User['locale'];
};

/** What a manager or an admin changes on someone else (PATCH /api/users/:id); a password change ends their sessions. */
export type UserAdminPatch = Partial<Pick<User, 'name' | 'role' | 'extension' | 'teamId' | 'locale' | 'active'>> & { password?: string };

/** The list's server-side filters (GET /api/users). */
export type UserListQuery = { role?: Role | undefined; teamId?: number | undefined; active?: boolean | undefined };

/** What everyone may know about a colleague. */
export type DirectoryEntry = Pick<User, 'id' | 'name' | 'role' | 'extension' | 'teamId' | 'active'>;
