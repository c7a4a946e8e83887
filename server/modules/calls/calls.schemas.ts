import { z } from 'zod';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from '../../db/entities';
import { multiLine } from '../../http/text-fields';
import { dispositionCode } from '../dispositions/dispositions.schemas';

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const listCallsQuery = z
  .object({
    from: instant.optional(),
    to: instant.optional(),
    operatorId: z.coerce.number().int().positive().optional(),
    clientId: z.coerce.number().int().positive().optional(),
    /** An organization's calls: its own (the switchboard) and its contact people's. */
    organizationId: z.coerce.number().int().positive().optional(),
    /** The calls made for an outbound campaign. */
    campaignId: z.coerce.number().int().positive().optional(),
    outcome: z.enum(CALL_OUTCOMES).optional(),
    direction: z.enum(CALL_DIRECTIONS).optional(),
    pbx: z.string().min(1).max(32).optional(),
    pbxCallId: z.string().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

/**
 * The result codes the `dispositions` table is seeded with (migrations 1795500000110 and …320), with their `effective`
 * flags. The manager edits the list (server/modules/dispositions); the KPIs start from these flags until the
 * list has loaded.
 */
export const DISPOSITIONS = [
  { code: 'sale', effective: true },
  { code: 'callback_promised', effective: true },
  { code: 'info_given', effective: true },
  { code: 'not_interested', effective: false },
  { code: 'wrong_number', effective: false },
  { code: 'no_decision_maker', effective: false },
  // Migration 1795500000320: nobody answered (a campaign's retry ladder starts from these).
  { code: 'busy', effective: false },
  { code: 'no_answer', effective: false },
] as const;

export type DispositionCode = (typeof DISPOSITIONS)[number]['code'];

export const wrapUpSchema = z
  .object({
    /** An active code of the manager's list (checked by the service), or null to clear it. */
    disposition: dispositionCode.nullable().optional(),
    note: multiLine(5000).nullable().optional(),
    /** Links the call to a client (e.g. one just created from an unknown caller's pop). */
    clientId: z.number().int().positive().nullable().optional(),
    /** Promises the client a callback at this time, assigned to whoever wraps up (required by codes that open one). */
    callbackAt: instant.optional(),
  })
  .strict()
  .refine((b) => b.disposition !== undefined || b.note !== undefined || b.clientId !== undefined, { message: 'set disposition, note or clientId' });

export type ListCallsQuery = z.infer<typeof listCallsQuery>;
export type WrapUpInput = z.infer<typeof wrapUpSchema>;

export const originateSchema = z
  .object({
    number: z.string().trim().min(3).max(32).regex(/^[+\d\s().-]+$/, 'must be a phone number'),
    clientId: z.number().int().positive().optional(),
  })
  .strict();

export type OriginateInput = z.infer<typeof originateSchema>;

