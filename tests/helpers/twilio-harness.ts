/**
 * Twilio without the internet: a local HTTP server that plays the parts of Twilio's REST API the product
 * calls (the account check, creating a call), and a webhook poster that sends forms shaped as Twilio's
 * documentation shows, signed with the `twilio` package's own function for PUBLIC_URL + path (the server
 * is reached on loopback, as behind a proxy).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export const ACCOUNT_SID = `AC${'1a2b3c4d'.repeat(4)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const PUBLIC_URL = 'https://crm.example.test';
export const HOTLINE = '+74951234567';

export const callSid = () => `CA${randomBytes(16).toString('hex')}`;

type CreatedCall = { sid: string; params: Record<string, string> };

/** Twilio's REST API as far as the product uses it; `failNext` makes the next call creation a Twilio error. */
export class FakeTwilioApi {
  readonly created: CreatedCall[] = [];
  private server: Server | undefined;
  private failure: { status: number; code: number; message: string } | null = null;
  /** What GET …/Calls/<sid>.json answers (the REST API's view of a call); unknown calls are 404. */
  readonly calls = new Map<string, { status: string; endTime?: Date; duration?: number }>();
  url = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  failNext(status: number, code: number, message: string): void {
    this.failure = { status, code, message };
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const json = (status: number, value: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    if (auth !== `${ACCOUNT_SID}:${AUTH_TOKEN}`) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === `/2010-04-01/Accounts/${ACCOUNT_SID}.json`) return json(200, { sid: ACCOUNT_SID, status: 'active', friendly_name: 'Hotline' });
    if (req.method === 'POST' && path === `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`) {
      if (this.failure) {
        const f = this.failure;
        this.failure = null;
        return json(f.status, { code: f.code, message: f.message, more_info: `https://www.twilio.com/docs/errors/${f.code}`, status: f.status });
      }
      const params = Object.fromEntries(new URLSearchParams(body));
      const sid = callSid();
      this.created.push({ sid, params });
      return json(201, { sid, account_sid: ACCOUNT_SID, status: 'queued', to: params.To, from: params.From, direction: 'outbound-api' });
    }
    const one = /^\/2010-04-01\/Accounts\/[^/]+\/Calls\/(CA[0-9a-f]{32})\.json$/.exec(path);
    const known = one ? this.calls.get(one[1]!) : undefined;
    if (req.method === 'GET' && known) {
      return json(200, { sid: one![1], account_sid: ACCOUNT_SID, status: known.status, end_time: known.endTime?.toUTCString().replace('GMT', '+0000') ?? null, duration: known.duration === undefined ? null : String(known.duration) });
    }
    json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
  }
}

/** Posts Twilio's webhooks to the product, signed for PUBLIC_URL + path (or not, or wrongly). */
export class TwilioWebhooks {
  constructor(private readonly baseUrl: string) {}

  async post(path: string, form: Record<string, string>, opts: { signature?: string; authToken?: string } = {}): Promise<{ status: number; text: string }> {
    const signature = opts.signature ?? twilio.getExpectedTwilioSignature(opts.authToken ?? AUTH_TOKEN, `${PUBLIC_URL}${path}`, form);
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, text: await res.text() };
  }
}

/** Forms as Twilio sends them, for one call (`sid`) from `from` to the hotline, at times counted from `t0`. */
export class TwilioStory {
  constructor(
    readonly sid: string,
    readonly from: string,
    private readonly t0: number,
  ) {}

  private common(secondsIn: number): Record<string, string> {
    return { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', Timestamp: new Date(this.t0 + secondsIn * 1000).toUTCString() };
  }

  /** The number's voice webhook: a client calls the hotline. */
  voice(): Record<string, string> {
    return { ...this.common(0), CallSid: this.sid, CallStatus: 'ringing', Direction: 'inbound', From: this.from, Caller: this.from, To: HOTLINE, Called: HOTLINE, CallerName: '', FromCountry: 'RU', ToCountry: 'RU' };
  }

  /** The call's own status callback. */
  call(status: string, secondsIn: number, duration?: number): Record<string, string> {
    return { ...this.voice(), ...this.common(secondsIn), CallStatus: status, CallbackSource: 'call-progress-events', SequenceNumber: '0', ...(duration !== undefined && { CallDuration: String(Math.round(duration)) }) };
  }

  /** A leg of the <Dial> (an operator's phone, `to` like client:ext-101) reporting its status. */
  leg(legSid: string, to: string, status: string, secondsIn: number, duration?: number): Record<string, string> {
    return {
      ...this.common(secondsIn), CallSid: legSid, ParentCallSid: this.sid, CallStatus: status, Direction: 'outbound-dial', From: this.from, To: to, Called: to,
      CallbackSource: 'call-progress-events', SequenceNumber: '0', ...(duration !== undefined && { CallDuration: String(Math.round(duration)) }),
    };
  }

  /** The <Dial action>: how the dial ended. */
  dialAction(dialStatus: string, secondsIn: number, dialSid = '', duration = 0): Record<string, string> {
    return { ...this.voice(), ...this.common(secondsIn), CallStatus: 'in-progress', DialCallStatus: dialStatus, DialCallSid: dialSid, DialCallDuration: String(Math.round(duration)), DialBridged: String(dialStatus === 'completed') };
  }
}
