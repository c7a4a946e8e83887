/**
 * An inbound call through the hotline queue, in the shape of the calls recorded from a real Asterisk 22
 * with FreePBX-style queue members (tests/fixtures/asterisk-ami): the carrier leg, per member rung a
 * `Local/1XX@queue-agents-…;1/;2` pair and the phone, ring-no-answer and retry, answer, blind
 * transfer, abandon, hangup by either side, and the Cdrs (one per leg and attempt).
 */
import { finishScript, type Caller, type CallKind, type CallScript, type CallTruth } from './call-script';
import { block, bridgeBlock, callerIdString, ScriptBuilder, secondsBetween, type Bridge, type CdrRecord, type Chan } from './script-builder';
import type { SimPbx } from './sim-pbx';

export type RingAttempt = { ext: string; ringMs: number; answered?: boolean };

export type InboundPlan = {
  caller: Caller;
  /** Members the queue rings, in order. Only the last may answer; the others ring `ringMs` unanswered. */
  attempts: readonly RingAttempt[];
  /** Time in the queue before the first member is rung, e.g. while every operator is busy (ms). Default 0. */
  waitBeforeRingMs?: number;
  /** Talk time when answered (ms). Default 60 s. */
  talkMs?: number;
  hangupBy?: 'caller' | 'agent';
  /** When nobody answers: the caller hangs up this long after joining the queue (ms). */
  abandonAfterMs?: number;
  /** The answering agent blind-transfers the caller to another extension. */
  transfer?: { to: string; afterMs: number; ringMs: number; talkMs: number; hangupBy?: 'caller' | 'agent' };
};

type MemberLeg = { ext: string; name: string; l1: Chan; l2: Chan; phone: Chan; startUs: number };

