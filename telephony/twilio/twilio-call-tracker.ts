import type { CallEndCause, CallEvent } from '../call-event';
import { extensionOf } from './operator-identity';

/** A CallEvent before the connector's name is put on it (Omit kept per member of the union). */
type WithoutPbx<T> = T extends unknown ? Omit<T, 'pbx'> : never;

/** A Twilio webhook's form, as parsed (every value a string). */
export type TwilioForm = Record<string, string | undefined>;

/** Which leg a status callback is about: the call itself, an operator's leg of a <Dial>, or the client's leg of a click-to-call. */
export type LegKind = 'call' | 'operator' | 'customer';

type Leg = { ext: string | null; rang: boolean; answered: boolean; final: boolean };

type TrackedCall = {
  sid: string;
  direction: 'inbound' | 'outbound';
  /** inbound: the caller; outbound: the number dialled. */
  number: string | null;
  /** outbound: the operator who placed it. */
  extension: string | null;
  started: boolean;
  /** Who talks to the client now (inbound), or whether the client picked up (outbound). */
  talking: string | null;
  clientAnswered: boolean;
  legs: Map<string, Leg>;
  /** Callbacks already applied (CallSid:CallStatus): Twilio delivers at least once. */
  seen: Set<string>;
  /** Why it ended when nobody talked: the dial gave up (missed), the client's phone (busy, no answer…). */
  unanswered: CallEndCause | null;
  /** The call itself is over: `ended` follows after the grace (late leg callbacks still count). */
  overAt: Date | null;
  endTimer: NodeJS.Timeout | undefined;
  ended: boolean;
  /** When the last callback about it was applied (ms): a call silent for long is asked about (the safety net). */
  lastAt: number;
};

/** A call in progress the call log kept across a restart (its spool), handed back to a new tracker. */
export type AdoptedCall = { callId: string; direction: 'inbound' | 'outbound'; externalNumber: string | null; extension: string | null; answered: boolean };

/** The ring-group statuses a leg ends with when nobody picked it up. */
const UNANSWERED = new Set(['busy', 'no-answer', 'failed', 'canceled']);
const FINAL = new Set(['completed', ...UNANSWERED]);
/** A call whose end was told is remembered this long, so a late duplicate changes nothing. */
const FORGET_MS = 10 * 60_000;

export type TrackerOptions = {
  pbx: string;
  /** How long after the call's own `completed` the `ended` event waits for leg callbacks that Twilio sent late or out of order. */
  endGraceMs?: number;
  now?: () => Date;
};

/**
 * Turns Twilio's webhooks into the CRM's CallEvents, the same vocabulary the Asterisk connector speaks,
 * keyed by the parent CallSid. Twilio delivers at least once and not always in order, so every callback is
 * applied once (by CallSid and CallStatus) and each leg's callbacks are read for what they imply: a leg
 * `completed` after talking (CallDuration > 0) was answered even if its `in-progress` came late or never.
 * The call's own end waits a short grace for such stragglers before `ended` is told.
 *
 * A callback for a call this tracker never saw start (not ours, or from before a restart) is ignored.
 */
export class TwilioCallTracker {
  private readonly calls = new Map<string, TrackedCall>();
  private readonly endGraceMs: number;
  private readonly now: () => Date;
  private emit: (event: CallEvent) => void = () => undefined;

  constructor(private readonly opts: TrackerOptions) {
    this.endGraceMs = opts.endGraceMs ?? 1500;
    this.now = opts.now ?? (() => new Date());
  }

  onEvent(listener: (event: CallEvent) => void): void {
    this.emit = listener;
  }

  has(sid: string): boolean {
    const call = this.calls.get(sid);
    return call !== undefined && !call.ended;
  }

  /** The calls not yet over (for the link's state and a clean stop). */
  open(): number {
    let n = 0;
    for (const c of this.calls.values()) if (!c.ended) n++;
    return n;
  }

  /** The voice webhook: a client calls the hotline's number (inbound) and waits in its queue (`To`). */
  inbound(form: TwilioForm): void {
    const sid = form.CallSid!;
    if (this.calls.has(sid)) return; // Twilio retried the voice webhook
    const at = this.at(form);
    const call = this.track(sid, 'inbound', form.From ?? null, null);
    call.started = true;
    this.send({ type: 'started', callId: sid, at, direction: 'inbound', externalNumber: call.number, externalName: form.CallerName || null, extension: null });
    this.send({ type: 'queued', callId: sid, at, queue: form.To || 'twilio' });
  }

