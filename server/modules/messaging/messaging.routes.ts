import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import type { BirthdayGreetingsService } from './birthday-greetings.service';
import type { MailingsService } from './mailings.service';
import type { MessageDelivery } from './message-delivery';
import type { MessagesService } from './messages.service';
import { addOptoutSchema, birthdaySettingsSchema, createMailingSchema, createTemplateSchema, listOptoutsQuery, listTemplatesQuery, pageQuery, previewQuery, recipientsQuery, sendMessageSchema, updateTemplateSchema } from './messaging.schemas';
import type { OptoutsService } from './optouts.service';
import { PLACEHOLDERS } from './template-render';
import type { TemplatesService } from './templates.service';
import type { TemplatePreviews } from './template-previews';

export type MessagingServices = {
  templates: TemplatesService;
  previews: TemplatePreviews;
  messages: MessagesService;
  mailings: MailingsService;
  optouts: OptoutsService;
  birthdays: BirthdayGreetingsService;
  delivery: MessageDelivery;
};

/**
 * E-mail and SMS: templates (managers write, everyone reads), a client's messages (read with the card;
 * operators send to their own clients), mailings, opt-outs and the birthday greeting (managers).
 */
export function messagingRoutes(m: MessagingServices): Router {
  const r = Router();
  r.get('/messaging/status', (_req, res) => {
    res.json({ email: m.delivery.configured('email'), sms: m.delivery.configured('sms') });
  });

  r.get('/message-templates/placeholders', (_req, res) => {
    res.json([...PLACEHOLDERS]);
  });
  r.get('/message-templates', async (req, res) => {
    res.json({ items: await m.templates.list(parseQuery(listTemplatesQuery, req)) });
  });
  r.get('/message-templates/:id/preview', async (req, res) => {
    res.json(await m.previews.preview(idParam(req), parseQuery(previewQuery, req).clientId));
  });
  r.post('/message-templates', requireRole('manager'), async (req, res) => {
    res.status(201).json(await m.templates.create(actorOf(req), parseBody(createTemplateSchema, req)));
  });
  r.patch('/message-templates/:id', requireRole('manager'), async (req, res) => {
    res.json(await m.templates.update(actorOf(req), idParam(req), parseBody(updateTemplateSchema, req)));
  });
  r.delete('/message-templates/:id', requireRole('manager'), async (req, res) => {
    await m.templates.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });

  r.get('/clients/:id/messages', async (req, res) => {
    res.json(await m.messages.history(idParam(req), parseQuery(pageQuery, req)));
  });
  r.post('/clients/:id/messages', async (req, res) => {
    res.status(201).json(await m.messages.send(actorOf(req), idParam(req), parseBody(sendMessageSchema, req)));
  });

  r.get('/mailings', requireRole('manager'), async (_req, res) => {
    res.json({ items: await m.mailings.list() });
  });
  r.post('/mailings', requireRole('manager'), async (req, res) => {
    res.status(201).json(await m.mailings.create(actorOf(req), parseBody(createMailingSchema, req)));
  });
  r.get('/mailings/:id', requireRole('manager'), async (req, res) => {
    res.json(await m.mailings.get(idParam(req)));
  });
  r.get('/mailings/:id/recipients', requireRole('manager'), async (req, res) => {
    res.json(await m.mailings.recipients(idParam(req), parseQuery(recipientsQuery, req)));
  });
  r.post('/mailings/:id/pause', requireRole('manager'), async (req, res) => {
    res.json(await m.mailings.pause(actorOf(req), idParam(req)));
  });
  r.post('/mailings/:id/resume', requireRole('manager'), async (req, res) => {
    res.json(await m.mailings.resume(actorOf(req), idParam(req)));
  });
  r.post('/mailings/:id/cancel', requireRole('manager'), async (req, res) => {
    res.json(await m.mailings.cancel(actorOf(req), idParam(req)));
  });

  r.get('/optouts', requireRole('manager'), async (req, res) => {
    res.json(await m.optouts.list(parseQuery(listOptoutsQuery, req)));
  });
  r.post('/optouts', requireRole('manager'), async (req, res) => {
    const input = parseBody(addOptoutSchema, req);
    const created = await m.optouts.optOut(actorOf(req), { ...input, source: 'manual' });
    res.status(created ? 201 : 200).json({ created });
  });
  r.delete('/optouts/:id', requireRole('manager'), async (req, res) => {
    await m.optouts.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });

  r.get('/messaging/birthday', requireRole('manager'), async (_req, res) => {
    res.json(await m.birthdays.settings());
  });
  r.put('/messaging/birthday', requireRole('manager'), async (req, res) => {
    res.json(await m.birthdays.setSettings(actorOf(req), parseBody(birthdaySettingsSchema, req)));
  });
  return r;
}
