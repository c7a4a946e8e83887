import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TwilioConnector } from '../../../telephony/twilio/twilio-connector';
import { AppError } from '../../http/errors';
import type { CallRecordings } from './call-recordings';

const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a Twilio ${prefix} id`);
const address = z.string().max(256);

/**
 * The fields of Twilio's voice and status webhooks the product reads; Twilio sends many more, which pass
 * untouched (they are part of the signature). A form with a field of the wrong shape changes nothing.
 */
const callForm = z
  .object({
    CallSid: sid('CA'),
    ParentCallSid: sid('CA').optional(),
    AccountSid: sid('AC'),
    CallStatus: z.enum(['queued', 'initiated', 'ringing', 'in-progress', 'answered', 'completed', 'busy', 'failed', 'no-answer', 'canceled']).optional(),
    From: address.optional(),
    To: address.optional(),
    Called: address.optional(),
    CallerName: z.string().max(256).optional(),
    CallDuration: z.string().regex(/^\d{1,7}$/).optional(),
    Timestamp: z.string().max(64).optional(),
    DialCallStatus: z.enum(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']).optional(),
    RecordingUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    RecordingStatus: z.string().max(32).optional(),
  })
  .catchall(z.string().max(4000));

const query = z
  .object({
    leg: z.enum(['operator', 'customer']).optional(),
    ext: z.string().regex(/^[0-9A-Za-z_*#]{1,32}$/).optional(),
    attempt: z.string().regex(/^\d{1,3}$/).optional(),
    kind: z.enum(['outbound']).optional(),
    number: z.string().regex(/^\+?[0-9]{3,20}$/).optional(),
  })
  .strict();

type Form = z.infer<typeof callForm>;

/**
 * Twilio's webhooks: the number's voice URL and status callback, and the URLs our TwiML names (leg
 * statuses, the dial's action, recordings, a click-to-call's second half). Each request must carry
 * Twilio's signature over PUBLIC_URL + the path and query and the form (403 otherwise, nothing changes);
 * then the form is checked (400). TwiML answers come from memory only.
 */
export function twilioWebhookRoutes(twilio: TwilioConnector, recordings: CallRecordings): Router {
  const r = Router();
  r.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }));

  const signed = (req: Request): { form: Form; q: z.infer<typeof query> } => {
    const raw = (req.body ?? {}) as Record<string, string>;
    if (!twilio.validSignature(req.get('X-Twilio-Signature'), req.originalUrl, raw)) throw new AppError(403, 'bad_signature', 'The request is not signed by Twilio for this address');
    const form = callForm.safeParse(raw);
    const q = query.safeParse(req.query);
    if (!form.success || !q.success) throw new AppError(400, 'validation_failed', 'The webhook’s form is not one Twilio sends', (form.error ?? q.error)!.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    return { form: form.data, q: q.data };
  };
  const twiml = (res: Response, xml: string) => res.type('text/xml').send(xml);

  r.post('/voice', (req, res) => twiml(res, twilio.voice(signed(req).form)));
  r.post('/status', (req, res) => {
    const { form, q } = signed(req);
    twilio.statusCallback(form, q.leg, q.ext);
    res.status(204).end();
  });
  r.post('/dial-action', (req, res) => {
    const { form, q } = signed(req);
    twiml(res, twilio.dialAction(form, q));
  });
  r.post('/outbound', (req, res) => {
    const { q } = signed(req);
    if (!q.ext || !q.number) throw new AppError(400, 'validation_failed', 'ext and number are required');
    twiml(res, twilio.outboundTwiml(q));
  });
  r.post('/recording', (req, res) => {
    const { form } = signed(req);
    if (form.RecordingUrl && (form.RecordingStatus ?? 'completed') === 'completed') recordings.attach(twilio.name, form.CallSid, form.RecordingUrl);
    res.status(204).end();
  });
  return r;
}
