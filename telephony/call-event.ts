/**
 * The PBX-neutral call vocabulary. Every connector (Asterisk, Twilio, the simulator) turns its own traffic
 * into these events, keyed by a stable call id (Asterisk Linkedid, Twilio CallSid). Nothing outside
 * telephony/ sees a PBX's own field names.
 */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/** How a call ended, as the CRM reports it. */
export type CallEndCause = 'answered' | 'missed' | 'abandoned' | 'busy' | 'no_answer' | 'failed';

type Base = {
  /** Which PBX connection produced it, e.g. "asterisk" or "twilio". */
  pbx: string;
  /** Stable id of the whole call on that PBX, shared by all of its legs and transfers. */
  callId: string;
  /** When it happened on the PBX (its own clock when it says, else the time of receipt). */
  at: Date;
};

export type CallEvent = Base &
  (
    | {
        type: 'started';
        direction: CallDirection;
        /** The client's number as the PBX gave it (null for internal calls and hidden numbers). */
        externalNumber: string | null;
        externalName: string | null;
        /**
         * For outbound and internal calls: the operator extension that placed the call. Such a call starts
         * once the far end is dialled, so its operator is on the line by then (a click-to-call's ring of the
         * operator's own phone happens before, and is no call yet): the CRM shows "calling the client".
         */
        extension: string | null;
      }
    /** An inbound call entered a queue: waiting time counts from here. */
    | { type: 'queued'; queue: string }
    /** An operator's phone (extension) or, with extension null, the client's phone started ringing. */
    | { type: 'ringing'; extension: string | null }
    /** A ringing phone stopped without being answered (ring-no-answer, rejected, caller gave up). */
    | { type: 'ring_stopped'; extension: string | null }
    /** The call was picked up: by an operator (inbound, internal) or, with extension null, by the client. */
    | { type: 'answered'; extension: string | null }
    /** The talking operator changed: `to` now talks to the client, `from` left. */
    | { type: 'transferred'; from: string | null; to: string; kind: 'blind' | 'attended' }
    | { type: 'ended'; cause: CallEndCause }
    /** The PBX records the call into this file (Asterisk: MixMonitor's MIXMONITOR_FILENAME, its own path). */
    | { type: 'recording'; file: string }
  );

export type CallEventType = CallEvent['type'];

/** `standby`: in scale-out, another node holds the PBX link (this one takes over if that one dies). */
export type PbxConnectionState = 'connecting' | 'connected' | 'disconnected' | 'auth_failed' | 'stopped' | 'standby';

/**
 * An operator's place in the PBX's queues, in the CRM's words: taking queue calls, paused (a break), or out
 * of the queues altogether (signed out). How a PBX does each is its connector's business.
 */
export type AgentPresence = 'available' | 'paused' | 'logged_out';

/** The PBX says an operator was paused or unpaused by someone other than the CRM (e.g. on the phone). */
export type AgentPresenceEvent = { pbx: string; extension: string; presence: 'available' | 'paused'; reason: string | null; at: Date };

/** Live coaching: listen (silent), whisper (the operator hears the supervisor, the client does not), barge (three-way). */
export type SpyMode = 'listen' | 'whisper' | 'barge';

/** A supervisor's phone is rung and, once picked up, joins the operator's call in progress in that mode. */
export type SpyRequest = { supervisorExtension: string; operatorExtension: string; mode: SpyMode };

/** What the CRM needs from any PBX connector. */
export type PbxConnector = {
  readonly name: string;
  /** Starts connecting; events flow to `onEvent` in order per call. */
  start(onEvent: (event: CallEvent) => void): void;
  stop(): Promise<void>;
  /**
   * The link's status; a connector that keeps a link also reports (for monitoring) how often it was
   * re-established since start, when it last logged in and when the PBX last sent an event.
   */
  state(): { status: PbxConnectionState; detail?: string; reconnects?: number; lastConnectedAt?: Date | null; lastEventAt?: Date | null };
  /** Drops the calls in progress without ending them: another node's link follows them now (optional). */
  forget?(): void;
  /** Click-to-call: ring the operator's extension, then the number. Resolves with the PBX's answer. */
  originate(request: { extension: string; number: string; callerName?: string }): Promise<{ actionId: string; message: string }>;
  /** Live coaching: ring the supervisor's extension into the operator's call (optional: a PBX that cannot omits it). */
  spy?(request: SpyRequest): Promise<{ actionId: string; message: string }>;
  /** Puts the operator's extension into that presence in the PBX's queues (optional: a PBX without queues omits it). */
  setAgentPresence?(request: { extension: string; presence: AgentPresence; reason?: string }): Promise<void>;
  /** Presence changes the PBX reports that the CRM did not make; goes with setAgentPresence. */
  onAgentPresence?(listener: (event: AgentPresenceEvent) => void): void;
  /** The link came up (again): presence set earlier may be gone (a PBX restart) or never have arrived, so it is set again. */
  onConnected?(listener: () => void): void;
};
