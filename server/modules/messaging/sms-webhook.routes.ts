import express, { Router } from 'express';
import { z } from 'zod';
import type { TwilioConnector } from '../../../telephony/twilio/twilio-connector';
import { AppError } from '../../http/errors';
import type { MessagesService } from './messages.service';
import type { OptoutsService } from './optouts.service';

/** Replies that opt a number out: Twilio's standard words, and the Russian and Ukrainian a client would write. */
const STOP_WORDS = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'стоп', 'отписка', 'отписаться', 'відписка', 'відписатися']);

const smsForm = z
  .object({
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be a Twilio message id'),
    AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
    From: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a number in E.164'),
    Body: z.string().max(1600).default(''),
    OptOutType: z.string().max(32).optional(),
  })
  .catchall(z.string().max(4000));

/** Whether an SMS reply asks to stop (the message is only the word, give or take case and punctuation). */
export const isStopReply = (body: string, optOutType?: string) => optOutType?.toUpperCase() === 'STOP' || STOP_WORDS.has(body.trim().toLowerCase().replace(/[.!\s]+$/u, ''));

/** Twilio's report on a message it accepted: only its end matters here (delivered, or not and why). */
const statusForm = z
  .object({
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be a Twilio message id'),
    AccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
    MessageStatus: z.enum(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'receiving', 'received', 'read', 'canceled', 'partially_delivered']),
    ErrorCode: z.string().regex(/^\d{1,6}$/).optional(),
  })
  .catchall(z.string().max(4000));

/**
 * Twilio's SMS webhooks, signed by Twilio (403 otherwise): the number's "A message comes in" URL, where a
 * STOP reply opts the sender out here too (empty TwiML: Twilio sends its own STOP reply), and the status
 * callback of the SMS we send (`/status`).
 */
export function smsWebhookRoutes(twilio: TwilioConnector, optouts: OptoutsService, messages: MessagesService): Router {
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }));
  const signed = <S extends z.ZodType>(schema: S, req: express.Request): z.infer<S> => {
    const raw = (req.body ?? {}) as Record<string, string>;
    if (!twilio.validSignature(req.get('X-Twilio-Signature'), req.originalUrl, raw)) throw new AppError(403, 'bad_signature', 'The request is not signed by Twilio for this address');
    const form = schema.safeParse(raw);
    if (!form.success) throw new AppError(400, 'validation_failed', 'The webhook’s form is not one Twilio sends', form.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return form.data;
  };
  r.post('/', async (req, res) => {
    const form = signed(smsForm, req);
    if (isStopReply(form.Body, form.OptOutType)) await optouts.optOut(null, { channel: 'sms', address: form.From, source: 'stop' });
    res.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
  // The status callback of the SMS we send: a carrier's refusal fails the message's row (with Twilio's code).
  r.post('/status', async (req, res) => {
    const form = signed(statusForm, req);
    if (form.MessageStatus === 'undelivered' || form.MessageStatus === 'failed') await messages.undelivered(form.MessageSid, form.MessageStatus, form.ErrorCode ?? null);
    res.status(204).end();
  });
  return r;
}