export function inboundCall(pbx: SimPbx, plan: InboundPlan, startEpochMs: number): CallScript {
  const last = plan.attempts.at(-1);
  if (plan.attempts.slice(0, -1).some((a) => a.answered)) throw new Error('only the last attempt may answer');
  const answering = last?.answered ? last : undefined;
  const p = pbx.profile;
  const b = new ScriptBuilder(pbx, startEpochMs);
  const caller = { number: plan.caller.number, name: plan.caller.name || '<unknown>' };
  const truth: CallTruth = {
    direction: 'inbound',
    externalNumber: caller.number,
    externalName: plan.caller.name || null,
    placedBy: null,
    rang: [],
    answeredBy: null,
    transferredTo: null,
    waitMs: null,
    talkMs: null,
    outcome: 'abandoned',
    hangupBy: 'caller',
  };
  const occupancy: Array<{ ext: string; fromMs: number; toMs: number }> = [];
  const occupy = (ext: string, fromUs: number): void => {
    occupancy.push({ ext, fromMs: (fromUs - b.startUs) / 1000, toMs: (b.us - b.startUs) / 1000 });
  };

  const trunk = b.makeChannel({
    name: `${p.tech}/${p.trunk}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 4,
    cidNum: caller.number,
    cidName: caller.name,
    context: p.trunkContext,
    exten: p.did,
    dnid: p.did,
  });
  const linkedid = trunk.linkedid;
  b.newchannel(trunk);
  b.varSet(trunk, 'SIPDOMAIN', '10.0.0.1');
  b.newexten(trunk, 'NoOp', `hotline call from ${caller.number}`);
  b.newexten(trunk, 'Answer', '', { priority: 2 });
  b.newstate(trunk, 6);
  const trunkAnswerUs = b.us;
  b.deviceState(`${p.tech}/${p.trunk}`, 'INUSE');
  b.wait(500);
  b.newexten(trunk, 'Queue', `${p.queue},r,,,120`, { priority: 3 });
  for (const v of ['ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS', 'QUEUEWAIT', 'QUEUEWAIT_MS']) b.varSet(trunk, v, '');
  b.deviceState(`Queue:${p.queue}`, 'RINGING');
  const joinUs = b.us;
  const abandonUs = answering ? undefined : joinUs + (plan.abandonAfterMs ?? estimateRingingMs(plan, p.retryMs) + 1000) * 1000;
  const visit = pbx.queueVisit(joinUs, estimateLeaveUs(plan, joinUs, p.retryMs));
  b.queueEvent('QueueCallerJoin', trunk, null, `Queue: ${p.queue}\r\nPosition: ${visit.joinPosition}\r\nCount: ${visit.joinPosition}\r\n`);

  const carrierCdrs: CdrRecord[] = [];
  /** One carrier-leg Cdr per member attempt; an answered one stays open (endUs 0) until the hangup. */
  const carrierCdr = (startUs: number, leg: MemberLeg | null, disposition: CdrRecord['disposition']): CdrRecord => ({
    src: caller.number,
    dst: p.did,
    dcontext: p.trunkContext,
    clid: callerIdString(caller.number, caller.name),
    channel: trunk.name,
    dstChannel: leg ? leg.l1.name : '',
    lastApp: 'Queue',
    lastData: trunk.appData,
    startUs,
    answerUs: startUs,
    endUs: disposition === 'ANSWERED' && leg ? 0 : b.us,
    disposition,
    uniqueid: trunk.uniqueid,
  });

  let connected: { leg: MemberLeg; inner: Bridge; outer: Bridge; connectUs: number } | null = null;
  let ringingLeg: MemberLeg | null = null;
  for (const [i, attempt] of plan.attempts.entries()) {
    b.wait(i === 0 ? 3 + (plan.waitBeforeRingMs ?? 0) : p.retryMs);
    if (abandonUs !== undefined && b.us >= abandonUs) break;
    const leg = ringMember(b, trunk, attempt.ext, caller);
    const segmentStartUs = i === 0 ? trunk.createdUs : leg.startUs;
    const ringEndUs = leg.startUs + attempt.ringMs * 1000;
    if (abandonUs !== undefined && abandonUs < ringEndUs) {
      b.waitUntil(abandonUs);
      truth.rang.push({ ext: attempt.ext, ringMs: (b.us - leg.startUs) / 1000, answered: false });
      ringingLeg = leg;
      carrierCdrs.push(carrierCdr(segmentStartUs, leg, 'NO ANSWER'));
      break;
    }
    b.waitUntil(ringEndUs);
    truth.rang.push({ ext: attempt.ext, ringMs: attempt.ringMs, answered: attempt === answering });
    if (attempt === answering) {
      const answer = answerMember(b, trunk, leg, joinUs, visit);
      connected = { leg, ...answer };
      truth.waitMs = (answer.connectUs - joinUs) / 1000;
      truth.answeredBy = leg.ext;
      truth.outcome = 'answered';
      carrierCdrs.push(carrierCdr(segmentStartUs, leg, 'ANSWERED'));
      break;
    }
    ringNoAnswer(b, trunk, leg, attempt.ringMs);
    carrierCdrs.push(carrierCdr(segmentStartUs, leg, 'NO ANSWER'));
    occupy(leg.ext, leg.startUs);
  }

  if (!connected) {
    if (abandonUs !== undefined) b.waitUntil(abandonUs);
    truth.waitMs = (b.us - joinUs) / 1000;
    if (carrierCdrs.length === 0) carrierCdrs.push({ ...carrierCdr(trunk.createdUs, null, 'ANSWERED'), answerUs: trunkAnswerUs });
    abandon(b, trunk, ringingLeg, joinUs, visit, carrierCdrs);
    if (ringingLeg) occupy(ringingLeg.ext, ringingLeg.startUs);
    return finishScript(b, 'inbound-abandoned', linkedid, truth, occupancy);
  }

  const { leg } = connected;
  const memberCdrs: CdrRecord[] = [];
  const agentComplete = { ext: leg.ext, name: leg.name, holdS: secondsBetween(joinUs, connected.connectUs), connectUs: connected.connectUs };
  let phone = leg.phone;
  let inner = connected.inner;
  let kind: CallKind = plan.attempts.length > 1 ? 'inbound-ringnoanswer' : 'inbound-answered';
  let hangupBy = plan.hangupBy ?? 'caller';
  const memberCdr = (ph: Chan, startUs: number, answerUs: number, dst: string): CdrRecord => ({
    src: caller.number,
    dst,
    dcontext: p.memberContext,
    clid: callerIdString(caller.number, caller.name),
    channel: leg.l2.name,
    dstChannel: ph.name,
    lastApp: 'Dial',
    lastData: `${p.tech}/${ph.cidNum},${Math.ceil(p.ringTimeoutMs / 1000)}`,
    startUs,
    answerUs,
    endUs: 0,
    disposition: 'ANSWERED',
    uniqueid: leg.l2.uniqueid,
  });
  let currentCdr = memberCdr(phone, leg.startUs, connected.connectUs, leg.ext);

  if (plan.transfer) {
    const t = plan.transfer;
    kind = 'inbound-transfer';
    b.wait(t.afterMs);
    const moved = blindTransfer(b, trunk, leg, inner, t.to, caller);
    currentCdr.endUs = b.us;
    currentCdr.dst = t.to; // Asterisk rewrites the first leg's Destination to the transfer target
    memberCdrs.push(currentCdr);
    occupy(leg.ext, leg.startUs);
    const targetStartUs = moved.phone.createdUs;
    b.wait(t.ringMs);
    inner = answerTransferTarget(b, leg, moved.phone);
    phone = moved.phone;
    currentCdr = memberCdr(phone, targetStartUs, targetStartUs, t.to);
    truth.transferredTo = t.to;
    truth.rang.push({ ext: t.to, ringMs: t.ringMs, answered: true });
    b.wait(t.talkMs);
    truth.talkMs = (b.us - connected.connectUs) / 1000;
    hangupBy = t.hangupBy ?? 'caller';
    // The target's id reaches the queue's side of the Local pair late, just before the hangup.
    b.newCallerid(leg.l1, t.to, pbx.member(t.to).name);
    endConnectedInbound(b, { trunk, leg, phone, inner, outer: connected.outer, carrierCdrs, memberCdrs, currentCdr, agentComplete, hangupBy });
    occupy(t.to, targetStartUs);
  } else {
    b.wait(plan.talkMs ?? 60_000);
    truth.talkMs = (b.us - connected.connectUs) / 1000;
    endConnectedInbound(b, { trunk, leg, phone, inner, outer: connected.outer, carrierCdrs, memberCdrs, currentCdr, agentComplete, hangupBy });
    occupy(leg.ext, leg.startUs);
  }
  truth.hangupBy = hangupBy;
  return finishScript(b, kind, linkedid, truth, occupancy);
}

function estimateRingingMs(plan: InboundPlan, retryMs: number): number {
  return plan.attempts.reduce((sum, a, i) => sum + a.ringMs + (i > 0 ? retryMs : 0), plan.waitBeforeRingMs ?? 0);
}

function estimateLeaveUs(plan: InboundPlan, joinUs: number, retryMs: number): number {
  const last = plan.attempts.at(-1);
  const ringing = estimateRingingMs(plan, retryMs);
  const waitMs = last?.answered ? ringing : Math.min(plan.abandonAfterMs ?? Infinity, ringing + 1000);
  return joinUs + waitMs * 1000;
}

/** The queue dials one member: Local;1/;2 pair, the phone, ringing. */
function ringMember(b: ScriptBuilder, trunk: Chan, ext: string, caller: Caller): MemberLeg {
  const pbx = b.pbx;
  const p = pbx.profile;
  const member = pbx.member(ext);
  const base = `Local/${ext}@${p.memberContext}-${pbx.nextLocalSuffix()}`;
  const iface = `Local/${ext}@${p.memberContext}/n`;
  const l1 = b.makeChannel({ name: `${base};1`, type: 'Local', state: 0, context: p.memberContext, exten: ext, linkedid: trunk.linkedid });
  const l2 = b.makeChannel({ name: `${base};2`, type: 'Local', state: 4, context: p.memberContext, exten: ext, linkedid: trunk.linkedid });
  b.newchannel(l1);
  b.newchannel(l2);
  l1.cidNum = p.did;
  b.newexten(l1, 'AppQueue', '(Outgoing Line)');
  b.newCallerid(l1);
  b.varSet(l1, 'DIALEDPEERNUMBER', `${ext}@${p.memberContext}/n`);
  b.varSet(l2, 'DIALEDPEERNUMBER', `${ext}@${p.memberContext}/n`);
  l2.conNum = p.did;
  b.newCallerid(l2, caller.number, caller.name);
  b.newConnectedLine(l2);
  b.localBridge(l1, l2, p.memberContext, ext);
  b.wait(2);
  const memberLines = `Queue: ${p.queue}\r\nInterface: ${iface}\r\nMemberName: ${member.name}\r\n`;
  // Asterisk reports AgentCalled from a copy of Local;1 that already shows the caller and the DID.
  b.queueEvent('AgentCalled', trunk, { ...l1, exten: p.did, conNum: caller.number, conName: caller.name }, memberLines);
  b.dialEvent('DialBegin', trunk, l1, `DialString: ${iface}\r\n`);
  b.newexten(l2, 'Dial', `${p.tech}/${ext},${Math.ceil(p.ringTimeoutMs / 1000)}`);
  b.dialVarsReset(l2);
  const phone = b.makeChannel({
    name: `${p.tech}/${ext}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 0,
    cidNum: ext,
    cidName: member.name,
    context: p.operatorContext,
    exten: 's',
    linkedid: trunk.linkedid,
  });
  b.newchannel(phone);
  b.varSet(phone, 'DIALEDPEERNUMBER', ext);
  phone.conNum = caller.number;
  phone.conName = caller.name;
  b.newexten(phone, 'AppDial', '(Outgoing Line)', { exten: ext });
  b.newConnectedLine(phone);
  b.dialEvent('DialBegin', l2, phone, `DialString: ${ext}\r\n`);
  b.newConnectedLine(l2, ext, member.name);
  b.newConnectedLine(trunk, ext, member.name);
  Object.assign(l1, { cidNum: ext, cidName: member.name, conNum: caller.number, conName: caller.name, exten: p.did });
  b.newstate(l1, 5);
  b.newexten(l1, 'AppQueue', '(Outgoing Line)');
  b.newCallerid(l1);
  b.newConnectedLine(l1);
  b.varSet(l2, 'RINGTIME', 0);
  b.varSet(l2, 'RINGTIME_MS', pbx.random.int(1, 5));
  b.dialEvent('DialState', l2, phone, 'DialStatus: RINGING\r\n');
  b.newstate(phone, 5);
  b.deviceState(`${p.tech}/${ext}`, 'RINGING');
  b.deviceState(`Local/${ext}@${p.memberContext}`, 'INUSE');
  b.queueMemberStatus(ext, 6, false);
  b.deviceState(`Queue:${p.queue}_avail`, 'NOT_INUSE');
  b.dialEvent('DialState', trunk, l1, 'DialStatus: RINGING\r\n');
  return { ext, name: member.name, l1, l2, phone, startUs: l2.createdUs };
}

