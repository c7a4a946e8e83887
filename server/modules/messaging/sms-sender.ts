import { restClient } from '../../../telephony/twilio/twilio-connector';
import { SendError, type MessageSender, type Outgoing } from './senders';

export type SmsSenderOptions = {
  accountSid: string;
  authToken: string;
  apiUrl?: string;
  /** The sender: a Twilio number (E.164) or a messaging service (MG…). */
  from: string;
  /** Where Twilio reports the message's fate; none: its status stays "accepted". */
  statusCallback?: string;
};

/** Twilio's codes for a number that cannot get SMS at all (bad number, landline, opted out): no retry helps. */
const PERMANENT_CODES = new Set([21211, 21214, 21408, 21610, 21612, 21614, 30003, 30004, 30005, 30006, 30007]);
/** Twilio's "this recipient replied STOP": the number is opted out here too. */
export const TWILIO_UNSUBSCRIBED = 21610;

/** SMS through Twilio's Messages API. */
export class TwilioSmsSender implements MessageSender {
  readonly channel = 'sms' as const;
  private readonly rest: ReturnType<typeof restClient>;

  constructor(private readonly o: SmsSenderOptions) {
    this.rest = restClient(o);
  }

  async send(m: Outgoing): Promise<{ providerId: string | null }> {
    const sender = this.o.from.startsWith('MG') ? { messagingServiceSid: this.o.from } : { from: this.o.from };
    try {
      const msg = await this.rest.messages.create({ to: m.to, body: m.body, ...sender, ...(this.o.statusCallback && { statusCallback: this.o.statusCallback }) });
      return { providerId: msg.sid };
    } catch (err) {
      const e = err as Error & { status?: number; code?: number };
      const permanent = (e.code !== undefined && PERMANENT_CODES.has(e.code)) || (e.status !== undefined && e.status >= 400 && e.status < 500 && e.status !== 429);
      throw new SendError(`${e.code ? `${e.code}: ` : ''}${e.message}`.slice(0, 480), permanent);
    }
  }

  async close(): Promise<void> {}
}

/** The demo's SMS: nothing leaves the machine; the latest 200 are kept to show and test. */
export class RecordingSmsSender implements MessageSender {
  readonly channel = 'sms' as const;
  readonly sent: { to: string; body: string }[] = [];

  async send(m: Outgoing): Promise<{ providerId: string | null }> {
    this.sent.push({ to: m.to, body: m.body });
    if (this.sent.length > 200) this.sent.shift();
    return { providerId: `demo-${m.messageId}` };
  }

  async close(): Promise<void> {}
}
