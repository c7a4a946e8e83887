import { z } from 'zod';
import { multiLine, singleLine } from '../../http/text-fields';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';

/** A website's origin as browsers send it: http(s), host and port, nothing after. Stored as URL.origin. */
const origin = z
  .string()
  .trim()
  .max(200)
  .transform((v, ctx) => {
    try {
      const u = new URL(v);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && (u.pathname === '/' || u.pathname === '') && !u.search && !u.hash && !u.username) return u.origin;
    } catch {
      /* reported below */
    }
    ctx.addIssue({ code: 'custom', message: 'must be a website origin such as https://example.com' });
    return z.NEVER;
  });

const sourceFields = {
  name: singleLine(64),
  /** The callback a lead opens is due this many minutes after it arrives. */
  callbackMinutes: z.number().int().min(1).max(7 * 24 * 60),
  /** Websites whose pages may post with the browser's fetch (CORS); empty: plain form posts only. */
  origins: z.array(origin).max(20).transform((list) => [...new Set(list)]),
  active: z.boolean(),
};

export const createLeadSourceSchema = z
  .object({ name: sourceFields.name, callbackMinutes: sourceFields.callbackMinutes.default(15), origins: sourceFields.origins.default([]), active: sourceFields.active.default(true) })
  .strict();

export const updateLeadSourceSchema = z
  .object({ name: sourceFields.name.optional(), callbackMinutes: sourceFields.callbackMinutes.optional(), origins: sourceFields.origins.optional(), active: sourceFields.active.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });

export type CreateLeadSourceInput = z.infer<typeof createLeadSourceSchema>;
export type UpdateLeadSourceInput = z.infer<typeof updateLeadSourceSchema>;

/** The field the snippet hides from people: a bot that fills every field gives itself away here. */
export const HONEYPOT_FIELD = 'website';

export const UTM_FIELDS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

/** A form field left empty arrives as "": the same as not sent. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/**
 * What a website posts (JSON or a form). Unknown fields are ignored (forms carry their own), known ones
 * are checked: over-long or malformed is a 400 with the field and the reason. A phone must be a number
 * the install's regions understand; a phone or an e-mail is required.
 */
export function leadSchema(regions: PhoneRegions) {
  return z
    .object({
      name: optional(singleLine(200)),
      phone: optional(
        z
          .string()
          .max(40)
          .refine((v) => normalizePhone(v, regions).e164 !== null, { message: 'is not a phone number' }),
      ),
      email: optional(z.email().max(254).transform((v) => v.toLowerCase())),
      comment: optional(multiLine(2000)),
      ...Object.fromEntries(UTM_FIELDS.map((f) => [f, optional(singleLine(200))])),
      redirect: optional(z.url({ protocol: /^https?$/ }).max(2000)),
      [HONEYPOT_FIELD]: z.unknown().optional(),
    })
    .refine((l) => l.phone !== undefined || l.email !== undefined, { message: 'a phone or an e-mail is required', path: ['phone'] });
}

export type LeadInput = {
  name?: string;
  phone?: string;
  email?: string;
  comment?: string;
  redirect?: string;
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  utm_term?: string;
  utm_content?: string;
  website?: unknown;
};
