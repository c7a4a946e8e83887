import { z } from 'zod';
import { ABC_CLASSES, CLIENT_KINDS, FUNNEL_STAGES, POTENTIALS, SERVICE_TIERS } from '../../db/entities';

const phone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => (v.match(/\d/g)?.length ?? 0) >= 3, { message: 'must contain at least 3 digits' })
  .refine((v) => !/[\u0000-\u001f]/.test(v), { message: 'must not contain control characters' });

const tag = z.string().trim().min(1).max(64).regex(/^[^,\u0000-\u001f]+$/, 'must not contain commas or control characters');
const timezone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, { message: 'must be an IANA time zone such as Europe/Moscow' });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), { message: 'is not a real date' });

const fields = {
  kind: z.enum(CLIENT_KINDS),
  name: z.string().trim().min(1).max(200),
  organization: z.string().trim().max(200).nullable(),
  phones: z.array(phone).max(10),
  emails: z.array(z.email().max(254)).max(10),
  birthday: isoDate.nullable(),
  source: z.string().trim().min(1).max(64).nullable(),
  ownerId: z.number().int().positive().nullable(),
  stage: z.enum(FUNNEL_STAGES),
  potential: z.enum(POTENTIALS).nullable(),
  tier: z.enum(SERVICE_TIERS).nullable(),
  tags: z.array(tag).max(50),
  timezone: timezone.nullable(),
};

export const createClientSchema = z
  .object({
    ...fields,
    kind: fields.kind.default('person'),
    stage: fields.stage.default('lead'),
    phones: fields.phones.default([]),
    emails: fields.emails.default([]),
    tags: fields.tags.default([]),
  })
  .partial({ organization: true, birthday: true, source: true, ownerId: true, potential: true, tier: true, timezone: true })
  .strict();

export const updateClientSchema = z.object(fields).partial().strict();

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

export const CLIENT_SORTS = ['name', 'createdAt', 'updatedAt', 'revenue', 'abcClass'] as const;

export const listClientsQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional(),
    phone: phone.optional(),
    email: z.string().trim().min(1).max(254).optional(),
    tag: tag.optional(),
    class: csv(ABC_CLASSES).optional(),
    source: z.string().trim().min(1).max(64).optional(),
    ownerId: z.coerce.number().int().positive().optional(),
    stage: csv(FUNNEL_STAGES).optional(),
    tier: csv(SERVICE_TIERS).optional(),
    kind: z.enum(CLIENT_KINDS).optional(),
    sort: z.enum(CLIENT_SORTS).default('name'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

/** The export takes the list's filters and sort, not its paging; `separator` suits the spreadsheet's locale. */
export const exportClientsQuery = listClientsQuery
  .omit({ limit: true, offset: true })
  .extend({ separator: z.enum(['semicolon', 'comma']).default('semicolon') })
  .strict();

export const createDealSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    amount: z.number().finite().min(0).max(1e11).refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'must have at most 2 decimals' }),
    closedAt: isoDate,
  })
  .strict();

export const createNoteSchema = z.object({ body: z.string().trim().min(1).max(10_000) }).strict();

export type CreateClientInput = z.infer<typeof createClientSchema>;
export type UpdateClientInput = z.infer<typeof updateClientSchema>;
export type ListClientsQuery = z.infer<typeof listClientsQuery>;
export type ExportClientsQuery = z.infer<typeof exportClientsQuery>;
export type CreateDealInput = z.infer<typeof createDealSchema>;
