import { z } from 'zod';
import { CALLBACK_STATUSES } from '../../db/entities';
import { multiLine } from '../../http/text-fields';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const note = multiLine(2000).nullable();

export const createCallbackSchema = z
  .object({
    clientId: z.number().int().positive(),
    /** null leaves it in the unassigned pool. */
    assigneeId: z.number().int().positive().nullable(),
    dueAt: instant,
    note: note.optional(),
    priority: z.number().int().min(0).max(3).default(0),
    originCallId: z.number().int().positive().optional(),
  })
  .strict();

export const updateCallbackSchema = z
  .object({
    status: z.enum(CALLBACK_STATUSES).optional(),
    dueAt: instant.optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
    note: note.optional(),
    priority: z.number().int().min(0).max(3).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

export const listCallbacksQuery = z
  .object({
    assigneeId: z.coerce.number().int().positive().optional(),
    clientId: z.coerce.number().int().positive().optional(),
    /** An organization's callbacks: its own and its contact people's. */
    organizationId: z.coerce.number().int().positive().optional(),
    status: z.enum(CALLBACK_STATUSES).optional(),
    overdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
    pool: z.enum(['true']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export type CreateCallbackInput = z.infer<typeof createCallbackSchema>;
export type UpdateCallbackInput = z.infer<typeof updateCallbackSchema>;
export type ListCallbacksQuery = z.infer<typeof listCallbacksQuery>;
