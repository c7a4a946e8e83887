import { z } from 'zod';
import { singleLine } from '../../http/text-fields';
import { campaignFilter } from '../campaigns/campaigns.schemas';

/**
 * A segment's filter as it is stored and sent: the client list's query parameters (no paging, no sort),
 * each a string as a query string gives it (`{ "tag": "vip", "class": "A,B" }`); numbers are taken too.
 * Whether it is a filter the list understands is checked with `clientFilter`.
 */
export const filterRecord = z.record(z.string(), z.union([z.string(), z.number()]).transform(String));

/** The client list's filters, parsed (what ClientsService counts and lists by): the campaigns' filter. */
export const clientFilter = campaignFilter;

const name = singleLine(200);

export const createSegmentSchema = z.object({ name, filter: filterRecord }).strict();

export const updateSegmentSchema = z
  .object({ name, filter: filterRecord })
  .partial()
  .strict()
  .refine((s) => Object.keys(s).length > 0, { message: 'nothing to change' });

export type SegmentFilter = Record<string, string>;
export type ClientFilter = z.infer<typeof clientFilter>;
export type CreateSegmentInput = z.infer<typeof createSegmentSchema>;
export type UpdateSegmentInput = z.infer<typeof updateSegmentSchema>;
