/**
 * Low-level writer of one call's AMI events in the shape Asterisk 22 sends them (see
 * tests/fixtures/asterisk-ami): the common header, the 15-line channel block (with `Dest`,
 * `LocalOne`… prefixed copies for two-channel events), Cdr records, and a time cursor that advances a
 * few microseconds per event like a real PBX. Scenarios in call-scripts.ts are written with it.
 */
import type { SimPbx } from './sim-pbx';

/** What a live channel looks like right now, as CoreShowChannels/Status report it. */
export type ChannelSnapshot = {
  readonly name: string;
  readonly type: string;
  readonly state: number;
  readonly cidNum: string;
  readonly cidName: string;
  readonly conNum: string;
  readonly conName: string;
  readonly context: string;
  readonly exten: string;
  readonly priority: number;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly app: string;
  readonly appData: string;
  readonly bridgeId: string;
  readonly dnid: string;
  /** Simulated epoch ms the channel was created. */
  readonly createdEpochMs: number;
};

/** A channel appeared or changed (snapshot), or was hung up (null). */
export type ChannelUpdate = { readonly channel: string; readonly snapshot: ChannelSnapshot | null };

/** One message of a script, `atMs` simulated ms after the call started. */
export type ScriptMessage = { readonly atMs: number; readonly data: string; readonly updates?: readonly ChannelUpdate[] };

export type Chan = {
  name: string;
  type: string;
  state: number;
  cidNum: string;
  cidName: string;
  conNum: string;
  conName: string;
  context: string;
  exten: string;
  priority: number;
  uniqueid: string;
  linkedid: string;
  app: string;
  appData: string;
  bridgeId: string;
  dnid: string;
  createdUs: number;
};

export type Bridge = { id: string; members: number };

export type CdrRecord = {
  src: string;
  dst: string;
  dcontext: string;
  clid: string;
  channel: string;
  dstChannel: string;
  lastApp: string;
  lastData: string;
  startUs: number;
  /** 0 when never answered. */
  answerUs: number;
  endUs: number;
  disposition: 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED' | 'CONGESTION';
  uniqueid: string;
  userField?: string;
};

const UNKNOWN = '<unknown>';
const STATE_DESC: Record<number, string> = { 0: 'Down', 3: 'Dialing', 4: 'Ring', 5: 'Ringing', 6: 'Up', 7: 'Busy' };

/** Whole seconds between two instants as Asterisk counts them with time(): difference of the seconds. */
export function secondsBetween(fromUs: number, toUs: number): number {
  return Math.floor(toUs / 1e6) - Math.floor(fromUs / 1e6);
}

/** Asterisk's `"Name" <number>` caller id, or the bare number when there is no name. */
export function callerIdString(num: string, name: string): string {
  const n = name === UNKNOWN ? '' : name;
  const d = num === UNKNOWN ? '' : num;
  if (n && d) return `"${n}" <${d}>`;
  return n || d;
}

function cdrTime(us: number): string {
  return us ? new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace('T', ' ') : '';
}

export class ScriptBuilder {
  readonly pbx: SimPbx;
  readonly startUs: number;
  /** The simulated time of the next message, epoch microseconds. */
  us: number;
  readonly messages: ScriptMessage[] = [];
  private readonly dirty = new Set<Chan>();
  private readonly gone: string[] = [];
  private readonly suffix: string;

  constructor(pbx: SimPbx, startEpochMs: number) {
    this.pbx = pbx;
    this.startUs = Math.round(startEpochMs * 1000);
    this.us = this.startUs;
    const p = pbx.profile;
    this.suffix = p.systemName ? `SystemName: ${p.systemName}\r\n` : '';
  }

  get nowMs(): number {
    return this.us / 1000;
  }

  /** Advances the clock by `ms` (simulated), plus a little jitter. */
  wait(ms: number): this {
    this.us += Math.round(ms * 1000) + this.pbx.random.int(50, 900);
    return this;
  }

