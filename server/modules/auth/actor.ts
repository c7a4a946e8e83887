import type { Role } from '../../db/entities';

/** Who is acting, as services see it: resolved from the session by the HTTP or socket edge. */
export type Actor = { userId: number; role: Role; ip: string | null };

const RANK: Record<Role, number> = { operator: 1, supervisor: 2, manager: 3, admin: 4 };

/** Roles are ordered operator < supervisor < manager < admin; a higher role can do what a lower can. */
export const hasRole = (role: Role, atLeast: Role): boolean => RANK[role] >= RANK[atLeast];
export const outranks = (role: Role, other: Role): boolean => RANK[role] > RANK[other];
