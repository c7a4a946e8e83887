import type { CallDirection, CallEndCause, CallEvent } from '../call-event';
import { field, type AmiMessage } from './ami-framer';
import { classifyChannel, type ChannelPatterns, type ChannelRole } from './channel-roles';

type Channel = {
  uid: string;
  role: ChannelRole;
  extension: string | null;
  exten: string;
  callerNum: string;
  callerName: string;
  createdAt: number;
  up: boolean;
  /** Our clock when the channel was first seen. */
  seenAt: number;
};

type TrackedCall = {
  id: string;
  startedAt: number;
  origin: Channel | null;
  direction: CallDirection | null;
  started: boolean;
  externalNumber: string | null;
  /** The operator who placed an outbound or internal call, or whose phone a Local origin rang first. */
  placedBy: string | null;
  /** The trunk channel of an outbound call. */
  trunk: Channel | null;
  answered: boolean;
  talking: string | null;
  /** The channel of the talking operator's phone; null once they hang up. */
  talkingUid: string | null;
  queued: boolean;
  rangPhone: boolean;
  dialStatus: string | null;
  hangupCause: string | null;
  transferKind: 'blind' | 'attended' | null;
  live: Map<string, Channel>;
  lastAt: number;
  /** Our clock when the first event of this call arrived. */
  seenAt: number;
  /**
   * Until when the call was surely in progress: its last event, the last channel list that named it, or the
   * last bytes of a link that then dropped. A call that vanished unseen is ended at this time, not "now".
   */
  lastSeenAt: number;
};

/** Events the tracker never looks at; the AMI client drops them by name before parsing. */
export const AMI_NOISE = new Set([
  'VarSet', 'Newexten', 'RTCPSent', 'RTCPReceived', 'DeviceStateChange', 'ExtensionStatus', 'CEL', 'NewCallerid',
  'NewConnectedLine', 'NewAccountCode', 'LocalBridge', 'LocalOptimizationBegin', 'LocalOptimizationEnd', 'DTMFBegin',
  'DTMFEnd', 'MusicOnHoldStart', 'MusicOnHoldStop', 'QueueMemberStatus', 'HangupRequest', 'SoftHangupRequest',
  'BridgeCreate', 'BridgeDestroy', 'BridgeEnter', 'BridgeLeave', 'BridgeMerge', 'SuccessfulAuth', 'ChallengeSent',
  'DialState', 'Hold', 'Unhold', 'PeerStatus', 'ContactStatus', 'Registry', 'AgentCalled', 'AgentConnect',
  'QueueCallerLeave', 'QueueMemberPause', 'QueueMemberAdded', 'QueueMemberRemoved', 'QueueMemberPenalty',
  'QueueMemberRinginuse', 'NewPeerAccount', 'MixMonitorStart', 'MixMonitorStop', 'FullyBooted', 'Cdr',
]);

/** Noise the tracker needs one of: the VarSet that names MixMonitor's file (the call's recording). */
export const AMI_NOISE_KEPT: ReadonlyMap<string, string> = new Map([['VarSet', 'Variable: MIXMONITOR_FILENAME\r\n']]);

const PHONE_LIKE = /^\+?\d{3,}$/;
const known = (v: string | undefined) => (v && v !== '<unknown>' && v !== 's' ? v : '');
/** "00:01:05" → seconds. */
const hms = (v: string | undefined) => (v ?? '0:0:0').split(':').reduce((acc, part) => acc * 60 + (Number(part) || 0), 0);

/** Asterisk's DialStatus and hangup causes, in the CRM's words. */
function failedCause(dialStatus: string | null, hangupCause: string | null, rang: boolean): CallEndCause {
  if (dialStatus === 'BUSY' || hangupCause === '17') return 'busy';
  if (dialStatus === 'NOANSWER' || dialStatus === 'CANCEL' || hangupCause === '19') return 'no_answer';
  if (dialStatus === 'CONGESTION' || dialStatus === 'CHANUNAVAIL') return 'failed';
  return rang ? 'no_answer' : 'failed';
}

/**
 * The per-call state machine: raw AMI channel events in, PBX-neutral CallEvents out. A call is the set of
 * channels sharing a Linkedid; it ends when its last channel hangs up. Direction comes from the first
 * channel's role (the trunk: inbound; a phone: outbound or internal, by what it dials). Nothing is kept
 * once a call ends.
 */