  /** Moves the clock to `us` if it is later. */
  waitUntil(us: number): this {
    if (us > this.us) this.us = us;
    return this;
  }

  // ---- channels -----------------------------------------------------------------------------------

  /** A new channel record (no event yet; call `newchannel`). */
  makeChannel(spec: {
    name: string;
    type: string;
    state: number;
    cidNum?: string;
    cidName?: string;
    conNum?: string;
    conName?: string;
    context: string;
    exten: string;
    linkedid?: string;
    dnid?: string;
  }): Chan {
    const uniqueid = this.pbx.nextUniqueid(this.us);
    return {
      name: spec.name,
      type: spec.type,
      state: spec.state,
      cidNum: spec.cidNum ?? UNKNOWN,
      cidName: spec.cidName ?? UNKNOWN,
      conNum: spec.conNum ?? UNKNOWN,
      conName: spec.conName ?? UNKNOWN,
      context: spec.context,
      exten: spec.exten,
      priority: 1,
      uniqueid,
      linkedid: spec.linkedid ?? uniqueid,
      app: '',
      appData: '',
      bridgeId: '',
      dnid: spec.dnid ?? '',
      createdUs: this.us,
    };
  }

  /** Marks a channel changed so its new snapshot rides on the next message. */
  touch(ch: Chan): void {
    this.dirty.add(ch);
  }

  newchannel(ch: Chan): void {
    this.touch(ch);
    this.chanEvent('Newchannel', 'call,all', ch);
  }

  newstate(ch: Chan, state: number): void {
    ch.state = state;
    this.touch(ch);
    this.chanEvent('Newstate', 'call,all', ch);
  }

  newexten(ch: Chan, app: string, appData: string, change: { exten?: string; priority?: number; context?: string } = {}): void {
    if (change.exten !== undefined) ch.exten = change.exten;
    if (change.priority !== undefined) ch.priority = change.priority;
    if (change.context !== undefined) ch.context = change.context;
    ch.app = app;
    ch.appData = appData;
    this.touch(ch);
    this.chanEvent('Newexten', 'dialplan,all', ch, `Extension: ${ch.exten}\r\nApplication: ${app}\r\nAppData: ${appData}\r\n`);
  }

  newCallerid(ch: Chan, num?: string, name?: string): void {
    if (num !== undefined) ch.cidNum = num;
    if (name !== undefined) ch.cidName = name;
    this.touch(ch);
    this.chanEvent('NewCallerid', 'call,all', ch, 'CID-CallingPres: 0 (Presentation Allowed, Not Screened)\r\n');
  }

  newConnectedLine(ch: Chan, num?: string, name?: string): void {
    if (num !== undefined) ch.conNum = num;
    if (name !== undefined) ch.conName = name;
    this.touch(ch);
    this.chanEvent('NewConnectedLine', 'call,all', ch);
  }

  varSet(ch: Chan, variable: string, value: string | number): void {
    this.chanEvent('VarSet', 'dialplan,all', ch, `Variable: ${variable}\r\nValue: ${value}\r\n`);
  }

  /** The eleven variables Dial() clears when it starts. */
  dialVarsReset(ch: Chan): void {
    for (const v of ['DIALSTATUS', 'DIALEDPEERNUMBER', 'DIALEDPEERNAME', 'ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS', 'RINGTIME', 'RINGTIME_MS', 'PROGRESSTIME', 'PROGRESSTIME_MS']) {
      this.varSet(ch, v, '');
    }
  }

