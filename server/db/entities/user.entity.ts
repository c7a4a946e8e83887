import { EntitySchema } from 'typeorm';

export const ROLES = ['operator', 'supervisor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const AGENT_STATES = ['offline', 'available', 'ringing', 'on_call', 'wrap_up', 'break'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export type UserRow = {
  id: number;
  login: string;
  passwordHash: string;
  name: string;
  role: Role;
  extension: string | null;
  teamId: number | null;
  state: AgentState;
  stateSince: Date;
  locale: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type TeamRow = { id: number; name: string; supervisorId: number | null; createdAt: Date };

export type SessionRow = {
  id: number;
  tokenHash: string;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
};

export const UserEntity = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    login: { type: 'varchar', length: 64 },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255 },
    name: { type: 'varchar', length: 200 },
    role: { type: 'varchar', length: 16 },
    extension: { type: 'varchar', length: 32, nullable: true },
    teamId: { name: 'team_id', type: 'integer', nullable: true },
    state: { type: 'varchar', length: 16 },
    stateSince: { name: 'state_since', type: 'datetime', precision: 3 },
    locale: { type: 'varchar', length: 8, nullable: true },
    active: { type: 'boolean' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});

export const TeamEntity = new EntitySchema<TeamRow>({
  name: 'Team',
  tableName: 'teams',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 100 },
    supervisorId: { name: 'supervisor_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});

export const SessionEntity = new EntitySchema<SessionRow>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    tokenHash: { name: 'token_hash', type: 'varchar', length: 64 },
    userId: { name: 'user_id', type: 'integer' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    expiresAt: { name: 'expires_at', type: 'datetime', precision: 3 },
    revokedAt: { name: 'revoked_at', type: 'datetime', precision: 3, nullable: true },
    ip: { type: 'varchar', length: 64, nullable: true },
    userAgent: { name: 'user_agent', type: 'varchar', length: 255, nullable: true },
  },
});
