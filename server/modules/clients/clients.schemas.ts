import { z } from 'zod';
import { ABC_CLASSES, CLIENT_KINDS, CLIENT_LANGUAGES, FUNNEL_STAGES, POTENTIALS, SERVICE_TIERS } from '../../db/entities';
import { cleanPhoneInput } from '../../phone/phone-number';
import { calendarDate, hasControlOrBidi, multiLine, singleLine } from '../../http/text-fields';

const phone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => (cleanPhoneInput(v).match(/\d/g)?.length ?? 0) >= 3, { message: 'must contain at least 3 digits' })
  .refine((v) => !hasControlOrBidi(v), { message: 'must not contain control or text-direction characters' });

const tag = singleLine(64).refine((v) => !v.includes(','), { message: 'must not contain commas' });
const timezone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, { message: 'must be an IANA time zone such as Europe/Moscow' });

const isoDate = calendarDate;

const fields = {
  kind: z.enum(CLIENT_KINDS),
  name: singleLine(200),
  organization: singleLine(200, 0).nullable(),
  /** The organization-client a person is a contact of; its name becomes `organization`. */
  organizationId: z.number().int().positive().nullable(),
  position: singleLine(200).nullable(),
  phones: z.array(phone).max(10),
  emails: z.array(z.email().max(254)).max(10),
  birthday: isoDate.nullable(),
  source: singleLine(64).nullable(),
  ownerId: z.number().int().positive().nullable(),
  stage: z.enum(FUNNEL_STAGES),
  potential: z.enum(POTENTIALS).nullable(),
  tier: z.enum(SERVICE_TIERS).nullable(),
  tags: z.array(tag).max(50),
  timezone: timezone.nullable(),
  language: z.enum(CLIENT_LANGUAGES).nullable(),
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
  .partial({ organization: true, organizationId: true, position: true, birthday: true, source: true, ownerId: true, potential: true, tier: true, timezone: true, language: true })
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
    /** An organization's contact people. */
    organizationId: z.coerce.number().int().positive().optional(),
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

/** The largest single deal; a client's revenue (DECIMAL(14,2)) holds at most REVENUE_MAX, checked when a deal adds to it. */
export const DEAL_MAX_AMOUNT = 1_000_000_000;
export const REVENUE_MAX = 999_999_999_999.99;

export const createDealSchema = z
  .object({
    title: singleLine(200),
    amount: z
      .number()
      .finite()
      .positive('must be more than 0')
      .max(DEAL_MAX_AMOUNT, `must be at most ${DEAL_MAX_AMOUNT.toLocaleString('en')}`)
      .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: 'must have at most 2 decimals' }),
    closedAt: isoDate,
  })
  .strict();

export const createNoteSchema = z.object({ body: multiLine(10_000, 1) }).strict();

export type CreateClientInput = z.infer<typeof createClientSchema>;
export type UpdateClientInput = z.infer<typeof updateClientSchema>;
export type ListClientsQuery = z.infer<typeof listClientsQuery>;
export type ExportClientsQuery = z.infer<typeof exportClientsQuery>;
export type CreateDealInput = z.infer<typeof createDealSchema>;
