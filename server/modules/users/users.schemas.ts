import { z } from 'zod';
import { ROLES } from '../../db/entities';
import { normalizeLogin } from '../auth/login-name';
import { singleLine } from '../../http/text-fields';

// Normalized first (Unicode form, invisible characters, case: see login-name.ts), then checked.
const login = z.string().max(200).transform(normalizeLogin).pipe(z.string().regex(/^[a-z0-9._-]{3,64}$/, 'must be 3-64 letters, digits, dots, dashes or underscores'));
const password = z.string().min(10, 'must be at least 10 characters').max(200);
const name = singleLine(200);
const extension = z.string().trim().regex(/^[0-9A-Za-z*#]{1,32}$/, 'must be a PBX extension such as 101').nullable();
const locale = z.enum(['ru', 'uk', 'en']).nullable();

export const createUserSchema = z
  .object({
    login,
    password,
    name,
    role: z.enum(ROLES),
    extension: extension.optional(),
    teamId: z.number().int().positive().nullable().optional(),
    locale: locale.optional(),
  })
  .strict();

export const updateUserSchema = z
  .object({
    password: password.optional(),
    /** Required when people change their own password. */
    currentPassword: z.string().min(1).max(200).optional(),
    name: name.optional(),
    role: z.enum(ROLES).optional(),
    extension: extension.optional(),
    teamId: z.number().int().positive().nullable().optional(),
    locale: locale.optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const listUsersQuery = z
  .object({
    role: z.enum(ROLES).optional(),
    teamId: z.coerce.number().int().positive().optional(),
    active: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  })
  .strict();

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type ListUsersQuery = z.infer<typeof listUsersQuery>;
