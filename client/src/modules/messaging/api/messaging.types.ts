/**
 * The messaging API's shapes: the server's own views (server/modules/messaging), with the lists the forms
 * offer. The runtime lists are repeated here (the browser does not load server code); the types check them.
 */
import type { MessageChannel, MailingState as ServerMailingState, MessageStatus as ServerMessageStatus, TemplatePurpose as ServerTemplatePurpose, TemplateText as ServerTemplateText, TemplateTexts as ServerTemplateTexts } from '../../../../../server/db/entities/messaging.entity';
import type { MailingView, RecipientView } from '../../../../../server/modules/messaging/mailings.service';
import type { SkipReason } from '../../../../../server/modules/messaging/message-delivery';
import type { MessageView } from '../../../../../server/modules/messaging/messages.service';
import type { OptoutView } from '../../../../../server/modules/messaging/optouts.service';
import type { TemplateView } from '../../../../../server/modules/messaging/templates.service';

export const CHANNELS = ['email', 'sms'] as const satisfies readonly MessageChannel[];
export type Channel = MessageChannel;

export const PURPOSES = ['general', 'birthday'] as const satisfies readonly ServerTemplatePurpose[];
export type TemplatePurpose = ServerTemplatePurpose;

/** Languages a template has texts in, and a client may be written to in. */
export const TEMPLATE_LANGUAGES = ['ru', 'uk', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export type ChannelStatus = { email: boolean; sms: boolean };

export type TemplateText = ServerTemplateText;
export type TemplateTexts = ServerTemplateTexts;

export type MessageTemplate = TemplateView;
export type TemplateInput = Pick<MessageTemplate, 'name' | 'channel' | 'purpose' | 'texts'>;
/** A change: the channel stays what it was (mailings made with the template expect it). */
export type TemplatePatch = Partial<Omit<TemplateInput, 'channel'>>;
export type TemplateQuery = { channel?: Channel; purpose?: TemplatePurpose };
export type TemplatePreview = { language: TemplateLanguage; subject: string | null; body: string; to: string | null };

export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const satisfies readonly ServerMessageStatus[];
export type MessageStatus = ServerMessageStatus;

export type Message = MessageView;
/** A message from the card: a template, or free text (a subject for e-mail). */
export type SendMessageInput = { channel: Channel; templateId?: number; subject?: string; body?: string; to?: string };

export type MailingState = ServerMailingState;

export type Mailing = MailingView;
export type MailingInput = { name: string; channel: Channel; templateId: number; segmentId: number; ratePerMinute: number };
export type MailingAction = 'pause' | 'resume' | 'cancel';

/** A recipient's status in a mailing: the message's status (queued until its turn). */
export type RecipientStatus = MessageStatus;
export type MailingRecipient = RecipientView;
export type RecipientQuery = { status?: RecipientStatus; limit: number; offset: number };

/**
 * Why a message did not go, as the server words it: our own codes (a skip's reason, an unconfigured
 * channel), 'interrupted: …' (a sender died mid-send, so it is never resent); anything else is the
 * provider's own words (SMTP, Twilio), shown as they are.
 */
export const REASONS = ['opted_out', 'no_address', 'no_text', 'client_deleted', 'cancelled', 'duplicate_address', 'channel_not_configured', 'interrupted'] as const satisfies readonly (SkipReason | 'channel_not_configured' | 'interrupted')[];
export type Reason = (typeof REASONS)[number];
/** The code of an error we have words for, or null for the provider's own text. */
export function reasonOf(error: string | null): Reason | null {
  if (error === null) return null;
  return REASONS.find((r) => error === r || (r === 'interrupted' && error.startsWith('interrupted'))) ?? null;
}

export type OptOut = OptoutView;
export type OptOutQuery = { channel?: Channel; limit: number; offset: number };
export type OptOutInput = { channel: Channel; address: string };
/** 201 created, 200 when the address had opted out already (`created: false`). */
export type OptOutAdded = { created: boolean };

/** `hour`: the client's local hour, 7 to 20. */
export type BirthdaySettings = { enabled: boolean; channel: Channel; templateId: number | null; hour: number };
export const BIRTHDAY_HOURS = { min: 7, max: 20 } as const;
