/**
 * One call's complete AMI event sequence, generated in the shape of the calls recorded from a real
 * Asterisk 22 with FreePBX-style queue members (tests/fixtures/asterisk-ami): the same events in the
 * same order, the same noise (VarSet, Newexten, DeviceStateChange, QueueMemberStatus, RTP stats), and
 * Cdr records whose times agree with the events' `Timestamp:`s.
 *
 * A script is data: a list of `{ atMs, data }` to be played in real time, faster (a SimClock with a
 * speed), or as fast as a socket drains. Nothing here does I/O.
 */
export type { Caller, CallKind, CallScript, CallTruth } from './call-script';
export { chanSpy, spyeeOf, type ChanSpyPlan } from './chan-spy';
export { clickToCall, type ClickToCallPlan } from './click-to-call';
export { inboundCall, type InboundPlan, type RingAttempt } from './inbound-call';
export { internalCall, type InternalPlan } from './internal-call';
export { outboundCall, type DialOutcome, type OutboundPlan } from './outbound-call';