function memberLines(b: ScriptBuilder, leg: MemberLeg): string {
  const p = b.pbx.profile;
  return `Queue: ${p.queue}\r\nInterface: Local/${leg.ext}@${p.memberContext}/n\r\nMemberName: ${leg.name}\r\n`;
}

function answerMember(
  b: ScriptBuilder,
  trunk: Chan,
  leg: MemberLeg,
  joinUs: number,
  visit: { leavePosition: number; countAfterLeave: number },
): { inner: Bridge; outer: Bridge; connectUs: number } {
  const p = b.pbx.profile;
  const { l1, l2, phone, ext } = leg;
  b.newstate(phone, 6);
  b.varSet(l2, 'DIALSTATUS', 'ANSWER');
  b.varSet(l2, 'DIALEDPEERNAME', phone.name);
  b.varSet(l2, 'DIALEDPEERNUMBER', ext);
  phone.exten = '';
  b.dialEvent('DialEnd', l2, phone, 'DialStatus: ANSWER\r\n');
  b.newstate(l2, 6);
  b.queueMemberStatus(ext, 2, false);
  const inner = b.bridgeCreate();
  b.deviceState(`${p.tech}/${ext}`, 'INUSE');
  b.deviceState(`Local/${ext}@${p.memberContext}`, 'INUSE');
  b.newstate(l1, 6);
  b.dialEvent('DialEnd', trunk, l1, 'DialStatus: ANSWER\r\n');
  const connectUs = b.us;
  const holdS = secondsBetween(joinUs, connectUs);
  b.deviceState(`Queue:${p.queue}`, 'NOT_INUSE');
  b.queueEvent('QueueCallerLeave', trunk, null, `Queue: ${p.queue}\r\nPosition: ${visit.leavePosition}\r\nCount: ${visit.countAfterLeave}\r\n`);
  b.varSet(trunk, 'QUEUEPOSITION', visit.leavePosition);
  b.varSet(trunk, 'QUEUEWAIT', holdS);
  b.varSet(trunk, 'QUEUEWAIT_MS', holdS * 1000);
  b.queueEvent('AgentConnect', trunk, l1, `${memberLines(b, leg)}HoldTime: ${holdS}\r\nRingTime: ${secondsBetween(leg.startUs, connectUs)}\r\n`);
  // The dialplan's MixMonitor on answer names its file (what the CRM links the recording by).
  const recording = b.pbx.nextRecording();
  if (recording) b.varSet(trunk, 'MIXMONITOR_FILENAME', recording);
  b.newexten(phone, 'AppDial', '(Outgoing Line)');
  b.bridgeEnter(inner, phone);
  b.deviceState(`Local/${ext}@${p.memberContext}`, 'INUSE');
  b.bridgeEnter(inner, l2);
  b.bridgePeers(phone, l2);
  const outer = b.bridgeCreate();
  b.bridgeEnter(outer, l1);
  b.bridgeEnter(outer, trunk);
  b.bridgePeers(l1, trunk);
  return { inner, outer, connectUs };
}

