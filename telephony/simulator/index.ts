/**
 * The AMI simulator: a TCP server that speaks AMI like Asterisk (demo PBX, load source, test peer).
 *
 *   const server = new AmiServer({ username: 'admin', secret: 'amp111', speed: 1 });
 *   await server.listen(5038);
 *   new TrafficGenerator(server, { callsPerSecond: 0.5 }).start();
 */
export { AmiServer, parseCallerId, type AmiServerEvents, type AmiServerOptions } from './ami-server';
export { AmiSession, type AmiAction } from './ami-session';
export { AmiTestClient } from './ami-test-client';
export { AmiMessage, AmiStreamSplitter, formatMessage, parseMessage, type AmiField } from './ami-wire';
export {
  chanSpy,
  clickToCall,
  spyeeOf,
  inboundCall,
  internalCall,
  outboundCall,
  type Caller,
  type CallKind,
  type CallScript,
  type CallTruth,
  type ChanSpyPlan,
  type ClickToCallPlan,
  type DialOutcome,
  type InboundPlan,
  type InternalPlan,
  type OutboundPlan,
  type RingAttempt,
} from './call-scripts';
export { callerPool, randomCaller } from './callers';
export { startDemoPbx, type DemoPbx, type DemoPbxOptions } from './demo-pbx';
export { LiveChannels } from './live-channels';
export { SimQueueMembers, type QueueActionResult, type QueueMember } from './queue-members';
export { afterLogin, loadFixture, replay, type FixtureMessage, type ReplayOptions, type ReplayReport } from './replay';
export type { ChannelSnapshot, ChannelUpdate, ScriptMessage } from './script-builder';
export { createRandom, type Random } from './seeded-random';
export { SimClock } from './sim-clock';
export { DEFAULT_PROFILE, defaultOperators, SimPbx, type Operator, type PbxProfile, type SimPbxOptions } from './sim-pbx';
export {
  DEFAULT_DURATIONS,
  DEFAULT_MIX,
  flood,
  TrafficGenerator,
  type CallDurations,
  type FloodOptions,
  type FloodReport,
  type TrafficMix,
  type TrafficOptions,
  type TrafficStats,
} from './traffic';
