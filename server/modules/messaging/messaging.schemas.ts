import { z } from 'zod';
import { CLIENT_LANGUAGES, MESSAGE_CHANNELS, MESSAGE_STATUSES, TEMPLATE_PURPOSES } from '../../db/entities';
import { multiLine, singleLine } from '../../http/text-fields';
import { unknownPlaceholders } from './template-render';

/** An SMS longer than 10 parts is a letter: refused. */
export const SMS_MAX_CHARS = 1530;
const EMAIL_MAX_CHARS = 50_000;

const knownPlaceholders = (v: string) => unknownPlaceholders(v).length === 0;
const placeholderMessage = { message: 'names a placeholder the product does not know (see GET /api/message-templates/placeholders)' };

const text = z
  .object({
    subject: singleLine(300).refine(knownPlaceholders, placeholderMessage).nullable().default(null),
    body: multiLine(EMAIL_MAX_CHARS, 1).refine(knownPlaceholders, placeholderMessage),
  })
  .strict();

const texts = z
  .object(Object.fromEntries(CLIENT_LANGUAGES.map((l) => [l, text.optional()])) as Record<(typeof CLIENT_LANGUAGES)[number], z.ZodOptional<typeof text>>)
  .strict()
  .refine((t) => Object.values(t).some(Boolean), { message: 'needs a text in at least one language' });

type TemplateShape = { channel?: (typeof MESSAGE_CHANNELS)[number]; texts?: z.infer<typeof texts> };
/** E-mail needs a subject in each language; SMS has none and must stay an SMS. */
const fitsChannel = (t: TemplateShape, ctx: z.RefinementCtx) => {
  if (!t.channel || !t.texts) return;
  for (const [language, x] of Object.entries(t.texts)) {
    if (!x) continue;
    if (t.channel === 'email' && !x.subject) ctx.addIssue({ code: 'custom', path: ['texts', language, 'subject'], message: 'an e-mail needs a subject' });
    if (t.channel === 'sms' && x.body.length > SMS_MAX_CHARS) ctx.addIssue({ code: 'custom', path: ['texts', language, 'body'], message: `an SMS must be at most ${SMS_MAX_CHARS} characters` });
  }
};

const templateFields = { name: singleLine(200), channel: z.enum(MESSAGE_CHANNELS), purpose: z.enum(TEMPLATE_PURPOSES), texts };

export const createTemplateSchema = z
  .object({ ...templateFields, purpose: templateFields.purpose.default('general') })
  .strict()
  .superRefine(fitsChannel);
/** A change; the channel is kept (a mailing made with the template expects it), so it is checked against the stored one. */
export const updateTemplateSchema = z
  .object({ name: templateFields.name, purpose: templateFields.purpose, texts })
  .partial()
  .strict()
  .refine((t) => Object.keys(t).length > 0, { message: 'nothing to change' });

export const listTemplatesQuery = z.object({ channel: z.enum(MESSAGE_CHANNELS).optional(), purpose: z.enum(TEMPLATE_PURPOSES).optional() }).strict();
export const previewQuery = z.object({ clientId: z.coerce.number().int().positive() }).strict();

export const sendMessageSchema = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    templateId: z.number().int().positive().optional(),
    subject: singleLine(300).optional(),
    body: multiLine(EMAIL_MAX_CHARS, 1).optional(),
    /** One of the client's addresses; default their first. */
    to: z.string().trim().min(3).max(254).optional(),
  })
  .strict()
  .refine((m) => (m.templateId === undefined) !== (m.body === undefined), { message: 'give either templateId or body', path: ['body'] })
  .refine((m) => m.templateId !== undefined || m.channel === 'sms' || Boolean(m.subject), { message: 'an e-mail needs a subject', path: ['subject'] })
  .refine((m) => m.channel !== 'sms' || (m.body?.length ?? 0) <= SMS_MAX_CHARS, { message: `an SMS must be at most ${SMS_MAX_CHARS} characters`, path: ['body'] });

export const pageQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(10_000_000).default(0) })
  .strict();

export const MAX_RATE_PER_MINUTE = 60_000;
export const createMailingSchema = z
  .object({
    name: singleLine(200),
    channel: z.enum(MESSAGE_CHANNELS),
    templateId: z.number().int().positive(),
    segmentId: z.number().int().positive(),
    /** Messages a minute; SMTP relays and Twilio numbers have their own limits (a long code: about 60). */
    ratePerMinute: z.number().int().min(1).max(MAX_RATE_PER_MINUTE).default(60),
  })
  .strict();

export const recipientsQuery = pageQuery.extend({ status: z.enum(MESSAGE_STATUSES).optional() }).strict();

export const listOptoutsQuery = pageQuery.extend({ channel: z.enum(MESSAGE_CHANNELS).optional() }).strict();
export const addOptoutSchema = z
  .object({ channel: z.enum(MESSAGE_CHANNELS), address: z.string().trim().min(3).max(254) })
  .strict()
  .refine((o) => o.channel !== 'email' || z.email().safeParse(o.address).success, { message: 'must be an e-mail address', path: ['address'] });

export const birthdaySettingsSchema = z
  .object({
    enabled: z.boolean(),
    channel: z.enum(MESSAGE_CHANNELS),
    templateId: z.number().int().positive().nullable(),
    /** The client's local hour the greeting goes at (and after, until 21:00, if the server was down). */
    hour: z.number().int().min(7).max(20),
  })
  .strict()
  .refine((s) => !s.enabled || s.templateId !== null, { message: 'choose a template to send', path: ['templateId'] });

export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;
export type SendMessageInput = z.infer<typeof sendMessageSchema>;
export type CreateMailingInput = z.infer<typeof createMailingSchema>;
export type BirthdaySettings = z.infer<typeof birthdaySettingsSchema>;
