import type { CallEvent } from '../../../telephony/call-event';
import type { CallDirection, CallOutcome, LegOutcome } from '../../db/entities';

type Leg = { extension: string; ringAt: number; answeredAt: number | null; stoppedAt: number | null; talkFrom: number | null; talkTo: number | null; transferredIn: boolean };

/** The PBX-derived columns of one call row. */
export type CallFigures = {
  pbx: string;
  pbxCallId: string;
  direction: CallDirection;
  externalNumber: string | null;
  externalName: string | null;
  queue: string | null;
  /** Extension of the operator who answered (inbound) or placed (outbound, internal) the call. */
  operatorExtension: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  ringSeconds: number | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  outcome: CallOutcome | null;
};

export type LegFigures = {
  legNo: number;
  extension: string;
  ringStartedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  ringSeconds: number | null;
  talkSeconds: number | null;
  outcome: LegOutcome;
};

const secs = (from: number | null, to: number | null) => (from === null || to === null ? null : Math.max(0, Math.round((to - from) / 1000)));
const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Folds one call's CallEvents into the figures of its row and legs. Durations: ring is the answering
 * phone's ring (or the client's, outbound); wait is queue entry to answer or hang-up (inbound); talk is
 * answer to end. A transfer target's leg talks from the moment of the transfer.
 */
export class CallRecord {
  direction: CallDirection = 'inbound';
  externalNumber: string | null = null;
  externalName: string | null = null;
  placedBy: string | null = null;
  queue: string | null = null;
  startedAt: number;
  queuedAt: number | null = null;
  answeredAt: number | null = null;
  answeredBy: string | null = null;
  clientRingAt: number | null = null;
  clientRingStoppedAt: number | null = null;
  endedAt: number | null = null;
  outcome: CallOutcome | null = null;
  /** The file the PBX records the call into, as it names it (the first one reported). */
  recordingFile: string | null = null;
  private readonly legs: Leg[] = [];

  constructor(
    readonly pbx: string,
    readonly callId: string,
    firstAt: number,
  ) {
    this.startedAt = firstAt;
  }

  get ended(): boolean {
    return this.endedAt !== null;
  }

  apply(e: CallEvent): void {
    const at = e.at.getTime();
    switch (e.type) {
      case 'started':
        this.startedAt = Math.min(this.startedAt, at);
        // Told again (a resync rebuilding a call replayed from the spool): what it knew stands.
        this.direction = e.direction;
        this.externalNumber = e.externalNumber ?? this.externalNumber;
        this.externalName = e.externalName ?? this.externalName;
        this.placedBy = e.extension ?? this.placedBy;
        break;
      case 'queued':
        this.queue = e.queue;
        this.queuedAt ??= at;
        break;
      case 'ringing': {
        if (e.extension === null) {
          this.clientRingAt ??= at;
          break;
        }
        // A phone already ringing or talking on this call is not a new leg (a resync telling it again).
        const open = this.openLeg(e.extension);
        if (open && open.stoppedAt === null && open.talkTo === null) break;
        this.legs.push({ extension: e.extension, ringAt: at, answeredAt: null, stoppedAt: null, talkFrom: null, talkTo: null, transferredIn: false });
        break;
      }
      case 'ring_stopped': {
        if (e.extension === null) this.clientRingStoppedAt ??= at;
        const leg = this.openLeg(e.extension);
        if (leg && leg.answeredAt === null) leg.stoppedAt = at;
        break;
      }
      case 'answered': {
        if (this.answeredAt === null) {
          this.answeredAt = at;
          this.answeredBy = e.extension;
        }
        const leg = e.extension === null ? this.openLeg(this.placedBy) : this.openLeg(e.extension);
        if (leg) {
          leg.answeredAt ??= at;
          leg.talkFrom ??= at;
        } else if (e.extension === null && this.placedBy) {
          this.legs.push({ extension: this.placedBy, ringAt: this.startedAt, answeredAt: at, stoppedAt: null, talkFrom: at, talkTo: null, transferredIn: false });
        }
        break;
      }
      case 'transferred': {
        const from = this.openLeg(e.from);
        if (from && from.talkTo === null) from.talkTo = at;
        const to = this.openLeg(e.to);
        if (to) {
          to.transferredIn = true;
          to.talkFrom = at;
        }
        break;
      }
      case 'recording':
        this.recordingFile ??= e.file;
        break;
      case 'ended':
        this.endedAt = at;
        this.outcome = e.cause;
        for (const leg of this.legs) {
          if (leg.talkFrom !== null && leg.talkTo === null) leg.talkTo = at;
          if (leg.talkFrom === null && leg.stoppedAt === null) leg.stoppedAt = at;
        }
        break;
    }
  }

  private openLeg(extension: string | null): Leg | undefined {
    if (extension === null) return undefined;
    for (let i = this.legs.length - 1; i >= 0; i--) if (this.legs[i]!.extension === extension) return this.legs[i];
    return undefined;
  }

  figures(): CallFigures {
    const inbound = this.direction === 'inbound';
    const outbound = this.direction === 'outbound';
    const answeringLeg = this.answeredBy === null ? undefined : this.legs.find((l) => l.extension === this.answeredBy && l.answeredAt !== null);
    const lastLeg = this.legs[this.legs.length - 1];
    let ringSeconds: number | null;
    if (outbound) ringSeconds = secs(this.clientRingAt, this.answeredAt ?? this.clientRingStoppedAt ?? this.endedAt);
    else if (answeringLeg) ringSeconds = secs(answeringLeg.ringAt, answeringLeg.answeredAt);
    else ringSeconds = lastLeg ? secs(lastLeg.ringAt, lastLeg.stoppedAt) : null;
    return {
      pbx: this.pbx,
      pbxCallId: this.callId,
      direction: this.direction,
      externalNumber: this.externalNumber,
      externalName: this.externalName,
      queue: this.queue,
      operatorExtension: inbound ? this.answeredBy : this.placedBy,
      startedAt: new Date(this.startedAt),
      answeredAt: date(this.answeredAt),
      endedAt: date(this.endedAt),
      ringSeconds,
      waitSeconds: inbound ? secs(this.queuedAt ?? this.startedAt, this.answeredAt ?? this.endedAt) : null,
      talkSeconds: this.answeredAt === null ? null : secs(this.answeredAt, this.endedAt),
      outcome: this.outcome,
    };
  }

  legFigures(): LegFigures[] {
    return this.legs.map((l, i) => ({
      legNo: i + 1,
      extension: l.extension,
      ringStartedAt: new Date(l.ringAt),
      answeredAt: date(l.answeredAt),
      endedAt: date(l.talkTo ?? l.stoppedAt),
      ringSeconds: secs(l.ringAt, l.answeredAt ?? l.stoppedAt),
      talkSeconds: l.talkFrom === null ? null : secs(l.talkFrom, l.talkTo),
      outcome: l.transferredIn ? 'transferred_in' : l.answeredAt !== null ? 'answered' : 'missed',
    }));
  }
}
