import type { DataSource } from 'typeorm';
import type { Logger } from '../../logging/logger';
import type { PhoneRegions } from '../../phone/phone-number';
import type { AuditService } from '../audit/audit.service';
import type { ClientsService } from '../clients/clients.service';
import { BirthdayGreetingsService } from './birthday-greetings.service';
import { MailingsService, type SegmentSource } from './mailings.service';
import { MessageDelivery } from './message-delivery';
import { MessagesService } from './messages.service';
import type { MessagingServices } from './messaging.routes';
import { OptoutsService } from './optouts.service';
import type { MessageSenders } from './senders';
import { TemplatePreviews } from './template-previews';
import { TemplatesService } from './templates.service';
import { UnsubscribeTokens } from './unsubscribe-token';

export type MessagingDeps = {
  ds: DataSource;
  audit: AuditService;
  clients: ClientsService;
  logger: Logger;
  /** The ways out (main.ts makes them from SMTP_URL and Twilio; the demo's keep what they send). */
  senders: MessageSenders;
  /** Where recipients reach the unsubscribe page. */
  baseUrl: string;
  timeZone: string;
  segment: SegmentSource;
  /** The install's phone regions: opt-outs keep numbers in E.164. */
  regions: PhoneRegions;
};

export type Messaging = MessagingServices & { tokens: UnsubscribeTokens; senders: MessageSenders };

/** The messaging module's services, wired together (services.ts hands them out; main.ts starts the jobs). */
export function createMessaging(d: MessagingDeps): Messaging {
  const floorZone = () => d.timeZone;
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: d.timeZone }).format(new Date());
  const tokens = new UnsubscribeTokens(d.ds);
  const optouts = new OptoutsService(d.ds, d.audit, d.regions);
  const delivery = new MessageDelivery(d.ds, d.senders, optouts, tokens, d.logger, { baseUrl: d.baseUrl.replace(/\/+$/, ''), today });
  return {
    tokens,
    senders: d.senders,
    delivery,
    optouts,
    templates: new TemplatesService(d.ds, d.audit),
    previews: new TemplatePreviews(d.ds, delivery, floorZone),
    messages: new MessagesService(d.ds, d.audit, delivery, optouts, floorZone),
    mailings: new MailingsService(d.ds, d.audit, d.clients, delivery, optouts, d.segment, d.logger, floorZone),
    birthdays: new BirthdayGreetingsService(d.ds, d.audit, delivery, optouts, d.logger, floorZone),
  };
}