  /** RTP statistics variables set when a PJSIP channel leaves a call: pure noise, but real. */
  rtpStats(ch: Chan, bridgedPeer?: Chan): void {
    const r = this.pbx.random;
    const zeros = (names: string[], pad: string): string => names.map((n) => `${pad}${n}=000.000000;`).join('');
    const stats: Array<[string, string]> = [
      ['RTPAUDIOQOS', `ssrc=${r.int(1e8, 4e9)};themssrc=${r.int(1e8, 4e9)};lp=0;rxjitter=0.000${r.int(100, 999)};rxcount=${r.int(200, 15000)};txjitter=0.000${r.int(100, 999)};txcount=${r.int(200, 15000)};rlp=0;rtt=0.000000;rxmes=0.000000;txmes=0.000000`],
      ['RTPAUDIOQOSJITTER', zeros(['minrxjitter', 'maxrxjitter', 'avgrxjitter', 'stdevrxjitter', 'mintxjitter', 'maxtxjitter', 'avgtxjitter', 'stdevtxjitter'], '')],
      ['RTPAUDIOQOSLOSS', zeros(['minrxlost', 'maxrxlost', 'avgrxlost', 'stdevrxlost', 'mintxlost', 'maxtxlost', 'avgtxlost', 'stdevtxlost'], '  ')],
      ['RTPAUDIOQOSRTT', zeros(['minrtt', 'maxrtt', 'avgrtt', 'stdevrtt'], '     ')],
      ['RTPAUDIOQOSMES', zeros(['minrxmes', 'maxrxmes', 'avgrxmes', 'stdevrxmes', 'mintxmes', 'maxtxmes', 'avgtxmes', 'stdevtxmes'], '   ')],
    ];
    for (const [name, value] of stats) {
      this.varSet(ch, name, value);
      if (bridgedPeer) this.varSet(bridgedPeer, `${name}BRIDGED`, value);
    }
  }

  hangupRequest(ch: Chan, cause?: number, extra = ''): void {
    this.chanEvent('HangupRequest', 'call,all', ch, (cause === undefined ? '' : `Cause: ${cause}\r\n`) + extra);
  }

  softHangupRequest(ch: Chan, cause = 16): void {
    this.chanEvent('SoftHangupRequest', 'call,all', ch, `Cause: ${cause}\r\n`);
  }

  hangup(ch: Chan, cause = 16, causeTxt = 'Normal Clearing', extra = ''): void {
    this.gone.push(ch.name);
    this.dirty.delete(ch);
    this.chanEvent('Hangup', 'call,all', ch, `Cause: ${cause}\r\nCause-txt: ${causeTxt}\r\n${extra}`);
  }

  // ---- dialing ------------------------------------------------------------------------------------

  /** DialBegin/DialState/DialEnd; `from` is null when the dial comes from Originate (no caller channel). */
  dialEvent(event: 'DialBegin' | 'DialState' | 'DialEnd', from: Chan | null, to: Chan, tail: string): void {
    const text = this.head(event, 'call,all') + (from ? block('', from) : '') + block('Dest', to) + tail + '\r\n';
    this.push(text);
  }

  localBridge(one: Chan, two: Chan, context: string, exten: string): void {
    this.push(
      this.head('LocalBridge', 'call,all') +
        block('LocalOne', one) +
        block('LocalTwo', two) +
        `Context: ${context}\r\nExten: ${exten}\r\nLocalOptimization: No\r\n\r\n`,
    );
  }

  // ---- bridges ------------------------------------------------------------------------------------

  bridgeCreate(): Bridge {
    const bridge = { id: this.pbx.random.uuid(), members: 0 };
    this.push(this.head('BridgeCreate', 'call,all') + bridgeBlock(bridge) + '\r\n');
    return bridge;
  }

  bridgeEnter(bridge: Bridge, ch: Chan): void {
    bridge.members++;
    ch.bridgeId = bridge.id;
    this.touch(ch);
    this.push(this.head('BridgeEnter', 'call,all') + bridgeBlock(bridge) + block('', ch) + '\r\n');
  }

  bridgeLeave(bridge: Bridge, ch: Chan): void {
    bridge.members = Math.max(0, bridge.members - 1);
    ch.bridgeId = '';
    this.touch(ch);
    this.push(this.head('BridgeLeave', 'call,all') + bridgeBlock(bridge) + block('', ch) + '\r\n');
  }

