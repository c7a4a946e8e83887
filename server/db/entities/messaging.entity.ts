import { EntitySchema } from 'typeorm';
import type { ClientLanguage } from './client.entity';

export const MESSAGE_CHANNELS = ['email', 'sms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const TEMPLATE_PURPOSES = ['general', 'birthday'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];
/** queued: waits for a sender (claimed_at set: a batch holds it); sending: being sent now; skipped: not sent on purpose (opted out, no address, no text). */
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageKind = 'manual' | 'mailing' | 'birthday';
export const MAILING_STATES = ['running', 'paused', 'done', 'cancelled'] as const;
export type MailingState = (typeof MAILING_STATES)[number];
export type OptoutSource = 'link' | 'stop' | 'manual';

/** One language's text of a template. */
export type TemplateText = { subject: string | null; body: string };
export type TemplateTexts = Partial<Record<ClientLanguage, TemplateText>>;

export type MessageTemplateRow = {
  id: number;
  name: string;
  channel: MessageChannel;
  purpose: TemplatePurpose;
  /** TemplateTexts as JSON. */
  texts: string;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
};

export type MailingRow = {
  id: number;
  name: string;
  channel: MessageChannel;
  templateId: number;
  segmentId: number | null;
  /** The segment's name when the mailing started (the segment may be renamed or deleted since). */
  segmentName: string | null;
  /** The segment's client-list filter when the mailing started (JSON). */
  filter: string;
  state: MailingState;
  ratePerMinute: number;
  total: number;
  createdById: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export type MessageRow = {
  id: number;
  clientId: number;
  channel: MessageChannel;
  toAddress: string | null;
  subject: string | null;
  body: string;
  language: ClientLanguage | null;
  status: MessageStatus;
  error: string | null;
  kind: MessageKind;
  mailingId: number | null;
  templateId: number | null;
  userId: number | null;
  /** The SMTP server's message id or Twilio's SM… id. */
  providerId: string | null;
  /** m:<mailing>:<client> or b:<year>:<client>: such a message exists once. */
  dedupeKey: string | null;
  /** Sends tried (a mailing tries a temporary refusal again, up to a limit). */
  attempts?: number;
  createdAt: Date;
  claimedAt: Date | null;
  sentAt: Date | null;
};

export type MessageOptoutRow = {
  id: number;
  channel: MessageChannel;
  /** E-mail in lower case, or a phone in E.164. */
  address: string;
  source: OptoutSource;
  clientId: number | null;
  createdById: number | null;
  createdAt: Date;
};

const id = { type: 'integer', primary: true, generated: 'increment' } as const;
const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, nullable }) as const;

export const MessageTemplateEntity = new EntitySchema<MessageTemplateRow>({
  name: 'MessageTemplate',
  tableName: 'message_templates',
  columns: {
    id,
    name: { type: 'varchar', length: 200 },
    channel: { type: 'varchar', length: 8 },
    purpose: { type: 'varchar', length: 16 },
    texts: { type: 'text' },
    createdById: { name: 'created_by', type: 'integer', nullable: true },
    createdAt: at('created_at'),
    updatedAt: at('updated_at'),
  },
});

export const MailingEntity = new EntitySchema<MailingRow>({
  name: 'Mailing',
  tableName: 'mailings',
  columns: {
    id,
    name: { type: 'varchar', length: 200 },
    channel: { type: 'varchar', length: 8 },
    templateId: { name: 'template_id', type: 'integer' },
    segmentId: { name: 'segment_id', type: 'integer', nullable: true },
    segmentName: { name: 'segment_name', type: 'varchar', length: 200, nullable: true },
    filter: { type: 'text' },
    state: { type: 'varchar', length: 16 },
    ratePerMinute: { name: 'rate_per_minute', type: 'integer' },
    total: { type: 'integer' },
    createdById: { name: 'created_by', type: 'integer', nullable: true },
    createdAt: at('created_at'),
    startedAt: at('started_at', true),
    finishedAt: at('finished_at', true),
  },
});

export const MessageEntity = new EntitySchema<MessageRow>({
  name: 'Message',
  tableName: 'messages',
  columns: {
    id,
    clientId: { name: 'client_id', type: 'integer' },
    channel: { type: 'varchar', length: 8 },
    toAddress: { name: 'to_address', type: 'varchar', length: 254, nullable: true },
    subject: { type: 'varchar', length: 500, nullable: true },
    body: { type: 'text' },
    language: { type: 'varchar', length: 8, nullable: true },
    status: { type: 'varchar', length: 16 },
    error: { type: 'varchar', length: 500, nullable: true },
    kind: { type: 'varchar', length: 16 },
    mailingId: { name: 'mailing_id', type: 'integer', nullable: true },
    templateId: { name: 'template_id', type: 'integer', nullable: true },
    userId: { name: 'user_id', type: 'integer', nullable: true },
    providerId: { name: 'provider_id', type: 'varchar', length: 200, nullable: true },
    dedupeKey: { name: 'dedupe_key', type: 'varchar', length: 64, nullable: true },
    attempts: { type: 'integer', default: 0 },
    createdAt: at('created_at'),
    claimedAt: at('claimed_at', true),
    sentAt: at('sent_at', true),
  },
});

export const MessageOptoutEntity = new EntitySchema<MessageOptoutRow>({
  name: 'MessageOptout',
  tableName: 'message_optouts',
  columns: {
    id,
    channel: { type: 'varchar', length: 8 },
    address: { type: 'varchar', length: 254 },
    source: { type: 'varchar', length: 16 },
    clientId: { name: 'client_id', type: 'integer', nullable: true },
    createdById: { name: 'created_by', type: 'integer', nullable: true },
    createdAt: at('created_at'),
  },
});
