import type { Role } from '../users/api/user.types';

const RANK: Record<Role, number> = { operator: 0, supervisor: 1, manager: 2, admin: 3 };

/** True when `role` is `min` or above (operator < supervisor < manager < admin), as the server checks it. */
export const hasRole = (role: Role, min: Role): boolean => RANK[role] >= RANK[min];
