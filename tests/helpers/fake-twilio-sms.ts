import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SentSms = { to: string; from: string | null; messagingServiceSid: string | null; body: string; sid: string };

/**
 * Twilio's Messages API played on loopback: it answers as Twilio does (201 with the message, or 400 with
 * Twilio's error code) and keeps what it accepted. `invalid` numbers get 21211, `unsubscribed` 21610.
 */
export class FakeTwilioSms {
  readonly sent: SentSms[] = [];
  readonly invalid = new Set<string>();
  readonly unsubscribed = new Set<string>();
  private server: Server;
  url = '';

  constructor(private readonly accountSid: string) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
        const to = form.get('To') ?? '';
        if (this.invalid.has(to)) return json(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
        if (this.unsubscribed.has(to)) return json(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
        const sid = `SM${randomBytes(16).toString('hex')}`;
        this.sent.push({ to, from: form.get('From'), messagingServiceSid: form.get('MessagingServiceSid'), body: form.get('Body') ?? '', sid });
        json(201, { sid, account_sid: this.accountSid, to, from: form.get('From'), body: form.get('Body'), status: 'queued', num_segments: '1', date_created: new Date().toUTCString() });
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
