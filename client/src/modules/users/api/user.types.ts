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

/** What everyone may know about a colleague. */
export type DirectoryEntry = Pick<User, 'id' | 'name' | 'role' | 'extension' | 'teamId' | 'active'>;