function memberLegCdr(b: ScriptBuilder, leg: MemberLeg, caller: Caller, disposition: CdrRecord['disposition']): CdrRecord {
  const p = b.pbx.profile;
  return {
    src: caller.number,
    dst: leg.ext,
    dcontext: p.memberContext,
    clid: callerIdString(caller.number, caller.name),
    channel: leg.l2.name,
    dstChannel: leg.phone.name,
    lastApp: 'Dial',
    lastData: `${p.tech}/${leg.ext},${Math.ceil(p.ringTimeoutMs / 1000)}`,
    startUs: leg.startUs,
    answerUs: 0,
    endUs: b.us,
    disposition,
    uniqueid: leg.l2.uniqueid,
  };
}

/** The member's ring timeout expired: AgentRingNoAnswer (RingTime in ms) and the leg is torn down. */
function ringNoAnswer(b: ScriptBuilder, trunk: Chan, leg: MemberLeg, ringMs: number): void {
  const p = b.pbx.profile;
  const { l1, l2, phone, ext } = leg;
  const caller = { number: trunk.cidNum, name: trunk.cidName };
  b.queueEvent('AgentRingNoAnswer', trunk, l1, `${memberLines(b, leg)}RingTime: ${Math.round(ringMs)}\r\n`);
  b.dialEvent('DialEnd', trunk, l1, 'DialStatus: NOANSWER\r\n');
  b.dialEvent('DialEnd', trunk, l1, 'DialStatus: CANCEL\r\n');
  b.hangupRequest(l2, 0);
  b.hangup(l1, 0, 'Unknown');
  b.deviceState(`Local/${ext}@${p.memberContext}`, 'NOT_INUSE');
  b.dialEvent('DialEnd', l2, phone, 'DialStatus: CANCEL\r\n');
  b.varSet(l2, 'DIALSTATUS', 'CANCEL');
  b.softHangupRequest(l2);
  b.hangup(l2, 0, 'Unknown');
  b.wait(1);
  b.cdr(memberLegCdr(b, leg, caller, 'NO ANSWER'));
  b.deviceState(`Local/${ext}@${p.memberContext}`, 'NOT_INUSE');
  b.hangup(phone);
  b.queueMemberStatus(ext, 1, false);
  b.deviceState(`${p.tech}/${ext}`, 'NOT_INUSE');
}