export class CallTracker {
  private readonly calls = new Map<string, TrackedCall>();
  private readonly channelToCall = new Map<string, TrackedCall>();
  /**
   * PBX clock minus ours, learned from the first Timestamp seen and kept across reconnects (durations
   * within a call must not jump); events without a Timestamp use our clock.
   */
  private clockOffset: number | null = null;
  private snapshot: { msg: AmiMessage; receivedAt: number; ageSeconds: number }[] = [];
  /** Channels the last applied channel list named, for reconcile() (null when none was applied since). */
  private listed: Set<string> | null = null;

  constructor(
    private readonly pbx: string,
    private readonly patterns: ChannelPatterns,
    private readonly emit: (event: CallEvent) => void,
  ) {}

  get activeCalls(): number {
    return this.calls.size;
  }

  handle(msg: AmiMessage, receivedAt: number): void {
    const name = field(msg, 'event');
    if (!name) return;
    const at = this.timeOf(msg, receivedAt);
    // Anything about a call (its own events, its channels in a channel list) shows it still going.
    const about = this.callOf(msg);
    if (about && at > about.lastSeenAt) about.lastSeenAt = at;
    switch (name) {
      case 'Newchannel':
        return this.onNewChannel(msg, at);
      case 'Newstate':
        return this.onNewState(msg, at);
      case 'DialBegin':
        return this.onDialBegin(msg, at);
      case 'DialEnd':
        return this.onDialEnd(msg);
      case 'QueueCallerJoin':
        return this.onQueueJoin(msg, at);
      case 'QueueCallerAbandon':
        return void (this.callOf(msg) && (this.callOf(msg)!.queued = true));
      case 'BlindTransfer':
      case 'AttendedTransfer':
        return this.onTransfer(msg, name === 'BlindTransfer' ? 'blind' : 'attended');
      case 'Hangup':
        return this.onHangup(msg, at);
      case 'CoreShowChannel':
      case 'Status':
        return this.bufferSnapshot(msg, receivedAt, name === 'Status' ? Number(field(msg, 'seconds') ?? 0) : hms(field(msg, 'duration')));
      case 'CoreShowChannelsComplete':
      case 'StatusComplete':
        return this.applySnapshot();
      case 'Shutdown':
        return this.endAll(at);
      case 'VarSet':
        return this.onVarSet(msg, at);
      default:
        return;
    }
  }

  /**
   * After a reconnect, and periodically: calls not in the PBX's channel list ended unseen (while we were
   * away, or their Hangup was lost); each ends at the last moment it was seen going (lastSeenAt). Only calls
   * first seen before the list was asked for are judged by it; a call that began since is not in it by right.
   */
  reconcile(liveCallIds: ReadonlySet<string>, at: number, askedAt: number): void {
    const listed = this.listed;
    this.listed = null;
    for (const call of [...this.calls.values()]) {
      if (!liveCallIds.has(call.id)) {
        if (call.seenAt < askedAt) this.end(call, Math.min(at, call.lastSeenAt));
        continue;
      }
      // The call goes on, but a channel of it we knew before asking is not listed: it hung up in the gap
      // (a ringing phone that stopped, the operator who left after a transfer).
      if (!listed) continue;
      for (const chan of [...call.live.values()]) if (chan.seenAt < askedAt && !listed.has(chan.uid)) this.hangUp(call, chan, at, null);
    }
  }

  /** Another node holds the PBX link now: its calls are that node's to log; forget them without ending them. */
  forget(): void {
    this.calls.clear();
    this.channelToCall.clear();
    this.snapshot = [];
    this.listed = null;
  }

  /**
   * The link delivered everything up to `at` and then dropped: a call with no hangup by then was still in
   * progress at `at` (had it ended earlier, its Hangup would have come before the link's last bytes).
   */
  seenUntil(at: number): void {
    for (const call of this.calls.values()) if (at > call.lastSeenAt) call.lastSeenAt = at;
  }

  /** The PBX went away for good (Shutdown): every call it carried is over. */
  endAll(at: number): void {
    for (const call of [...this.calls.values()]) this.end(call, at);
  }

  private timeOf(msg: AmiMessage, receivedAt: number): number {
    const ts = field(msg, 'timestamp');
    if (!ts) return receivedAt;
    const pbxMs = Math.round(Number(ts) * 1000);
    if (!Number.isFinite(pbxMs)) return receivedAt;
    if (this.clockOffset === null) this.clockOffset = pbxMs - receivedAt;
    return pbxMs - this.clockOffset;
  }

  private callOf(msg: AmiMessage): TrackedCall | undefined {
    const linkedid = field(msg, 'linkedid');
    return linkedid ? this.calls.get(linkedid) : undefined;
  }

