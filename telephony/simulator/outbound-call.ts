/**
 * An operator dials a client out through the trunk: answered (either side hangs up), busy, or no
 * answer at the dial timeout, with the Cdrs Asterisk writes for each. `dialTrunk` is the dialing part,
 * shared with click-to-call.
 */
import { finishScript, type CallKind, type CallScript, type CallTruth } from './call-script';
import { callerIdString, ScriptBuilder, secondsBetween, type Chan } from './script-builder';
import type { SimPbx } from './sim-pbx';

export type DialOutcome = 'answered' | 'busy' | 'noanswer';

export type OutboundPlan = {
  /** Operator extension placing the call. */
  ext: string;
  /** Number as the operator dialed it. */
  number: string;
  outcome: DialOutcome;
  /** Client's ring time before answering (ms); no-answer rings the dial timeout. */
  ringMs?: number;
  talkMs?: number;
  hangupBy?: 'operator' | 'client';
};

export function outboundCall(pbx: SimPbx, plan: OutboundPlan, startEpochMs: number): CallScript {
  const p = pbx.profile;
  const b = new ScriptBuilder(pbx, startEpochMs);
  const member = pbx.member(plan.ext);
  const phone = b.makeChannel({
    name: `${p.tech}/${plan.ext}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 4,
    cidNum: plan.ext,
    cidName: member.name,
    context: p.operatorContext,
    exten: plan.number,
    dnid: plan.number,
  });
  b.newchannel(phone);
  b.varSet(phone, 'SIPDOMAIN', '10.0.0.1');
  b.newexten(phone, 'NoOp', `outbound call to ${plan.number} by ${plan.ext}`);
  const dialData = `${p.tech}/${plan.number}@${p.trunk},${p.dialTimeoutS}`;
  b.newexten(phone, 'Dial', dialData, { priority: 2 });
  b.dialVarsReset(phone);
  const result = dialTrunk(b, phone, plan.number, '<unknown>', plan, {
    cdrSrc: plan.ext,
    dcontext: p.operatorContext,
    lastData: dialData,
    cdrStartUs: phone.createdUs,
    partyAAnswerUs: 0,
  });
  const truth: CallTruth = {
    direction: 'outbound',
    externalNumber: plan.number,
    externalName: null,
    placedBy: plan.ext,
    rang: [],
    answeredBy: plan.outcome === 'answered' ? plan.ext : null,
    transferredTo: null,
    waitMs: null,
    talkMs: result.talkMs,
    outcome: plan.outcome === 'noanswer' ? 'no_answer' : plan.outcome,
    hangupBy: plan.outcome === 'answered' ? (plan.hangupBy ?? 'operator') : null,
  };
  const kind: CallKind = plan.outcome === 'answered' ? 'outbound-answered' : plan.outcome === 'busy' ? 'outbound-busy' : 'outbound-noanswer';
  return finishScript(b, kind, phone.linkedid, truth, [{ ext: plan.ext, fromMs: 0, toMs: (b.us - b.startUs) / 1000 }]);
}

/**
 * `phone` (already running Dial) dials `number` through the trunk; plays ring, answer, talk and
 * hangup (or busy / no answer) and the Cdrs. Shared by outbound calls and click-to-call.
 */
export function dialTrunk(
  b: ScriptBuilder,
  phone: Chan,
  number: string,
  clientName: string,
  plan: { outcome: DialOutcome; ringMs?: number; talkMs?: number; hangupBy?: 'operator' | 'client' },
  cdr: { cdrSrc: string; dcontext: string; lastData: string; cdrStartUs: number; partyAAnswerUs: number },
): { talkMs: number | null } {
  const pbx = b.pbx;
  const p = pbx.profile;
  const ext = phone.name.slice(phone.name.indexOf('/') + 1, phone.name.lastIndexOf('-'));
  const trunk = b.makeChannel({
    name: `${p.tech}/${p.trunk}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 0,
    context: p.trunkContext,
    exten: 's',
    linkedid: phone.linkedid,
  });
  b.newchannel(trunk);
  b.varSet(trunk, 'DIALEDPEERNUMBER', `${number}@${p.trunk}`);
  Object.assign(trunk, { cidNum: number, cidName: clientName, conNum: phone.cidNum, conName: phone.cidName });
  b.newexten(trunk, 'AppDial', '(Outgoing Line)', { exten: number });
  b.newCallerid(trunk);
  b.newConnectedLine(trunk);
  b.dialEvent('DialBegin', phone, trunk, `DialString: ${number}@${p.trunk}\r\n`);
  const cdrBase = {
    src: cdr.cdrSrc,
    dst: number,
    dcontext: cdr.dcontext,
    clid: callerIdString(phone.cidNum, phone.cidName),
    channel: phone.name,
    lastApp: 'Dial',
    lastData: cdr.lastData,
    startUs: cdr.cdrStartUs,
    uniqueid: phone.uniqueid,
  };
  const phoneWasUp = phone.state === 6;

  if (plan.outcome === 'busy') {
    b.wait(plan.ringMs ?? pbx.random.int(200, 1500));
    b.newConnectedLine(phone, number, clientName);
    b.hangupRequest(trunk, 17, 'TechCause: 486\r\n');
    b.dialEvent('DialEnd', phone, trunk, 'DialStatus: BUSY\r\n');
    b.hangup(trunk, 17, 'User busy', 'TechCause: 486\r\n');
    b.wait(1);
    b.cdr({ ...cdrBase, dstChannel: trunk.name, answerUs: cdr.partyAAnswerUs, endUs: b.us, disposition: 'BUSY' });
    b.cdr({ ...cdrBase, dstChannel: '', lastApp: 'Hangup', lastData: '', answerUs: cdr.partyAAnswerUs, endUs: b.us, disposition: 'BUSY' });
    b.varSet(phone, 'DIALSTATUS', 'BUSY');
    b.newexten(phone, 'Hangup', '', { priority: phone.priority + 1 });
    b.softHangupRequest(phone);
    b.hangup(phone, 17, 'User busy', 'TechCause: 486\r\n');
    if (phoneWasUp) {
      b.deviceState(`${p.tech}/${ext}`, 'NOT_INUSE');
      b.queueMemberStatus(ext, 1, false);
    }
    return { talkMs: null };
  }

  b.newstate(trunk, 5);
  b.newConnectedLine(phone, number, clientName);
  b.deviceState(`${p.tech}/${p.trunk}`, 'RINGING');
  b.varSet(phone, 'RINGTIME', 0);
  b.varSet(phone, 'RINGTIME_MS', pbx.random.int(1, 4));
  b.dialEvent('DialState', phone, trunk, 'DialStatus: RINGING\r\n');
  if (!phoneWasUp) {
    b.deviceState(`${p.tech}/${ext}`, 'INUSE');
    b.queueMemberStatus(ext, 2, false);
  }

  if (plan.outcome === 'noanswer') {
    b.wait(p.dialTimeoutS * 1000);
    b.dialEvent('DialEnd', phone, trunk, 'DialStatus: NOANSWER\r\n');
    b.cdr({ ...cdrBase, dstChannel: trunk.name, answerUs: cdr.partyAAnswerUs, endUs: b.us, disposition: 'NO ANSWER' });
    b.varSet(phone, 'DIALSTATUS', 'NOANSWER');
    b.cdr({ ...cdrBase, dstChannel: '', lastApp: 'Hangup', lastData: '', startUs: b.us, answerUs: 0, endUs: b.us, disposition: 'NO ANSWER' });
    b.newexten(phone, 'Hangup', '', { priority: phone.priority + 1 });
    b.softHangupRequest(phone);
    b.hangup(trunk, 0, 'Unknown');
    b.deviceState(`${p.tech}/${p.trunk}`, 'NOT_INUSE');
    b.hangup(phone);
    b.deviceState(`${p.tech}/${ext}`, 'NOT_INUSE');
    b.queueMemberStatus(ext, 1, false);
    return { talkMs: null };
  }

  b.wait(plan.ringMs ?? 5000);
  b.newstate(trunk, 6);
  const answerUs = b.us;
  b.varSet(phone, 'DIALSTATUS', 'ANSWER');
  b.varSet(phone, 'DIALEDPEERNAME', trunk.name);
  b.varSet(phone, 'DIALEDPEERNUMBER', `${number}@${p.trunk}`);
  trunk.exten = '';
  b.dialEvent('DialEnd', phone, trunk, 'DialStatus: ANSWER\r\n');
  if (!phoneWasUp) b.newstate(phone, 6);
  b.deviceState(`${p.tech}/${p.trunk}`, 'INUSE');
  const bridge = b.bridgeCreate();
  b.newexten(trunk, 'AppDial', '(Outgoing Line)');
  b.bridgeEnter(bridge, trunk);
  b.bridgeEnter(bridge, phone);
  b.bridgePeers(phone, trunk, 3);
  b.wait(plan.talkMs ?? 60_000);
  const talkMs = (b.us - answerUs) / 1000;
  const cdrAnswerUs = cdr.partyAAnswerUs || answerUs;
  const phoneTimes = (): void => {
    b.varSet(phone, 'ANSWEREDTIME', secondsBetween(answerUs, b.us));
    b.varSet(phone, 'ANSWEREDTIME_MS', Math.round((b.us - answerUs) / 1000));
  };
  const dialTimes = (): void => {
    b.varSet(phone, 'DIALEDTIME', secondsBetween(cdr.cdrStartUs, b.us));
    b.varSet(phone, 'DIALEDTIME_MS', Math.round((b.us - cdr.cdrStartUs) / 1000));
    b.varSet(phone, 'DIALSTATUS', 'ANSWER');
  };
  if ((plan.hangupBy ?? 'operator') === 'operator') {
    b.rtpStats(phone);
    b.hangupRequest(phone, 16);
    b.bridgePeersClear(phone, trunk);
    b.bridgeLeave(bridge, phone);
    phoneTimes();
    b.cdr({ ...cdrBase, dstChannel: trunk.name, answerUs: cdrAnswerUs, endUs: b.us, disposition: 'ANSWERED' });
    dialTimes();
    b.softHangupRequest(phone);
    b.bridgeLeave(bridge, trunk);
    b.bridgeDestroy(bridge);
    b.hangup(trunk);
    b.hangup(phone);
  } else {
    b.rtpStats(trunk);
    b.hangupRequest(trunk, 16);
    b.bridgePeersClear(trunk, phone);
    b.bridgeLeave(bridge, trunk);
    b.hangup(trunk);
    b.bridgeLeave(bridge, phone);
    b.bridgeDestroy(bridge);
    phoneTimes();
    dialTimes();
    b.softHangupRequest(phone);
    b.cdr({ ...cdrBase, dstChannel: trunk.name, answerUs: cdrAnswerUs, endUs: b.us, disposition: 'ANSWERED' });
    b.hangup(phone);
  }
  b.queueMemberStatus(ext, 1, false);
  b.deviceState(`${p.tech}/${ext}`, 'NOT_INUSE');
  b.deviceState(`${p.tech}/${p.trunk}`, 'NOT_INUSE');
  return { talkMs };
}