/** The caller hangs up while waiting (and, if `leg`, while that member's phone rings). */
function abandon(
  b: ScriptBuilder,
  trunk: Chan,
  leg: MemberLeg | null,
  joinUs: number,
  visit: { joinPosition: number; leavePosition: number; countAfterLeave: number },
  carrierCdrs: CdrRecord[],
): void {
  const p = b.pbx.profile;
  const caller = { number: trunk.cidNum, name: trunk.cidName };
  b.hangupRequest(trunk);
  if (leg) {
    b.dialEvent('DialEnd', trunk, leg.l1, 'DialStatus: CANCEL\r\n');
    b.dialEvent('DialEnd', trunk, leg.l1, 'DialStatus: CANCEL\r\n');
    b.hangupRequest(leg.l2, 0);
    b.hangup(leg.l1, 0, 'Unknown');
    b.cdr(memberLegCdr(b, leg, caller, 'NO ANSWER'));
    b.dialEvent('DialEnd', leg.l2, leg.phone, 'DialStatus: CANCEL\r\n');
    b.varSet(leg.l2, 'DIALSTATUS', 'CANCEL');
    b.softHangupRequest(leg.l2);
  }
  const holdS = secondsBetween(joinUs, b.us);
  b.varSet(trunk, 'QUEUEWAIT', holdS);
  b.varSet(trunk, 'QUEUEWAIT_MS', holdS * 1000);
  b.varSet(trunk, 'DIALEDTIME', secondsBetween(trunk.createdUs, b.us));
  b.varSet(trunk, 'DIALEDTIME_MS', Math.round((b.us - trunk.createdUs) / 1000));
  b.varSet(trunk, 'ANSWEREDTIME', 0);
  b.varSet(trunk, 'ANSWEREDTIME_MS', 0);
  b.varSet(trunk, 'ABANDONED', 'TRUE');
  b.queueEvent(
    'QueueCallerAbandon',
    trunk,
    null,
    `Queue: ${p.queue}\r\nPosition: ${visit.leavePosition}\r\nOriginalPosition: ${visit.joinPosition}\r\nHoldTime: ${holdS}\r\n`,
  );
  b.deviceState(`Queue:${p.queue}`, 'NOT_INUSE');
  b.queueEvent('QueueCallerLeave', trunk, null, `Queue: ${p.queue}\r\nPosition: ${visit.leavePosition}\r\nCount: ${visit.countAfterLeave}\r\n`);
  b.varSet(trunk, 'QUEUEPOSITION', visit.leavePosition);
  b.softHangupRequest(trunk);
  if (leg) {
    b.hangup(leg.l2, 0, 'Unknown');
    b.deviceState(`Local/${leg.ext}@${p.memberContext}`, 'NOT_INUSE');
    b.deviceState(`Local/${leg.ext}@${p.memberContext}`, 'NOT_INUSE');
    b.hangup(leg.phone);
  }
  for (const cdr of carrierCdrs) b.cdr({ ...cdr, endUs: cdr.endUs || b.us });
  b.hangup(trunk, leg ? 0 : 16, leg ? 'Unknown' : 'Normal Clearing');
  if (leg) b.deviceState(`${p.tech}/${leg.ext}`, 'NOT_INUSE');
  b.deviceState(`${p.tech}/${p.trunk}`, 'NOT_INUSE');
  if (leg) {
    b.wait(2);
    b.queueMemberStatus(leg.ext, 1, false);
  }
}

