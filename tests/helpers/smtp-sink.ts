import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** `parsed` is absent when the sink was made with `{ parse: false }` (a load test counting envelopes). */
export type SunkMail = { envelopeTo: string[]; raw: string; parsed: ParsedMail };

/**
 * A real SMTP server on loopback that keeps what it receives (the protocol, not a mocked transport).
 * `rejected` makes RCPT TO fail for an address with 550, as a real server does for a mailbox it lacks;
 * `deferred` with 451 for a while, as a busy or greylisting server does.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  readonly rejected = new Set<string>();
  /** Addresses refused for now (451, as a greylisting or busy server does), so many times each. */
  readonly deferred = new Map<string, number>();
  private server: SMTPServer;
  private waiters: { count: number; resolve: () => void }[] = [];
  port = 0;

  /** `parse: false` keeps only envelopes and raw text: parsing 10,000 mails costs more CPU than sending them. */
  constructor(private readonly o: { parse?: boolean } = {}) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const to = address.address.toLowerCase();
        if (this.rejected.has(to)) return callback(Object.assign(new Error('5.1.1 No such mailbox here'), { responseCode: 550 }));
        const later = this.deferred.get(to) ?? 0;
        if (later > 0) {
          this.deferred.set(to, later - 1);
          return callback(Object.assign(new Error('4.7.1 Try again later'), { responseCode: 451 }));
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const keep = (parsed: ParsedMail) => {
            this.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            this.waiters = this.waiters.filter((w) => (this.mails.length >= w.count ? (w.resolve(), false) : true));
            callback();
          };
          if (this.o.parse === false) return keep(undefined as unknown as ParsedMail);
          void simpleParser(raw).then(keep, callback);
        });
      },
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves once `count` mails have arrived (or throws after `ms`). */
  waitFor(count: number, ms = 30_000): Promise<void> {
    if (this.mails.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.mails.length} of ${count} mails arrived`)), ms);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  to(address: string): SunkMail[] {
    return this.mails.filter((m) => m.envelopeTo.includes(address.toLowerCase()));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
