import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { CallEvent, PbxConnectionState, PbxConnector } from '../call-event';
import { PbxActionError } from '../pbx-action-error';
import { extensionOf } from './operator-identity';
import { TwilioCallTracker, type AdoptedCall, type LegKind, type TwilioForm } from './twilio-call-tracker';
import { Twiml, webhookPath, type TwimlSettings } from './twiml';

export type TwilioConnectorOptions = TwimlSettings & {
  name?: string;
  accountSid: string;
  authToken: string;
  dialMode: 'simultaneous' | 'sequential';
  /** Twilio's REST API (tests: a local server); default https://api.twilio.com. */
  apiUrl?: string;
  /**
   * The extensions of the operators who can take a call now, in the order they should ring (longest
   * available first). Read on every incoming call, so it must answer from memory: TwiML never waits on
   * the database.
   */
  available: () => string[];
  endGraceMs?: number;
  /** How often calls silent for QUIET_MS are asked about through the REST API (their end may never have been told); default 60 s, 0: never. */
  reconcileMs?: number;
  logger?: { info(o: object, m: string): void; warn(o: object, m: string): void };
};

type RequestOptions<T> = RequestClient.RequestOptions<T>;

/** A call no callback has touched for this long is asked about (a long talk is still silent: Twilio says it is in progress). */
const QUIET_MS = 120_000;
/** Twilio's final call statuses, as its REST API names them. */
const FINAL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** Calls in a sequential dial: who is still to be tried, in order. */
type Queue = { left: string[]; attempt: number };

/** Twilio's REST client, pointed at another address when `apiUrl` is set (tests play Twilio's API on loopback). */
export function restClient(o: Pick<TwilioConnectorOptions, 'accountSid' | 'authToken' | 'apiUrl'>) {
  if (!o.apiUrl) return twilio(o.accountSid, o.authToken, { autoRetry: true, maxRetries: 2 });
  const base = new URL(o.apiUrl);
  class Redirected extends twilio.RequestClient {
    override request<TData>(opts: RequestOptions<TData>) {
      const uri = new URL(opts.uri);
      uri.protocol = base.protocol;
      uri.host = base.host;
      return super.request<TData>({ ...opts, uri: uri.href });
    }
  }
  return twilio(o.accountSid, o.authToken, { httpClient: new Redirected() });
}

/**
 * Twilio Voice as a PBX: its webhooks in, the CRM's CallEvents out (through TwilioCallTracker), TwiML that
 * rings the available operators, and click-to-call through the REST API. It holds no link: Twilio calls
 * us. `state()` says whether the credentials work (checked at start against the REST API).
 */