/** The agent blind-transfers: their phone leaves, Local;2 dials the target extension. */
function blindTransfer(b: ScriptBuilder, trunk: Chan, leg: MemberLeg, inner: Bridge, to: string, caller: Caller): { phone: Chan } {
  const pbx = b.pbx;
  const p = pbx.profile;
  const target = pbx.member(to);
  const { l2, phone: agentPhone } = leg;
  b.chanEvent('Unhold', 'call,all', agentPhone);
  b.push(
    b.head('BlindTransfer', 'call,all') +
      'Result: Success\r\n' +
      block('Transferer', agentPhone) +
      block('Transferee', l2) +
      bridgeBlock(inner) +
      `IsExternal: Yes\r\nContext: ${p.memberContext}\r\nExtension: ${to}\r\n\r\n`,
  );
  b.bridgeLeave(inner, agentPhone);
  b.hangup(agentPhone);
  b.newexten(l2, 'Dial', l2.appData, { exten: to });
  b.bridgeLeave(inner, l2);
  b.bridgeDestroy(inner);
  b.deviceState(`${p.tech}/${leg.ext}`, 'NOT_INUSE');
  const member = pbx.member(leg.ext);
  member.callsTaken++;
  member.lastCall = Math.floor(b.us / 1e6);
  b.queueMemberStatus(leg.ext, 1, false);
  b.wait(1);
  const phone = b.makeChannel({
    name: `${p.tech}/${to}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 0,
    cidNum: to,
    cidName: target.name,
    context: p.operatorContext,
    exten: 's',
    linkedid: trunk.linkedid,
  });
  b.newchannel(phone);
  phone.conNum = caller.number;
  phone.conName = caller.name;
  b.newexten(phone, 'AppDial', '(Outgoing Line)', { exten: to });
  b.newConnectedLine(phone);
  b.dialEvent('DialBegin', l2, phone, `DialString: ${to}\r\n`);
  b.newConnectedLine(l2, to, target.name);
  b.newConnectedLine(trunk, to, target.name);
  b.newstate(phone, 5);
  b.deviceState(`${p.tech}/${to}`, 'RINGING');
  b.queueMemberStatus(to, 6, false);
  b.dialEvent('DialState', l2, phone, 'DialStatus: RINGING\r\n');
  return { phone };
}

function answerTransferTarget(b: ScriptBuilder, leg: MemberLeg, phone: Chan): Bridge {
  const p = b.pbx.profile;
  b.newstate(phone, 6);
  phone.exten = '';
  b.dialEvent('DialEnd', leg.l2, phone, 'DialStatus: ANSWER\r\n');
  const bridge = b.bridgeCreate();
  b.newexten(phone, 'AppDial', '(Outgoing Line)');
  b.bridgeEnter(bridge, phone);
  b.bridgeEnter(bridge, leg.l2);
  b.deviceState(`${p.tech}/${phone.cidNum}`, 'INUSE');
  b.queueMemberStatus(phone.cidNum, 2, false);
  return bridge;
}

type ConnectedInbound = {
  trunk: Chan;
  leg: MemberLeg;
  /** The phone talking now (the transfer target's after a transfer). */
  phone: Chan;
  inner: Bridge;
  outer: Bridge;
  carrierCdrs: CdrRecord[];
  memberCdrs: CdrRecord[];
  currentCdr: CdrRecord;
  agentComplete: { ext: string; name: string; holdS: number; connectUs: number };
  hangupBy: 'caller' | 'agent';
};

function endConnectedInbound(b: ScriptBuilder, c: ConnectedInbound): void {
  const pbx = b.pbx;
  const p = pbx.profile;
  const { trunk, leg, phone, inner, outer } = c;
  const { l1, l2 } = leg;
  const phoneExt = phone.cidNum;
  const complete = (reason: string): void => {
    const a = c.agentComplete;
    b.queueEvent(
      'AgentComplete',
      trunk,
      l1,
      `Queue: ${p.queue}\r\nInterface: Local/${a.ext}@${p.memberContext}/n\r\nMemberName: ${a.name}\r\n` +
        `HoldTime: ${a.holdS}\r\nTalkTime: ${secondsBetween(a.connectUs, b.us)}\r\nReason: ${reason}\r\n`,
    );
  };
  const flushCdrs = (list: CdrRecord[], extra?: CdrRecord): void => {
    for (const cdr of list) b.cdr({ ...cdr, endUs: cdr.endUs || b.us });
    if (extra) b.cdr({ ...extra, endUs: b.us });
  };
  const trunkTimes = (): void => {
    b.varSet(trunk, 'ANSWEREDTIME', secondsBetween(c.agentComplete.connectUs, b.us));
    b.varSet(trunk, 'ANSWEREDTIME_MS', Math.round((b.us - c.agentComplete.connectUs) / 1000));
    b.varSet(trunk, 'DIALEDTIME', secondsBetween(trunk.createdUs, b.us));
    b.varSet(trunk, 'DIALEDTIME_MS', Math.round((b.us - trunk.createdUs) / 1000));
  };
  const memberTimes = (): void => {
    const answerUs = c.currentCdr.answerUs;
    b.varSet(l2, 'ANSWEREDTIME', secondsBetween(answerUs, b.us));
    b.varSet(l2, 'ANSWEREDTIME_MS', Math.round((b.us - answerUs) / 1000));
    b.varSet(l2, 'DIALEDTIME', secondsBetween(c.currentCdr.startUs, b.us));
    b.varSet(l2, 'DIALEDTIME_MS', Math.round((b.us - c.currentCdr.startUs) / 1000));
    b.varSet(l2, 'DIALSTATUS', 'ANSWER');
  };
  const creditMember = (): void => {
    if (c.agentComplete.ext !== phoneExt) return; // already credited when transferred
    const member = pbx.member(phoneExt);
    member.callsTaken++;
    member.lastCall = Math.floor(b.us / 1e6);
  };

  if (c.hangupBy === 'caller') {
    b.rtpStats(trunk, l1);
    b.hangupRequest(trunk);
    complete('caller');
    b.varSet(trunk, 'BRIDGEPEER', '');
    b.varSet(l1, 'BRIDGEPEER', '');
    b.varSet(l1, 'BRIDGEPVTCALLID', '');
    flushCdrs(c.carrierCdrs);
    b.bridgeLeave(outer, trunk);
    trunkTimes();
    b.softHangupRequest(trunk);
    b.hangup(trunk);
    b.bridgeLeave(outer, l1);
    b.bridgeDestroy(outer);
    b.hangupRequest(l2, 16);
    b.hangup(l1);
    b.deviceState(`${p.tech}/${p.trunk}`, 'NOT_INUSE');
    flushCdrs(c.memberCdrs, c.currentCdr);
    b.varSet(l2, 'BRIDGEPEER', '');
    b.varSet(l2, 'BRIDGEPVTCALLID', '');
    b.varSet(phone, 'BRIDGEPEER', '');
    b.bridgeLeave(inner, l2);
    memberTimes();
    b.softHangupRequest(l2);
    b.hangup(l2);
    b.bridgeLeave(inner, phone);
    b.bridgeDestroy(inner);
    b.deviceState(`Local/${leg.ext}@${p.memberContext}`, 'NOT_INUSE');
    b.deviceState(`Local/${leg.ext}@${p.memberContext}`, 'NOT_INUSE');
    b.rtpStats(phone);
    b.hangup(phone);
    b.deviceState(`${p.tech}/${phoneExt}`, 'NOT_INUSE');
    creditMember();
    b.queueMemberStatus(phoneExt, 1, false);
    return;
  }

  b.rtpStats(phone);
  b.hangupRequest(phone, 16);
  b.varSet(phone, 'BRIDGEPEER', '');
  b.varSet(l2, 'BRIDGEPEER', '');
  b.bridgeLeave(inner, phone);
  b.hangupRequest(phone, 16);
  b.bridgeLeave(inner, l2);
  b.hangup(phone);
  memberTimes();
  b.bridgeDestroy(inner);
  b.softHangupRequest(l2);
  b.varSet(l1, 'CHANLOCALSTATUS', 'ANSWER');
  flushCdrs(c.memberCdrs, c.currentCdr);
  b.hangupRequest(l1, 16);
  b.deviceState(`${p.tech}/${phoneExt}`, 'NOT_INUSE');
  b.hangup(l2);
  complete('agent');
  b.varSet(l1, 'BRIDGEPEER', '');
  b.varSet(trunk, 'BRIDGEPEER', '');
  b.bridgeLeave(outer, l1);
  flushCdrs(c.carrierCdrs);
  b.bridgeLeave(outer, trunk);
  trunkTimes();
  b.softHangupRequest(trunk);
  b.hangupRequest(trunk, 16);
  b.hangup(trunk);
  b.bridgeDestroy(outer);
  b.deviceState(`Local/${leg.ext}@${p.memberContext}`, 'NOT_INUSE');
  b.hangup(l1);
  b.deviceState(`Local/${leg.ext}@${p.memberContext}`, 'NOT_INUSE');
  creditMember();
  b.queueMemberStatus(phoneExt, 1, false);
  b.deviceState(`${p.tech}/${p.trunk}`, 'NOT_INUSE');
}