  /** A click-to-call placed through the REST API: the operator's phone rings first; the call starts when the client is dialled. */
  outbound(sid: string, extension: string, number: string): void {
    if (!this.calls.has(sid)) this.track(sid, 'outbound', number, extension);
  }

  /** Nobody could be dialled, or every operator let it ring: the call is a missed one whenever it ends. */
  gaveUp(callSid: string): void {
    const call = this.calls.get(callSid);
    if (call && !call.ended && call.talking === null) call.unanswered = 'missed';
  }

  /**
   * A `<Dial action>`: how the dial ended (`DialCallStatus`). For a click-to-call it tells why the client
   * did not talk (busy, no answer, failed); on an inbound call the leg callbacks already told the rings.
   */
  dialEnded(form: TwilioForm): void {
    const call = this.calls.get(form.CallSid ?? '');
    if (!call || call.ended || call.direction !== 'outbound' || call.clientAnswered) return;
    const status = form.DialCallStatus ?? '';
    if (status === 'busy') call.unanswered = 'busy';
    else if (status === 'failed') call.unanswered = 'failed';
    else if (status === 'no-answer' || status === 'canceled') call.unanswered = 'no_answer';
  }

  /** A status callback of the call itself or of one of its legs (`ParentCallSid`). */
  status(form: TwilioForm, kind: LegKind, ext: string | null): void {
    const legSid = form.CallSid ?? '';
    const status = form.CallStatus ?? '';
    const parentSid = kind === 'call' ? legSid : (form.ParentCallSid ?? '');
    const call = this.calls.get(parentSid);
    if (!call || call.ended) return;
    const key = `${legSid}:${status}`;
    if (call.seen.has(key)) return;
    call.seen.add(key);
    call.lastAt = Date.now();
    const at = this.at(form);
    if (kind === 'call') return this.callStatus(call, status, at);
    if (kind === 'operator') return this.operatorLeg(call, legSid, ext ?? extensionOf(form.To ?? form.Called), status, form, at);
    return this.customerLeg(call, legSid, status, form, at);
  }

  /**
   * A call in progress from before a restart (the call log replayed it from its spool): its callbacks are
   * followed again from here, as if this tracker had seen it start.
   */
  adopt(c: AdoptedCall): void {
    if (this.calls.has(c.callId)) return;
    const call = this.track(c.callId, c.direction, c.externalNumber, c.direction === 'outbound' ? c.extension : null);
    call.started = true;
    if (c.answered && c.direction === 'inbound') call.talking = c.extension;
    if (c.answered && c.direction === 'outbound') call.clientAnswered = true;
  }

  /** The calls not over that no callback has touched for `quietMs`. */
  quiet(quietMs: number): string[] {
    const before = Date.now() - quietMs;
    return [...this.calls.values()].filter((c) => !c.ended && c.overAt === null && c.lastAt <= before).map((c) => c.sid);
  }

  /** Forget everything (the connector stops). */
  clear(): void {
    for (const c of this.calls.values()) clearTimeout(c.endTimer);
    this.calls.clear();
  }

  private track(sid: string, direction: 'inbound' | 'outbound', number: string | null, extension: string | null): TrackedCall {
    const call: TrackedCall = { sid, direction, number, extension, started: false, talking: null, clientAnswered: false, legs: new Map(), seen: new Set(), unanswered: null, overAt: null, endTimer: undefined, ended: false, lastAt: Date.now() };
    this.calls.set(sid, call);
    return call;
  }

  private callStatus(call: TrackedCall, status: string, at: Date): void {
    if (!FINAL.has(status) || call.overAt) return;
    call.overAt = at;
    if (call.direction === 'outbound' && !call.started) return this.finish(call); // the operator never took it: no call
    call.endTimer = setTimeout(() => this.finish(call), this.endGraceMs);
    call.endTimer.unref?.();
  }

  /** An operator's leg of an inbound call's <Dial> (or of a transfer's). */
  private operatorLeg(call: TrackedCall, legSid: string, ext: string | null, status: string, form: TwilioForm, at: Date): void {
    if (ext === null) return;
    const leg = this.leg(call, legSid, ext);
    if (leg.final) return;
    if (status === 'ringing') {
      leg.rang = true;
      this.send({ type: 'ringing', callId: call.sid, at, extension: ext });
    } else if (status === 'in-progress' || status === 'answered') {
      this.operatorAnswered(call, leg, ext, at);
    } else if (status === 'completed') {
      // Talked (a duration) but its answer came late or not at all: it was answered, that long before.
      const talked = Number(form.CallDuration ?? 0);
      if (!leg.answered && talked > 0) this.operatorAnswered(call, leg, ext, new Date(at.getTime() - talked * 1000));
      else if (!leg.answered) this.ringStopped(call, leg, ext, at);
      leg.final = true;
    } else if (UNANSWERED.has(status)) {
      if (!leg.answered) this.ringStopped(call, leg, ext, at);
      leg.final = true;
    }
  }

