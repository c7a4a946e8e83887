import { z } from 'zod';
import { CAMPAIGN_MODES, CAMPAIGN_PRIORITIES } from '../../db/entities';
import { calendarDate, multiLine, singleLine } from '../../http/text-fields';
import { listClientsQuery } from '../clients/clients.schemas';
import { dispositionCode } from '../dispositions/dispositions.schemas';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 09:00');

/** The client list's filters, as the list takes them in its query string (no paging, no sort). */
export const campaignFilter = listClientsQuery.omit({ limit: true, offset: true, sort: true, order: true });

/** A campaign's settings that may change while it runs (not its clients, not their priority). */
const settings = {
  name: singleLine(200),
  teamId: z.number().int().positive().nullable(),
  operatorIds: z.array(z.number().int().positive()).max(1000),
  callingHours: z.object({ from: hhmm, to: hhmm.or(z.literal('24:00')) }).strict().refine((h) => h.from !== h.to, { message: 'from and to must differ' }),
  days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  maxAttempts: z.number().int().min(1).max(20),
  /** Minutes before another attempt after each result code; unlisted codes wait `retry.default`. */
  retry: z.record(dispositionCode, z.number().int().min(1).max(60 * 24 * 30)),
  finalCodes: z.array(dispositionCode).max(50),
  script: multiLine(20_000, 0).nullable(),
  mode: z.enum(CAMPAIGN_MODES),
  startsOn: calendarDate.nullable(),
  endsOn: calendarDate.nullable(),
};
const datesInOrder = (c: { startsOn?: string | null; endsOn?: string | null }) => !c.startsOn || !c.endsOn || c.startsOn <= c.endsOn;

export const createCampaignSchema = z
  .object({
    ...settings,
    /** The clients: the list's filters (none: every client), or `segmentId`, a saved segment whose filter is copied. */
    filter: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
    segmentId: z.number().int().positive().max(2_147_483_647).optional(),
    teamId: settings.teamId.optional().transform((v) => v ?? undefined),
    operatorIds: settings.operatorIds.default([]),
    callingHours: settings.callingHours.default({ from: '09:00', to: '21:00' }),
    days: settings.days.default([1, 2, 3, 4, 5, 6, 7]),
    maxAttempts: settings.maxAttempts.default(5),
    retry: settings.retry.default({ busy: 15, no_answer: 120, default: 240 }),
    finalCodes: settings.finalCodes.default(['sale', 'not_interested', 'wrong_number']),
    script: settings.script.default(null),
    mode: settings.mode.default('preview'),
    priority: z.enum(CAMPAIGN_PRIORITIES).default('class'),
    startsOn: settings.startsOn.default(null),
    endsOn: settings.endsOn.default(null),
  })
  .strict()
  .refine(datesInOrder, { message: 'startsOn must not be after endsOn', path: ['endsOn'] })
  .refine((c) => c.filter === undefined || c.segmentId === undefined, { message: 'send either filter or segmentId, not both', path: ['segmentId'] });

export const updateCampaignSchema = z
  .object(settings)
  .partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to change' })
  .refine(datesInOrder, { message: 'startsOn must not be after endsOn', path: ['endsOn'] });

export const exportCampaignQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();

export const resultSchema = z
  .object({
    disposition: dispositionCode,
    /** When the client asked to be called again ("call back later"): the next attempt is then. */
    callbackAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
    note: multiLine(2000, 0).optional(),
  })
  .strict();

export const skipSchema = z.object({ reason: singleLine(200) }).strict();

export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;
export type ResultInput = z.infer<typeof resultSchema>;
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;
