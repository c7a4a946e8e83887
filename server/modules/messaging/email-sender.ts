import nodemailer, { type Transporter } from 'nodemailer';
import { SendError, type MessageSender, type Outgoing } from './senders';

export type EmailSenderOptions = {
  /** smtp://user:pass@host:587 or smtps://…; `stream` makes the demo's sender, which builds each message and keeps it. */
  smtpUrl: string | 'stream';
  /** The From address, e.g. "Hotline <hello@example.com>". */
  from: string;
  /** Host part of the Message-IDs. */
  domain: string;
  maxConnections?: number;
};

/** SMTP replies 5xx, and addresses the composer refuses before any reply, fail for good; 4xx and lost connections may pass later. */
const isPermanent = (err: { responseCode?: number; code?: string }) => (err.responseCode !== undefined ? err.responseCode >= 500 : err.code === 'EENVELOPE');

/**
 * E-mail through SMTP (nodemailer, pooled). Names and subjects are passed as values, never as header text:
 * the composer encodes them, so a client's name cannot add a header. Mailings carry List-Unsubscribe with
 * one-click unsubscribe (RFC 8058).
 */
export class EmailSender implements MessageSender {
  readonly channel = 'email' as const;
  private readonly transport: Transporter;
  /** The demo keeps what it would have sent (the latest 200), to show and test. */
  readonly sent: { to: string; raw: string }[] = [];

  constructor(private readonly o: EmailSenderOptions) {
    this.transport =
      o.smtpUrl === 'stream'
        ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
        : nodemailer.createTransport({ url: o.smtpUrl, pool: true, maxConnections: o.maxConnections ?? 4, maxMessages: 500, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  }

  async send(m: Outgoing): Promise<{ providerId: string | null }> {
    const messageId = `<hotline-${m.messageId}@${this.o.domain}>`;
    try {
      const info = await this.transport.sendMail({
        from: this.o.from,
        to: m.toName ? { name: m.toName, address: m.to } : m.to,
        subject: m.subject ?? '',
        text: m.body,
        messageId,
        disableFileAccess: true,
        disableUrlAccess: true,
        ...(m.unsubscribeUrl && { list: { unsubscribe: { url: m.unsubscribeUrl, comment: 'Unsubscribe' } }, headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }),
      });
      if (this.o.smtpUrl === 'stream') {
        this.sent.push({ to: m.to, raw: String((info as { message?: Buffer }).message ?? '') });
        if (this.sent.length > 200) this.sent.shift();
      }
      return { providerId: info.messageId ?? messageId };
    } catch (err) {
      const e = err as Error & { responseCode?: number; code?: string; response?: string };
      throw new SendError((e.response ?? e.message).slice(0, 480), isPermanent(e));
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
