import { z } from 'zod';
import { singleLine } from '../../http/text-fields';

/** A disposition's stable code: what calls store and reports group by. */
export const dispositionCode = z.string().regex(/^[a-z0-9_]{1,32}$/, 'must be 1–32 characters of a-z, 0-9 and _');

const name = singleLine(100);
const flags = {
  /** Counts as an effective contact (KPIs, reports). */
  effective: z.boolean(),
  /** Closes the client's pending callbacks at wrap-up. */
  closesCallback: z.boolean(),
  /** The wrap-up asks for a time and promises a callback. */
  opensCallback: z.boolean(),
  /** Moves the client to the `lost` stage. */
  marksLost: z.boolean(),
  /** Counts as a sale. */
  marksSale: z.boolean(),
};

const notLostAndSale = (d: { marksLost?: boolean; marksSale?: boolean }) => !(d.marksLost && d.marksSale);
const lostAndSale = { message: 'a result cannot both mark the client lost and count as a sale', path: ['marksSale'] };

export const createDispositionSchema = z
  .object({
    code: dispositionCode,
    names: z.object({ ru: name, uk: name, en: name }).strict(),
    active: z.boolean().default(true),
    effective: flags.effective.default(false),
    closesCallback: flags.closesCallback.default(false),
    opensCallback: flags.opensCallback.default(false),
    marksLost: flags.marksLost.default(false),
    marksSale: flags.marksSale.default(false),
  })
  .strict()
  .refine(notLostAndSale, lostAndSale);

export const updateDispositionSchema = z
  .object({
    names: z.object({ ru: name.optional(), uk: name.optional(), en: name.optional() }).strict().optional(),
    active: z.boolean().optional(),
    effective: flags.effective.optional(),
    closesCallback: flags.closesCallback.optional(),
    opensCallback: flags.opensCallback.optional(),
    marksLost: flags.marksLost.optional(),
    marksSale: flags.marksSale.optional(),
  })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined) && (b.names === undefined || Object.values(b.names).some((v) => v !== undefined)), { message: 'nothing to change' });

export const reorderDispositionsSchema = z
  .object({ codes: z.array(dispositionCode).min(1).max(500) })
  .strict()
  .refine((b) => new Set(b.codes).size === b.codes.length, { message: 'codes must not repeat', path: ['codes'] });

export const listDispositionsQuery = z
  .object({ all: z.enum(['1', 'true', '0', 'false']).optional().transform((v) => v === '1' || v === 'true') })
  .strict();

export type CreateDispositionInput = z.infer<typeof createDispositionSchema>;
export type UpdateDispositionInput = z.infer<typeof updateDispositionSchema>;
