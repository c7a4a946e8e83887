import type { DataSource } from 'typeorm';
import { MessageEntity, type ClientLanguage, type MessageRow, type MessageStatus, type TemplateTexts } from '../../db/entities';
import { lastingWrite } from '../../db/transaction';
import { AppError } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import { pickText } from './client-language';
import { optoutAddress, type OptoutsService } from './optouts.service';
import { addressOf, type Recipient } from './recipients';
import { SendError, type MessageSenders } from './senders';
import { TWILIO_UNSUBSCRIBED } from './sms-sender';
import { clientValues, render } from './template-render';
import type { UnsubscribeTokens } from './unsubscribe-token';

/** What a message says: a template's texts (one per language) or one text written for this message. */
export type MessageSource = { texts: TemplateTexts } | { subject: string | null; body: string };

export type DeliveryOptions = {
  /** Where the unsubscribe page is: PUBLIC_URL, else this server's own address. */
  baseUrl: string;
  /** Today in the floor's zone (YYYY-MM-DD), for ages in greetings. */
  today: () => string;
};

const UNSUBSCRIBE_LINE: Record<ClientLanguage, string> = {
  ru: 'Чтобы больше не получать наши письма, перейдите по ссылке',
  uk: 'Щоб більше не отримувати наших листів, перейдіть за посиланням',
  en: 'To stop receiving our e-mails, follow this link',
};

/** A reason a message was not sent on purpose, as the recipients' table shows it. */
export type SkipReason = 'opted_out' | 'no_address' | 'no_text' | 'client_deleted' | 'cancelled' | 'duplicate_address';

/**
 * Sends one message that a sender has claimed (status `sending`) and writes how it went: composed from
 * the template in the client's language, checked against the opt-outs, sent, and the row updated once.
 * A provider's refusal fails only this row; nothing here throws for it.
 */
export class MessageDelivery {
  constructor(
    private readonly ds: DataSource,
    private readonly senders: MessageSenders,
    private readonly optouts: OptoutsService,
    private readonly tokens: UnsubscribeTokens,
    private readonly logger: Logger,
    private readonly o: DeliveryOptions,
  ) {}

  configured(channel: 'email' | 'sms'): boolean {
    return this.senders[channel] !== undefined;
  }

  /** 503 when this server has no way out on `channel` (nothing is stored). */
  assertConfigured(channel: 'email' | 'sms'): void {
    if (!this.configured(channel)) throw new AppError(503, 'channel_not_configured', channel === 'email' ? 'E-mail is not set up on this server (SMTP_URL)' : 'SMS is not set up on this server (Twilio)');
  }

  /** Composes what `row` will say to `r` (null with the reason when it cannot be said). */
  /**
   * Composes what `row` will say to `r` (null with the reason when it cannot be said). `body` is what
   * goes out; `kept` is what the history keeps: without the unsubscribe link, which is the recipient's
   * own (anyone reading the card could use it). `today` (YYYY-MM-DD) counts ages; default the floor's.
   */
  async compose(row: Pick<MessageRow, 'channel' | 'toAddress' | 'kind'>, r: Recipient, source: MessageSource, operatorName: string | null = null, today = this.o.today()): Promise<{ to: string; subject: string | null; body: string; kept: string; language: ClientLanguage; unsubscribeUrl: string | null } | { skip: SkipReason }> {
    const to = row.toAddress ?? addressOf(r, row.channel);
    if (!to) return { skip: 'no_address' };
    const picked = 'texts' in source ? pickText(source.texts, r.language) : { language: r.language, text: source };
    if (!picked) return { skip: 'no_text' };
    const values = clientValues(r, picked.language, today, operatorName);
    const subject = row.channel === 'email' ? render(picked.text.subject ?? '', values, 'subject') : null;
    const kept = render(picked.text.body, values, 'body');
    // Mass mail and greetings carry the way out; a letter an operator writes to one client does not.
    if (row.kind === 'manual' || row.channel !== 'email') return { to, subject, body: kept, kept, language: picked.language, unsubscribeUrl: null };
    const unsubscribeUrl = `${this.o.baseUrl}/unsubscribe/${await this.tokens.make({ channel: 'email', address: optoutAddress('email', to), language: picked.language })}`;
    return { to, subject, body: `${kept}\n\n--\n${UNSUBSCRIBE_LINE[picked.language]}: ${unsubscribeUrl}`, kept, language: picked.language, unsubscribeUrl };
  }

  /**
   * Sends a claimed row; `optedOut` holds the batch's opted-out addresses (read just before). With
   * `retry`, a temporary refusal (a relay down, 4xx, Twilio 429/5xx) is not written: the caller puts
   * the row back and tries later (`transient` says so).
   */
  async deliver(row: MessageRow, r: Recipient | undefined, source: MessageSource, optedOut: Set<string>, o: { operatorName?: string | null; today?: string; retry?: boolean } = {}): Promise<{ status: MessageStatus; error: string | null; transient?: boolean }> {
    if (!r) return this.finish(row, { status: 'skipped', error: 'client_deleted' });
    const composed = await this.compose(row, r, source, o.operatorName ?? null, o.today);
    if ('skip' in composed) return this.finish(row, { status: 'skipped', error: composed.skip });
    const written = { toAddress: composed.to, subject: composed.subject, body: composed.kept, language: composed.language };
    if (optedOut.has(optoutAddress(row.channel, composed.to))) return this.finish(row, { status: 'skipped', error: 'opted_out', ...written });
    const sender = this.senders[row.channel];
    if (!sender) return this.finish(row, { status: 'failed', error: 'channel_not_configured', ...written });
    try {
      const { providerId } = await sender.send({ to: composed.to, toName: r.name, subject: composed.subject, body: composed.body, unsubscribeUrl: composed.unsubscribeUrl, messageId: row.id });
      return this.finish(row, { status: 'sent', error: null, providerId, sentAt: new Date(), ...written });
    } catch (err) {
      const message = err instanceof SendError ? err.message : (err as Error).message;
      if (o.retry && !(err instanceof SendError && err.permanent)) {
        this.logger.warn({ messageId: row.id, channel: row.channel, err: message }, 'message refused for now: tried again later');
        return { status: 'queued', error: message.slice(0, 500), transient: true };
      }
      if (row.channel === 'sms' && message.startsWith(`${TWILIO_UNSUBSCRIBED}:`)) {
        await this.optouts.optOut(null, { channel: 'sms', address: composed.to, source: 'stop', clientId: r.id }).catch(() => false);
      }
      this.logger.warn({ messageId: row.id, channel: row.channel, err: message }, 'message not sent');
      return this.finish(row, { status: 'failed', error: message.slice(0, 500), ...written });
    }
  }

  private async finish(row: MessageRow, outcome: Partial<MessageRow> & { status: MessageStatus; error: string | null }): Promise<{ status: MessageStatus; error: string | null }> {
    await lastingWrite(this.ds, (em) => em.update(MessageEntity, { id: row.id }, outcome));
    Object.assign(row, outcome);
    return { status: outcome.status, error: outcome.error };
  }
}
