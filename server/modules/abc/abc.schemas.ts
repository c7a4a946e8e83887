import { z } from 'zod';
import { calendarDate } from '../../http/text-fields';

const share = z.number().int('must be a whole percent').min(1).max(98);

/** PUT /api/settings/abc: three whole percents (A, B, C) summing to 100, and the period in days. */
export const abcSettingsSchema = z
  .object({
    shares: z.tuple([share, share, share]).refine((s) => s[0] + s[1] + s[2] === 100, { message: 'must sum to 100' }),
    periodDays: z.number().int().min(1).max(3650),
  })
  .strict();

const format = z.enum(['json', 'csv', 'xlsx']).default('json');

/** A period given by hand must have both ends, the first not after the second. */
const range = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

export const abcReportQuery = range({ from: calendarDate.optional(), to: calendarDate.optional(), format }).refine((q) => (q.from === undefined) === (q.to === undefined) && (!q.from || q.from <= q.to!), {
  message: 'from and to go together, from not after to',
});

export const abcMovementQuery = range({
  from1: calendarDate.optional(),
  to1: calendarDate.optional(),
  from2: calendarDate.optional(),
  to2: calendarDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format,
}).refine((q) => {
  const given = [q.from1, q.to1, q.from2, q.to2].filter((v) => v !== undefined).length;
  return given === 0 || (given === 4 && q.from1! <= q.to1! && q.from2! <= q.to2!);
}, { message: 'give from1, to1, from2, to2 together (each from not after its to), or none for the previous period against the current one' });

export type AbcReportQuery = z.infer<typeof abcReportQuery>;
export type AbcMovementQuery = z.infer<typeof abcMovementQuery>;
