/** The messaging API's shapes as the server sends them (server/modules/messaging; /work/notes/messaging-api.md). */

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PURPOSES = ['general', 'birthday'] as const;
export type TemplatePurpose = (typeof PURPOSES)[number];

/** Languages a template has texts in, and a client may be written to in. */
export const TEMPLATE_LANGUAGES = ['ru', 'uk', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export type ChannelStatus = { email: boolean; sms: boolean };

export type TemplateText = { subject: string | null; body: string };
export type TemplateTexts = Partial<Record<TemplateLanguage, TemplateText>>;

export type MessageTemplate = {
  id: number;
  name: string;
  channel: Channel;
  purpose: TemplatePurpose;
  texts: TemplateTexts;
  createdAt: string;
  updatedAt: string;
};
export type TemplateInput = Pick<MessageTemplate, 'name' | 'channel' | 'purpose' | 'texts'>;
/** A change: the channel stays what it was (mailings made with the template expect it). */
export type TemplatePatch = Partial<Omit<TemplateInput, 'channel'>>;
export type TemplateQuery = { channel?: Channel; purpose?: TemplatePurpose };
export type TemplatePreview = { language: TemplateLanguage; subject: string | null; body: string; to: string | null };

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type MessageKind = 'manual' | 'mailing' | 'birthday';

export type Message = {
  id: number;
  clientId: number;
  channel: Channel;
  to: string | null;
  subject: string | null;
  body: string;
  status: MessageStatus;
  error: string | null;
  kind: MessageKind;
  mailingId: number | null;
  templateId: number | null;
  userId: number | null;
  userName: string | null;
  createdAt: string;
  sentAt: string | null;
};
/** A message from the card: a template, or free text (a subject for e-mail). */
export type SendMessageInput = { channel: Channel; templateId?: number; subject?: string; body?: string; to?: string };

export const MAILING_STATES = ['running', 'paused', 'done', 'cancelled'] as const;
export type MailingState = (typeof MAILING_STATES)[number];

export type Mailing = {
  id: number;
  name: string;
  channel: Channel;
  templateId: number;
  templateName: string | null;
  segmentId: number | null;
  segmentName: string | null;
  state: MailingState;
  ratePerMinute: number;
  total: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};
export type MailingInput = { name: string; channel: Channel; templateId: number; segmentId: number; ratePerMinute: number };
export type MailingAction = 'pause' | 'resume' | 'cancel';

/** A recipient's status in a mailing: the message's status (queued until its turn). */
export type RecipientStatus = MessageStatus;
export type MailingRecipient = { clientId: number; clientName: string | null; to: string | null; status: RecipientStatus; error: string | null; sentAt: string | null };
export type RecipientQuery = { status?: RecipientStatus; limit: number; offset: number };

/** Why a recipient was skipped (or, 'interrupted', failed: a sender died mid-send, so it is never resent); any other error is the provider's own words (SMTP, Twilio), shown as they are. */
export const SKIP_REASONS = ['opted_out', 'no_address', 'no_text', 'interrupted'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export const isSkipReason = (s: string | null): s is SkipReason => s !== null && (SKIP_REASONS as readonly string[]).includes(s);

export type OptOutSource = 'link' | 'stop' | 'manual';
export type OptOut = { id: number; channel: Channel; address: string; source: OptOutSource; clientId: number | null; clientName: string | null; createdAt: string };
export type OptOutQuery = { channel?: Channel; limit: number; offset: number };
export type OptOutInput = { channel: Channel; address: string };
/** 201 created, 200 when the address had opted out already (`created: false`). */
export type OptOutAdded = { created: boolean };

/** `hour`: the client's local hour, 7 to 20. */
export type BirthdaySettings = { enabled: boolean; channel: Channel; templateId: number | null; hour: number };
export const BIRTHDAY_HOURS = { min: 7, max: 20 } as const;