  private channel(msg: AmiMessage, at: number, prefix = ''): Channel | null {
    const uid = field(msg, `${prefix}uniqueid`);
    const name = field(msg, `${prefix}channel`);
    if (!uid || !name) return null;
    const { role, extension } = classifyChannel(name, this.patterns);
    return {
      uid,
      role,
      extension,
      exten: known(field(msg, `${prefix}exten`)),
      callerNum: known(field(msg, `${prefix}calleridnum`)),
      callerName: known(field(msg, `${prefix}calleridname`)),
      createdAt: at,
      up: field(msg, `${prefix}channelstatedesc`) === 'Up',
      seenAt: Date.now(),
    };
  }

  private onNewChannel(msg: AmiMessage, at: number): void {
    const linkedid = field(msg, 'linkedid');
    const chan = this.channel(msg, at);
    if (!linkedid || !chan || this.channelToCall.has(chan.uid)) return;
    let call = this.calls.get(linkedid);
    if (!call) {
      call = newCall(linkedid, at, Date.now());
      this.calls.set(linkedid, call);
    }
    this.attach(call, chan, at);
  }

  private attach(call: TrackedCall, chan: Channel, at: number): void {
    call.live.set(chan.uid, chan);
    this.channelToCall.set(chan.uid, call);
    call.lastAt = at;
    if (chan.uid === call.id) {
      call.origin = chan;
      if (chan.role === 'external') {
        call.direction = 'inbound';
        call.externalNumber = chan.callerNum || null;
        this.start(call, at, chan.callerName || null, null);
      } else if (chan.role === 'phone') {
        call.placedBy = chan.extension;
      }
      return;
    }
    this.farChannel(call, chan, at);
  }

  /** A channel other than the first: a phone being rung, or the trunk being dialed. */
  private farChannel(call: TrackedCall, chan: Channel, at: number, dialString = ''): void {
    if (chan.role === 'local') return;
    if (!call.direction) {
      if (chan.role === 'external') {
        call.direction = 'outbound';
        call.trunk = chan;
        this.startOutbound(call, at, [dialString]);
        if (chan.up) this.channelUp(call, chan, at);
        return;
      } else if (call.origin?.role === 'phone') {
        call.direction = 'internal';
        this.start(call, at, null, call.placedBy);
      } else {
        // A Local origin (e.g. Originate through Local/…): the first phone rung is the operator placing it.
        call.placedBy ??= chan.extension;
        return;
      }
    }
    if (chan.role === 'phone' && call.direction !== 'outbound') {
      call.rangPhone = true;
      this.emitEvent(call, at, { type: 'ringing', extension: chan.extension });
      if (call.answered && call.talkingUid === null && chan.extension) {
        // The talking operator already left (a blind transfer): the call is in the new phone's hands from now.
        this.emitEvent(call, at, { type: 'transferred', from: call.talking, to: chan.extension, kind: call.transferKind ?? 'blind' });
        call.talking = chan.extension;
        call.talkingUid = chan.uid;
      }
    }
    if (chan.up) this.channelUp(call, chan, at);
  }

  /**
   * An outbound call starts once the number is known: the trunk channel is often created before the dial
   * string or its own Exten say where it goes, so each later event gets a chance to name it.
   */
  private startOutbound(call: TrackedCall, at: number, candidates: string[], force = false): void {
    if (call.started || !call.trunk) return;
    const number = outboundNumber([...candidates, call.origin?.exten ?? '', call.trunk.exten, call.trunk.callerNum]);
    if (!number && !force) return;
    call.externalNumber = number;
    this.start(call, at, null, call.placedBy);
    this.emitEvent(call, call.trunk.createdAt, { type: 'ringing', extension: null });
  }

  private onDialBegin(msg: AmiMessage, at: number): void {
    const destUid = field(msg, 'destuniqueid');
    const call = destUid ? this.channelToCall.get(destUid) : undefined;
    if (!call || call.started || !destUid) return;
    const dest = call.live.get(destUid);
    if (dest?.role === 'external' && call.direction === 'outbound') {
      this.startOutbound(call, at, [field(msg, 'dialstring') ?? '', known(field(msg, 'exten')), known(field(msg, 'destexten'))]);
    }
  }

  private onDialEnd(msg: AmiMessage): void {
    const destUid = field(msg, 'destuniqueid');
    const call = destUid ? this.channelToCall.get(destUid) : undefined;
    const dest = call && destUid ? call.live.get(destUid) : undefined;
    const status = field(msg, 'dialstatus');
    if (call && status && dest?.role === 'external') call.dialStatus = status;
    else if (call && status && !call.answered && dest?.role === 'phone') call.dialStatus ??= status;
  }

