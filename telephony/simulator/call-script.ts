/**
 * What a generated call is: its AMI messages on a timeline plus the truth about what happened (what a
 * connector is expected to log). The scenarios that generate calls live in inbound-call.ts,
 * outbound-call.ts, internal-call.ts, click-to-call.ts and chan-spy.ts; call-scripts.ts gathers them.
 */
import type { ScriptBuilder, ScriptMessage } from './script-builder';

/** A calling party; an empty name shows as `<unknown>` like a caller without a display name. */
export type Caller = { number: string; name: string };

export type CallKind =
  | 'inbound-answered'
  | 'inbound-ringnoanswer'
  | 'inbound-abandoned'
  | 'inbound-transfer'
  | 'outbound-answered'
  | 'outbound-busy'
  | 'outbound-noanswer'
  | 'internal'
  | 'click-to-call'
  /** A supervisor's phone joining an operator's call (Originate into ChanSpy): no call for the CRM. */
  | 'chan-spy';

/** What really happened in a generated call: what a connector is expected to log. */
export type CallTruth = {
  direction: 'inbound' | 'outbound' | 'internal';
  /** The client's number exactly as the PBX shows it; null for internal calls. */
  externalNumber: string | null;
  externalName: string | null;
  /** Operator who placed the call (outbound, internal, click-to-call). */
  placedBy: string | null;
  /** Operators' phones that rang, in order. */
  rang: Array<{ ext: string; ringMs: number; answered: boolean }>;
  /** Operator who answered (inbound, internal) or who talked to the client (outbound). */
  answeredBy: string | null;
  transferredTo: string | null;
  /** Queue wait, join to answer or abandon (ms); null without a queue. */
  waitMs: number | null;
  talkMs: number | null;
  outcome: 'answered' | 'abandoned' | 'busy' | 'no_answer' | 'failed';
  hangupBy: 'caller' | 'agent' | 'client' | 'operator' | null;
};

export type CallScript = {
  readonly kind: CallKind;
  /** Linkedid of every channel of the call (the first channel's Uniqueid). */
  readonly linkedid: string;
  readonly startEpochMs: number;
  /** Simulated ms from the first to the last message. */
  readonly durationMs: number;
  readonly messages: readonly ScriptMessage[];
  readonly truth: CallTruth;
  /** When each operator's phone is taken by this call (ms after start), to plan concurrent calls. */
  readonly occupancy: ReadonlyArray<{ ext: string; fromMs: number; toMs: number }>;
};

/** Packs a finished builder into a CallScript. */
export function finishScript(
  b: ScriptBuilder,
  kind: CallKind,
  linkedid: string,
  truth: CallTruth,
  occupancy: Array<{ ext: string; fromMs: number; toMs: number }>,
): CallScript {
  const last = b.messages.at(-1);
  return {
    kind,
    linkedid,
    startEpochMs: b.startUs / 1000,
    durationMs: last ? last.atMs : 0,
    messages: b.messages,
    truth,
    occupancy,
  };
}