export class TwilioConnector implements PbxConnector {
  readonly name: string;
  readonly twiml: Twiml;
  private readonly tracker: TwilioCallTracker;
  private readonly rest: ReturnType<typeof twilio>;
  private readonly queues = new Map<string, Queue>();
  private status: PbxConnectionState = 'connecting';
  private detail: string | undefined;
  private lastEventAt: Date | null = null;
  private reconcileTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: TwilioConnectorOptions) {
    this.name = o.name ?? 'twilio';
    this.twiml = new Twiml(o);
    this.tracker = new TwilioCallTracker({ pbx: this.name, endGraceMs: o.endGraceMs });
    this.rest = restClient(o);
  }

  start(onEvent: (event: CallEvent) => void): void {
    this.tracker.onEvent((event) => {
      this.lastEventAt = new Date();
      if (event.type === 'ended') this.queues.delete(event.callId);
      onEvent(event);
    });
    void this.checkCredentials();
    const every = this.o.reconcileMs ?? 60_000;
    if (every > 0) {
      this.reconcileTimer = setInterval(() => void this.reconcile(), every);
      this.reconcileTimer.unref();
    }
  }

  /**
   * Calls the call log kept across a restart (replayed from its spool): their callbacks are followed
   * again, and the safety net asks Twilio about them if none comes.
   */
  adopt(calls: AdoptedCall[]): void {
    for (const c of calls) this.tracker.adopt(c);
  }

  /**
   * The safety net: a call silent for QUIET_MS is looked up through the REST API; one Twilio says is over
   * (its status callback lost, or sent while this server was down) ends as of Twilio's end time.
   */
  async reconcile(quietMs = QUIET_MS): Promise<number> {
    let closed = 0;
    for (const sid of this.tracker.quiet(quietMs)) {
      try {
        const call = await this.rest.calls(sid).fetch();
        if (!FINAL_STATUSES.has(call.status)) continue;
        const ended = call.endTime ?? new Date();
        this.tracker.status({ CallSid: sid, CallStatus: call.status, Timestamp: ended.toUTCString(), CallDuration: String(call.duration ?? 0) }, 'call', null);
        closed++;
      } catch (err) {
        this.o.logger?.warn({ err: restError(err).message, callSid: sid }, 'a silent Twilio call could not be looked up; asked again later');
      }
    }
    return closed;
  }

  async stop(): Promise<void> {
    clearInterval(this.reconcileTimer);
    this.tracker.clear();
    this.queues.clear();
    this.status = 'stopped';
  }

  state() {
    return { status: this.status, ...(this.detail && { detail: this.detail }), lastEventAt: this.lastEventAt };
  }

  /** Signed by Twilio with our auth token for this exact URL (PUBLIC_URL + path and query) and form. */
  validSignature(signature: string | undefined, pathAndQuery: string, form: TwilioForm): boolean {
    return typeof signature === 'string' && twilio.validateRequest(this.o.authToken, signature, `${this.o.publicUrl}${pathAndQuery}`, form);
  }

  /**
   * The number's voice webhook. A client calling: the available operators ring (all at once, or the first
   * of them in turn). An operator's softphone calling out (`From` is an operator): the number they dialled.
   */
  voice(form: TwilioForm): string {
    const sid = form.CallSid ?? '';
    const operator = extensionOf(form.From);
    if (operator !== null) {
      const number = form.To ?? '';
      this.tracker.outbound(sid, operator, number);
      return this.twiml.dialClient(number, operator);
    }
    const known = this.queues.get(sid);
    if (known) return this.twiml.dialOperators(known.left, { greet: false, attempt: known.attempt }); // Twilio retried
    this.tracker.inbound(form);
    const available = this.o.available();
    if (available.length === 0) {
      this.tracker.gaveUp(sid);
      return this.twiml.nobody();
    }
    if (this.o.dialMode === 'simultaneous') return this.twiml.dialOperators(available, { greet: true });
    this.queues.set(sid, { left: available, attempt: 0 });
    return this.twiml.dialOperators(available, { greet: true, attempt: 0 });
  }

  /** A leg's or the call's status callback (`leg` and `ext` come from the query the TwiML put on the URL). */
  statusCallback(form: TwilioForm, leg: string | undefined, ext: string | undefined): void {
    const kind: LegKind = leg === 'operator' || leg === 'customer' ? leg : 'call';
    this.tracker.status(form, kind, ext ?? null);
  }

  /**
   * The <Dial action>: answered and over, hang up; nobody picked up, the next operator in turn
   * (sequential) or the nobody-available answer; a click-to-call's dial tells why the client did not talk.
   */
  dialAction(form: TwilioForm, query: { attempt?: string; kind?: string }): string {
    const sid = form.CallSid ?? '';
    if (query.kind === 'outbound') {
      this.tracker.dialEnded(form);
      return this.twiml.hangup();
    }
    const status = form.DialCallStatus ?? '';
    if (status === 'completed' || status === 'answered' || form.CallStatus === 'completed' || !this.tracker.has(sid)) {
      this.queues.delete(sid);
      return this.twiml.hangup();
    }
    const queue = this.queues.get(sid);
    const attempt = Number(query.attempt);
    if (queue && Number.isInteger(attempt) && attempt === queue.attempt) {
      // The one whose turn it was did not take it: the next who is still available.
      const now = new Set(this.o.available());
      const left = queue.left.slice(1).filter((ext) => now.has(ext));
      if (left.length > 0) {
        this.queues.set(sid, { left, attempt: attempt + 1 });
        return this.twiml.dialOperators(left, { greet: false, attempt: attempt + 1 });
      }
    }
    this.queues.delete(sid);
    this.tracker.gaveUp(sid);
    return this.twiml.nobody();
  }

  /** The TwiML for a click-to-call once the operator picked up their leg: dial the client. */
  outboundTwiml(query: { ext?: string; number?: string }): string {
    return this.twiml.dialClient(query.number ?? '', query.ext ?? '');
  }

  /** Click-to-call: Twilio rings the operator (softphone or SIP), then the client's number from the hotline's. */
  async originate(request: { extension: string; number: string }): Promise<{ actionId: string; message: string }> {
    if (!this.o.callerId) throw new PbxActionError('TWILIO_CALLER_ID is not set: Twilio needs the hotline number to call from', 'rejected');
    try {
      const call = await this.rest.calls.create({
        to: this.twiml.operatorAddress(request.extension),
        from: this.o.callerId,
        url: this.twiml.url(webhookPath.outbound, { ext: request.extension, number: request.number }),
        statusCallback: this.twiml.url(webhookPath.status),
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        timeout: this.o.ringSeconds,
      });
      this.tracker.outbound(call.sid, request.extension, request.number);
      return { actionId: call.sid, message: `Twilio is ringing extension ${request.extension}` };
    } catch (err) {
      throw restError(err);
    }
  }

  private async checkCredentials(): Promise<void> {
    try {
      await this.rest.api.v2010.accounts(this.o.accountSid).fetch();
      this.status = 'connected';
      this.detail = undefined;
    } catch (err) {
      const e = restError(err);
      this.status = e.code === 'rejected' ? 'auth_failed' : 'disconnected';
      this.detail = e.message;
      this.o.logger?.warn({ err: e.message }, 'Twilio REST API check failed; webhooks are still taken');
    }
  }
}

/** Twilio's REST errors as PBX action errors: its own refusals (4xx, with Twilio's code and words) or no answer. */
function restError(err: unknown): PbxActionError {
  const e = err as { status?: number; code?: number; message?: string; moreInfo?: string };
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new PbxActionError(`Twilio refused: ${e.message ?? 'error'}${e.code ? ` (code ${e.code})` : ''}`, 'rejected');
  if (typeof e.status === 'number') return new PbxActionError(`Twilio answered ${e.status}: ${e.message ?? 'error'}`, 'disconnected');
  const message = (err as Error)?.message ?? String(err);
  return new PbxActionError(`Twilio cannot be reached: ${message}`, /timeout|ETIMEDOUT/i.test(message) ? 'timeout' : 'not_connected');
}