  private onNewState(msg: AmiMessage, at: number): void {
    const uid = field(msg, 'uniqueid');
    const call = uid ? this.channelToCall.get(uid) : undefined;
    const chan = call && uid ? call.live.get(uid) : undefined;
    if (!call || !chan) return;
    call.lastAt = at;
    if (!chan.exten) chan.exten = known(field(msg, 'exten'));
    if (chan === call.trunk) this.startOutbound(call, at, []);
    if (field(msg, 'channelstatedesc') === 'Up' && !chan.up) {
      chan.up = true;
      if (chan !== call.origin) this.channelUp(call, chan, at);
    }
  }

  private channelUp(call: TrackedCall, chan: Channel, at: number): void {
    chan.up = true;
    if (chan === call.trunk) this.startOutbound(call, at, [], true);
    if (!call.started) return;
    if (chan.role === 'phone' && call.direction !== 'outbound') {
      if (!call.answered) {
        call.answered = true;
        call.talking = chan.extension;
        call.talkingUid = chan.uid;
        this.emitEvent(call, at, { type: 'answered', extension: chan.extension });
      } else if (call.talking !== chan.extension && chan.extension) {
        // Picked up while the first operator is still on (an attended transfer's consultation).
        this.emitEvent(call, at, { type: 'transferred', from: call.talking, to: chan.extension, kind: call.transferKind ?? 'attended' });
        call.talking = chan.extension;
        call.talkingUid = chan.uid;
      }
    } else if (chan.role === 'external' && call.direction === 'outbound' && !call.answered) {
      call.answered = true;
      call.talking = call.placedBy;
      this.emitEvent(call, at, { type: 'answered', extension: null });
    }
  }

  private onQueueJoin(msg: AmiMessage, at: number): void {
    const call = this.callOf(msg);
    const queue = field(msg, 'queue');
    if (!call || !queue || call.queued) return;
    call.queued = true;
    this.emitEvent(call, at, { type: 'queued', queue });
  }

  private onTransfer(msg: AmiMessage, kind: 'blind' | 'attended'): void {
    if (field(msg, 'result') !== 'Success') return;
    const linkedid = field(msg, 'transfereelinkedid') ?? field(msg, 'transfererlinkedid') ?? field(msg, 'origtransfererlinkedid');
    const call = linkedid ? this.calls.get(linkedid) : undefined;
    if (call) call.transferKind = kind;
  }

  /**
   * MixMonitor names its file in the channel variable MIXMONITOR_FILENAME (a VarSet event): the call's
   * recording, with the PBX's own path. Other variables are none of the CRM's business.
   */
  private onVarSet(msg: AmiMessage, at: number): void {
    if (field(msg, 'variable') !== 'MIXMONITOR_FILENAME') return;
    const call = this.callOf(msg);
    const file = field(msg, 'value');
    if (call && file) this.emitEvent(call, at, { type: 'recording', file });
  }

  private onHangup(msg: AmiMessage, at: number): void {
    const uid = field(msg, 'uniqueid');
    const call = uid ? this.channelToCall.get(uid) : undefined;
    const chan = call && uid ? call.live.get(uid) : undefined;
    if (!call || !chan) return;
    this.hangUp(call, chan, at, field(msg, 'cause') ?? null);
  }

  private hangUp(call: TrackedCall, chan: Channel, at: number, cause: string | null): void {
    const uid = chan.uid;
    call.live.delete(uid);
    this.channelToCall.delete(uid);
    if (uid === call.talkingUid) call.talkingUid = null;
    call.lastAt = at;
    call.hangupCause = cause ?? call.hangupCause;
    if (chan !== call.origin && call.started && !chan.up) {
      if (chan.role === 'phone' && call.direction !== 'outbound') this.emitEvent(call, at, { type: 'ring_stopped', extension: chan.extension });
      if (chan.role === 'external' && call.direction === 'outbound') this.emitEvent(call, at, { type: 'ring_stopped', extension: null });
    }
    if (call.live.size === 0) this.end(call, at);
  }

  /**
   * Channels listed by CoreShowChannels/Status come in no useful order; they are gathered until the list
   * completes, then applied per call with the first channel (the origin) first.
   */
  private bufferSnapshot(msg: AmiMessage, receivedAt: number, ageSeconds: number): void {
    this.snapshot.push({ msg, receivedAt, ageSeconds });
  }

