import { z } from 'zod';
import { multiLine, singleLine } from '../../http/text-fields';
import { id, periodQuery, period, periodLength, periodRule } from '../reports/reports.schemas';

/** The most points one checklist item can give (its weight in the total). */
export const MAX_ITEM_POINTS = 100;

const name = singleLine(200);
const maxPoints = z.number().int('must be a whole number').min(1).max(MAX_ITEM_POINTS);

export const createItemSchema = z
  .object({
    names: z.object({ ru: name, uk: name, en: name }).strict(),
    maxPoints,
    active: z.boolean().default(true),
  })
  .strict();

export const updateItemSchema = z
  .object({
    names: z.object({ ru: name.optional(), uk: name.optional(), en: name.optional() }).strict().optional(),
    maxPoints: maxPoints.optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined) && (b.names === undefined || Object.values(b.names).some((v) => v !== undefined)), { message: 'nothing to change' });

export const reorderItemsSchema = z
  .object({ ids: z.array(z.number().int().positive()).min(1).max(200) })
  .strict()
  .refine((b) => new Set(b.ids).size === b.ids.length, { message: 'ids must not repeat', path: ['ids'] });

export const listItemsQuery = z
  .object({ all: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true') })
  .strict();

/** A reviewer's review of a call: a score for every active checklist item, an overall comment, per-item comments optional. */
export const reviewBody = z
  .object({
    scores: z
      .array(z.object({ itemId: z.number().int().positive(), points: z.number().int('must be a whole number').min(0).max(MAX_ITEM_POINTS), comment: multiLine(1000).nullable().optional() }).strict())
      .min(1)
      .max(200)
      .refine((s) => new Set(s.map((x) => x.itemId)).size === s.length, { message: 'each item is scored once' }),
    comment: multiLine(4000).nullable().optional(),
  })
  .strict();

/** Reviews listed: one operator's (operators: always their own), made in the period (local days, both included). */
export const listReviewsQuery = z
  .object({
    ...period,
    operatorId: id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .refine(periodRule, { message: 'from must not be after to', path: ['from'] })
  .refine(periodLength, { message: 'at most three years at a time', path: ['to'] });

/** The per-operator report: reviews made in the period, optionally of one team's operators or one operator. */
export const reviewsReportQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });

export type CreateItemInput = z.infer<typeof createItemSchema>;
export type UpdateItemInput = z.infer<typeof updateItemSchema>;
export type ReviewInput = z.infer<typeof reviewBody>;
export type ListReviewsQuery = z.infer<typeof listReviewsQuery>;
export type ReviewsReportQuery = z.infer<typeof reviewsReportQuery>;
