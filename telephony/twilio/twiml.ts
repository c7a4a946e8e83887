import twilio from 'twilio';
import { clientIdentity, sipAddress } from './operator-identity';

const { VoiceResponse } = twilio.twiml;
type Say = NonNullable<Parameters<InstanceType<typeof VoiceResponse>['say']>[0]>;

/** What the TwiML needs to know of the install (from TwilioConfig) and where its webhooks are. */
export type TwimlSettings = {
  /** PUBLIC_URL without a trailing slash: every webhook URL starts here (and is signed against it). */
  publicUrl: string;
  ringSeconds: number;
  greeting: string | undefined;
  language: string;
  record: boolean;
  nobody: 'message' | 'voicemail';
  nobodyMessage: string;
  sipDomain: string | undefined;
  callerId: string | undefined;
};

/** The events each dialled leg reports back (all of them: the connector tells ring, answer and miss apart). */
const LEG_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

export const webhookPath = {
  voice: '/telephony/twilio/voice',
  status: '/telephony/twilio/status',
  dialAction: '/telephony/twilio/dial-action',
  recording: '/telephony/twilio/recording',
  outbound: '/telephony/twilio/outbound',
} as const;

const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();

export class Twiml {
  constructor(private readonly s: TwimlSettings) {}

  url(path: string, params: Record<string, string | number> = {}): string {
    const q = query(params);
    return `${this.s.publicUrl}${path}${q ? `?${q}` : ''}`;
  }

  /**
   * An inbound call: the greeting, then a <Dial> of `extensions` (all at once, or the one whose turn it is
   * when `attempt` is given: one after another), each leg reporting its status; the dial's end comes to
   * the action URL with what is left to try. No one to dial: the nobody-available answer.
   */
  dialOperators(extensions: string[], opts: { greet: boolean; attempt?: number }): string {
    if (extensions.length === 0) return this.nobody();
    const r = new VoiceResponse();
    if (opts.greet && this.s.greeting) r.say(this.say(), this.s.greeting);
    const sequential = opts.attempt !== undefined;
    const dial = r.dial({
      action: this.url(webhookPath.dialAction, sequential ? { attempt: opts.attempt! } : {}),
      timeout: this.s.ringSeconds,
      answerOnBridge: true,
      ...(this.s.record && { record: 'record-from-answer-dual' as const, recordingStatusCallback: this.url(webhookPath.recording), recordingStatusCallbackEvent: ['completed'] }),
    });
    for (const ext of sequential ? extensions.slice(0, 1) : extensions) this.operator(dial, ext);
    return r.toString();
  }

  /** Nobody can take the call: a message and the end (a missed call, which opens a callback), or a voicemail. */
  nobody(): string {
    const r = new VoiceResponse();
    r.say(this.say(), this.s.nobodyMessage);
    if (this.s.nobody === 'voicemail') {
      r.record({ maxLength: 120, playBeep: true, recordingStatusCallback: this.url(webhookPath.recording), recordingStatusCallbackEvent: ['completed'] });
    }
    r.hangup();
    return r.toString();
  }

  /** The call is taken care of (answered and over): nothing more to do. */
  hangup(): string {
    const r = new VoiceResponse();
    r.hangup();
    return r.toString();
  }

  /** A click-to-call: the operator picked up their leg; now the client's number is dialled from the hotline's number. */
  dialClient(number: string, extension: string): string {
    const r = new VoiceResponse();
    const dial = r.dial({
      callerId: this.s.callerId,
      timeout: this.s.ringSeconds * 2,
      action: this.url(webhookPath.dialAction, { kind: 'outbound' }),
      ...(this.s.record && { record: 'record-from-answer-dual' as const, recordingStatusCallback: this.url(webhookPath.recording), recordingStatusCallbackEvent: ['completed'] }),
    });
    dial.number({ statusCallback: this.url(webhookPath.status, { leg: 'customer', ext: extension }), statusCallbackEvent: [...LEG_EVENTS] }, number);
    return r.toString();
  }

  /** The operator's address for the REST API's `to` (click-to-call rings the operator first). */
  operatorAddress(extension: string): string {
    return this.s.sipDomain ? sipAddress(extension, this.s.sipDomain) : `client:${clientIdentity(extension)}`;
  }

  private operator(dial: ReturnType<InstanceType<typeof VoiceResponse>['dial']>, ext: string): void {
    const leg = { statusCallback: this.url(webhookPath.status, { leg: 'operator', ext }), statusCallbackEvent: [...LEG_EVENTS] };
    if (this.s.sipDomain) dial.sip(leg, sipAddress(ext, this.s.sipDomain));
    else dial.client(leg, clientIdentity(ext));
  }

  private say(): Say {
    return { language: this.s.language as Say['language'] };
  }
}