  /** Applies the gathered channel list (the connector calls it when its own list action completes). */
  applySnapshot(): void {
    const items = this.snapshot.sort((a, b) => b.ageSeconds - a.ageSeconds || rank(a.msg) - rank(b.msg));
    this.snapshot = [];
    this.listed = new Set(items.map((i) => field(i.msg, 'uniqueid')).filter((u): u is string => !!u));
    for (const item of items) this.onSnapshot(item.msg, item.receivedAt, item.ageSeconds);
  }

  /** A channel seen in a CoreShowChannels/Status answer: rebuild a call we joined in the middle. */
  private onSnapshot(msg: AmiMessage, receivedAt: number, ageSeconds: number): void {
    const linkedid = field(msg, 'linkedid');
    const createdAt = receivedAt - ageSeconds * 1000;
    const chan = this.channel(msg, createdAt);
    if (!linkedid || !chan) return;
    const knownCall = this.channelToCall.get(chan.uid);
    if (knownCall) {
      // A channel we knew, picked up while we were away: the answer we missed (at the latest, now).
      const knownChan = knownCall.live.get(chan.uid);
      if (knownChan && chan.up && !knownChan.up) {
        knownChan.up = true;
        if (knownChan !== knownCall.origin) this.channelUp(knownCall, knownChan, receivedAt);
      }
      return;
    }
    let call = this.calls.get(linkedid);
    if (!call) {
      call = newCall(linkedid, createdAt, Date.now());
      this.calls.set(linkedid, call);
    }
    call.startedAt = Math.min(call.startedAt, createdAt);
    if (chan.role === 'external' && chan.uid === linkedid) {
      const app = field(msg, 'application');
      if (app === 'Queue') call.queued = true;
    }
    const up = chan.up;
    chan.up = false;
    this.attach(call, chan, createdAt);
    if (call.queued && chan.uid === linkedid) {
      const queue = (field(msg, 'applicationdata') ?? field(msg, 'data') ?? '').split(',')[0];
      if (queue) this.emitEvent(call, createdAt, { type: 'queued', queue });
    }
    if (up && chan !== call.origin) this.channelUp(call, chan, createdAt);
    else chan.up = up;
  }

  private start(call: TrackedCall, at: number, externalName: string | null, extension: string | null): void {
    if (call.started) return;
    call.started = true;
    this.emitEvent(call, call.startedAt, { type: 'started', direction: call.direction!, externalNumber: call.direction === 'internal' ? null : call.externalNumber, externalName, extension });
    void at;
  }

  private end(call: TrackedCall, at: number): void {
    this.calls.delete(call.id);
    for (const uid of call.live.keys()) this.channelToCall.delete(uid);
    call.live.clear();
    if (call.trunk) this.startOutbound(call, at, [], true);
    if (!call.started) return; // a phone picked up and put down without dialing: no call
    let cause: CallEndCause;
    if (call.answered) cause = 'answered';
    else if (call.direction === 'inbound') cause = call.queued || !call.rangPhone ? 'abandoned' : 'missed';
    else cause = failedCause(call.dialStatus, call.hangupCause, true);
    this.emitEvent(call, at, { type: 'ended', cause });
  }

  private emitEvent(call: TrackedCall, at: number, body: DistributiveOmit<CallEvent, 'pbx' | 'callId' | 'at'>): void {
    this.emit({ pbx: this.pbx, callId: call.id, at: new Date(at), ...body } as CallEvent);
  }
}

/** The origin channel (Uniqueid = Linkedid) sorts before the others of its call. */
const rank = (msg: AmiMessage) => (field(msg, 'uniqueid') === field(msg, 'linkedid') ? 0 : 1);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function newCall(id: string, at: number, seenAt: number): TrackedCall {
  return {
    seenAt,
    id,
    startedAt: at,
    origin: null,
    direction: null,
    started: false,
    externalNumber: null,
    placedBy: null,
    trunk: null,
    answered: false,
    talking: null,
    talkingUid: null,
    queued: false,
    rangPhone: false,
    dialStatus: null,
    hangupCause: null,
    transferKind: null,
    live: new Map(),
    lastAt: at,
    lastSeenAt: at,
  };
}

/** The number an operator dialed: the first candidate that looks like one (a dial string's number part counts). */
function outboundNumber(candidates: string[]): string | null {
  for (const candidate of candidates) {
    const hit = candidate.split(/[/@,]/).find((part) => PHONE_LIKE.test(part));
    if (hit) return hit;
  }
  return null;
}
