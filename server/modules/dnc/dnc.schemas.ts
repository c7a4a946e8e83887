import { z } from 'zod';
import { singleLine } from '../../http/text-fields';

/** Why a number must not be called, as people type it (the client's words, a complaint's reference). */
const reason = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), singleLine(500).optional());

/** A number in any format the install's regions read; the service normalizes it (at least 3 digits). */
const phone = z.string().trim().min(1).max(40);

export const addDncSchema = z
  .object({
    phone,
    reason,
    /** The client the number was added for (the wrap-up's caller); kept, not required to match. */
    clientId: z.number().int().positive().max(2_147_483_647).optional(),
    /** Where it was added: the wrap-up form says so; anything else is a manual entry. */
    source: z.enum(['manual', 'wrap_up']).optional(),
  })
  .strict();

export const listDncQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const checkDncQuery = z.object({ phone }).strict();

export const exportDncQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

export type AddDncInput = z.infer<typeof addDncSchema>;
export type ListDncQuery = z.infer<typeof listDncQuery>;
/** Where an entry came from. */
export type DncSource = 'manual' | 'wrap_up' | 'import';