  bridgeDestroy(bridge: Bridge): void {
    bridge.members = 0;
    this.push(this.head('BridgeDestroy', 'call,all') + bridgeBlock(bridge) + '\r\n');
  }

  /**
   * BRIDGEPEER/BRIDGEPVTCALLID noise when two channels are bridged (Asterisk repeats it for two tech
   * channels). BRIDGEPVTCALLID, the peer's SIP Call-ID, is only set when the peer is not a Local channel.
   */
  bridgePeers(a: Chan, b: Chan, rounds = 1): void {
    const callIdA = this.pbx.random.uuid();
    const callIdB = `${this.pbx.random.int(1, 9)}-${this.pbx.random.int(1000, 99999)}@10.0.0.${this.pbx.random.int(2, 250)}`;
    for (let i = 0; i < rounds; i++) {
      this.varSet(a, 'BRIDGEPEER', b.name);
      if (b.type !== 'Local') this.varSet(a, 'BRIDGEPVTCALLID', callIdB);
      this.varSet(b, 'BRIDGEPEER', a.name);
      if (a.type !== 'Local') this.varSet(b, 'BRIDGEPVTCALLID', callIdA);
    }
  }

  bridgePeersClear(...channels: Chan[]): void {
    for (const ch of channels) {
      this.varSet(ch, 'BRIDGEPEER', '');
      this.varSet(ch, 'BRIDGEPVTCALLID', '');
    }
  }

  // ---- devices and queue --------------------------------------------------------------------------

  deviceState(device: string, state: 'NOT_INUSE' | 'INUSE' | 'RINGING' | 'ONHOLD' | 'UNAVAILABLE' | 'UNKNOWN'): void {
    this.push(this.head('DeviceStateChange', 'call,all') + `Device: ${device}\r\nState: ${state}\r\n\r\n`);
  }

  /** QueueMemberStatus; status 1 = not in use, 2 = in use, 6 = ringing. */
  queueMemberStatus(ext: string, status: 1 | 2 | 6, inCall: boolean): void {
    const p = this.pbx.profile;
    const m = this.pbx.member(ext);
    this.push(
      this.head('QueueMemberStatus', 'agent,all') +
        `Queue: ${p.queue}\r\nMemberName: ${m.name}\r\nInterface: Local/${ext}@${p.memberContext}/n\r\nStateInterface: ${p.tech}/${ext}\r\n` +
        `Membership: static\r\nPenalty: ${m.penalty}\r\nCallsTaken: ${m.callsTaken}\r\nLastCall: ${m.lastCall}\r\nLastPause: 0\r\n` +
        `LoginTime: ${this.pbx.loginTime}\r\nInCall: ${inCall ? 1 : 0}\r\nStatus: ${status}\r\nPaused: 0\r\nPausedReason: \r\nRinginuse: 0\r\nWrapuptime: 0\r\n\r\n`,
    );
  }

  /** An `agent,all` event about the caller's channel, optionally with the member's Local;1 as `Dest`. */
  queueEvent(event: string, caller: Chan, dest: Chan | null, tail: string): void {
    this.push(this.head(event, 'agent,all') + block('', caller) + (dest ? block('Dest', dest) : '') + tail + '\r\n');
  }

  cdr(r: CdrRecord): void {
    const duration = Math.floor((r.endUs - r.startUs) / 1e6);
    const billable = r.answerUs ? Math.floor((r.endUs - r.answerUs) / 1e6) : 0;
    this.push(
      this.head('Cdr', 'cdr,all') +
        `AccountCode: \r\nSource: ${r.src}\r\nDestination: ${r.dst}\r\nDestinationContext: ${r.dcontext}\r\nCallerID: ${r.clid}\r\n` +
        `Channel: ${r.channel}\r\nDestinationChannel: ${r.dstChannel}\r\nLastApplication: ${r.lastApp}\r\nLastData: ${r.lastData}\r\n` +
        `StartTime: ${cdrTime(r.startUs)}\r\nAnswerTime: ${cdrTime(r.answerUs)}\r\nEndTime: ${cdrTime(r.endUs)}\r\n` +
        `Duration: ${duration}\r\nBillableSeconds: ${billable}\r\nDisposition: ${r.disposition}\r\nAMAFlags: DOCUMENTATION\r\n` +
        `UniqueID: ${r.uniqueid}\r\nUserField: ${r.userField ?? ''}\r\n\r\n`,
    );
  }