  private operatorAnswered(call: TrackedCall, leg: Leg, ext: string, at: Date): void {
    if (leg.answered) return;
    if (!leg.rang) {
      // Its `ringing` never came (or comes later): the phone rang before it was picked up.
      leg.rang = true;
      this.send({ type: 'ringing', callId: call.sid, at, extension: ext });
    }
    leg.answered = true;
    if (call.talking === null) this.send({ type: 'answered', callId: call.sid, at, extension: ext });
    else if (call.talking !== ext) this.send({ type: 'transferred', callId: call.sid, at, from: call.talking, to: ext, kind: 'blind' });
    call.talking = ext;
  }

  private ringStopped(call: TrackedCall, leg: Leg, ext: string, at: Date): void {
    if (!leg.rang) return; // never rang: nothing to stop
    this.send({ type: 'ring_stopped', callId: call.sid, at, extension: ext });
  }

  /** The client's leg of a click-to-call: dialled (the call starts), ringing, answered, or not. */
  private customerLeg(call: TrackedCall, legSid: string, status: string, form: TwilioForm, at: Date): void {
    const leg = this.leg(call, legSid, null);
    if (leg.final || call.direction !== 'outbound') return;
    if (!call.started) {
      call.started = true;
      this.send({ type: 'started', callId: call.sid, at, direction: 'outbound', externalNumber: call.number, externalName: null, extension: call.extension });
    }
    const talked = Number(form.CallDuration ?? 0);
    if ((status === 'ringing' || status === 'in-progress' || status === 'answered' || (status === 'completed' && talked > 0)) && !leg.rang) {
      leg.rang = true;
      this.send({ type: 'ringing', callId: call.sid, at, extension: null });
    }
    if (status === 'in-progress' || status === 'answered' || (status === 'completed' && talked > 0)) {
      if (!call.clientAnswered) {
        call.clientAnswered = true;
        leg.answered = true;
        this.send({ type: 'answered', callId: call.sid, at: status === 'completed' ? new Date(at.getTime() - talked * 1000) : at, extension: null });
      }
    } else if (UNANSWERED.has(status) || status === 'completed') {
      if (!call.clientAnswered) call.unanswered = status === 'busy' ? 'busy' : status === 'failed' ? 'failed' : 'no_answer';
    }
    if (FINAL.has(status)) leg.final = true;
  }

  private leg(call: TrackedCall, sid: string, ext: string | null): Leg {
    let leg = call.legs.get(sid);
    if (!leg) call.legs.set(sid, (leg = { ext, rang: false, answered: false, final: false }));
    return leg;
  }

  private finish(call: TrackedCall): void {
    if (call.ended) return;
    call.ended = true;
    clearTimeout(call.endTimer);
    if (call.started) {
      const at = call.overAt ?? this.now();
      // Phones still ringing when the call ended (the caller gave up) stop ringing with it.
      for (const leg of call.legs.values()) if (leg.ext !== null && leg.rang && !leg.answered && !leg.final) this.send({ type: 'ring_stopped', callId: call.sid, at, extension: leg.ext });
      const talked = call.direction === 'inbound' ? call.talking !== null : call.clientAnswered;
      const cause: CallEndCause = talked ? 'answered' : (call.unanswered ?? (call.direction === 'inbound' ? 'abandoned' : 'no_answer'));
      this.send({ type: 'ended', callId: call.sid, at, cause });
    }
    const forget = setTimeout(() => this.calls.delete(call.sid), FORGET_MS);
    forget.unref?.();
  }

  private send(event: WithoutPbx<CallEvent>): void {
    this.emit({ ...event, pbx: this.opts.pbx } as CallEvent);
  }

  /** When Twilio says it happened (`Timestamp`, RFC 2822), else now. */
  private at(form: TwilioForm): Date {
    const t = form.Timestamp ? Date.parse(form.Timestamp) : Number.NaN;
    return Number.isNaN(t) ? this.now() : new Date(t);
  }
}
