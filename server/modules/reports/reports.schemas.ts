import { z } from 'zod';

/** A local date (YYYY-MM-DD, a real calendar day) in the floor's time zone. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'must be a real calendar date');
export const id = z.coerce.number().int().positive().max(2_147_483_647);
export const format = z.enum(['json', 'csv', 'xlsx']).default('json');

/**
 * A report period: `from` and `to` are local dates in KPI_TIMEZONE, both included (to=2026-11-30 means up to
 * that day's local midnight). Missing `from` is the first of `to`'s month; missing `to` is today.
 */
export const period = {
  from: localDate.optional(),
  to: localDate.optional(),
};
export const periodRule = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || q.from <= q.to;
export const periodLength = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86400_000;

/** `clients`: how many top clients and organizations to list (0: none, the page asks /reports/contacts/top apart). */
export const contactsQuery = z
  .object({ ...period, teamId: id.optional(), operatorId: id.optional(), clients: z.coerce.number().int().min(0).max(100).default(20), format })
  .strict()
  .refine(periodRule, { message: 'from must not be after to', path: ['from'] })
  .refine(periodLength, { message: 'at most three years at a time', path: ['to'] });

/** A report's query: the period (from ≤ to, at most three years) with the report's own fields, strict. */
export function periodQuery<T extends z.ZodRawShape>(fields: T) {
  return z
    .object({ ...period, ...fields, format })
    .strict()
    .refine((q) => periodRule(q as PeriodFields), { message: 'from must not be after to', path: ['from'] })
    .refine((q) => periodLength(q as PeriodFields), { message: 'at most three years at a time', path: ['to'] });
}
type PeriodFields = { from?: string; to?: string };

export const sourcesQuery = z
  .object({ ...period, format })
  .strict()
  .refine(periodRule, { message: 'from must not be after to', path: ['from'] })
  .refine(periodLength, { message: 'at most three years at a time', path: ['to'] });

export const tailsQuery = z
  .object({ days: z.coerce.number().int().min(0).max(365).default(3), teamId: id.optional(), operatorId: id.optional(), format })
  .strict();

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
export const sourceSpendQuery = z
  .object({ from: month.optional(), to: month.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

/** Entries to set: an amount replaces that source's month; null removes it. */
export const sourceSpendBody = z
  .object({
    items: z
      .array(
        z
          .object({
            source: z.string().trim().min(1).max(64),
            month,
            amount: z.number().min(0).max(999_999_999_999).refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, 'at most two decimals').nullable(),
          })
          .strict(),
      )
      .min(1)
      .max(500)
      .refine((items) => new Set(items.map((i) => `${i.source}\u0000${i.month}`)).size === items.length, { message: 'each source and month at most once' }),
  })
  .strict();

export type ContactsQuery = z.infer<typeof contactsQuery>;
export type SourcesQuery = z.infer<typeof sourcesQuery>;
export type TailsQuery = z.infer<typeof tailsQuery>;
export type SourceSpendQuery = z.infer<typeof sourceSpendQuery>;
export type SourceSpendInput = z.infer<typeof sourceSpendBody>;
export type ReportFormat = z.infer<typeof format>;