  // ---- raw ----------------------------------------------------------------------------------------

  /** An event about one channel with extra lines after the channel block. */
  chanEvent(event: string, privilege: string, ch: Chan, tail = ''): void {
    this.push(this.head(event, privilege) + block('', ch) + tail + '\r\n');
  }

  /** `Event:`, `Privilege:`, then `Timestamp:`/`SystemName:` as the profile says. */
  head(event: string, privilege: string): string {
    let out = `Event: ${event}\r\nPrivilege: ${privilege}\r\n`;
    if (this.pbx.profile.timestamps) {
      const us = this.us;
      out += `Timestamp: ${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}\r\n`;
    }
    return out + this.suffix;
  }

  /** Appends a finished message at the current time, then moves the clock a few microseconds on. */
  push(data: string): void {
    let updates: ChannelUpdate[] | undefined;
    if (this.dirty.size > 0 || this.gone.length > 0) {
      updates = [];
      for (const ch of this.dirty) updates.push({ channel: ch.name, snapshot: snapshotOf(ch) });
      for (const name of this.gone) updates.push({ channel: name, snapshot: null });
      this.dirty.clear();
      this.gone.length = 0;
    }
    const atMs = (this.us - this.startUs) / 1000;
    this.messages.push(updates ? { atMs, data, updates } : { atMs, data });
    this.us += this.pbx.random.int(4, 60);
  }
}

function snapshotOf(ch: Chan): ChannelSnapshot {
  return {
    name: ch.name,
    type: ch.type,
    state: ch.state,
    cidNum: ch.cidNum,
    cidName: ch.cidName,
    conNum: ch.conNum,
    conName: ch.conName,
    context: ch.context,
    exten: ch.exten,
    priority: ch.priority,
    uniqueid: ch.uniqueid,
    linkedid: ch.linkedid,
    app: ch.app,
    appData: ch.appData,
    bridgeId: ch.bridgeId,
    dnid: ch.dnid,
    createdEpochMs: ch.createdUs / 1000,
  };
}

export function stateDesc(state: number): string {
  return STATE_DESC[state] ?? 'Unknown';
}

/** The standard channel block, each key prefixed (`Dest`, `LocalOne`, `Transferer`…). */
export function block(p: string, c: Chan | ChannelSnapshot): string {
  return (
    `${p}Channel: ${c.name}\r\n${p}ChannelState: ${c.state}\r\n${p}ChannelStateDesc: ${stateDesc(c.state)}\r\n` +
    `${p}CallerIDNum: ${c.cidNum}\r\n${p}CallerIDName: ${c.cidName}\r\n${p}ConnectedLineNum: ${c.conNum}\r\n` +
    `${p}ConnectedLineName: ${c.conName}\r\n${p}Language: en\r\n${p}AccountCode: \r\n${p}Context: ${c.context}\r\n` +
    `${p}Exten: ${c.exten}\r\n${p}Priority: ${c.priority}\r\n${p}Uniqueid: ${c.uniqueid}\r\n${p}Linkedid: ${c.linkedid}\r\n`
  );
}

export function bridgeBlock(b: Bridge): string {
  return (
    `BridgeUniqueid: ${b.id}\r\nBridgeType: basic\r\nBridgeTechnology: simple_bridge\r\nBridgeCreator: <unknown>\r\n` +
    `BridgeName: <unknown>\r\nBridgeNumChannels: ${b.members}\r\nBridgeVideoSourceMode: none\r\n`
  );
}
