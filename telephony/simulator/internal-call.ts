/** One operator dials a colleague's extension directly: not a client call. */
import { finishScript, type CallScript, type CallTruth } from './call-script';
import { callerIdString, ScriptBuilder, secondsBetween } from './script-builder';
import type { SimPbx } from './sim-pbx';

export type InternalPlan = { from: string; to: string; ringMs?: number; talkMs?: number; answered?: boolean };

/** Operator `from` dials colleague `to` directly (not a client call). */
export function internalCall(pbx: SimPbx, plan: InternalPlan, startEpochMs: number): CallScript {
  const p = pbx.profile;
  const b = new ScriptBuilder(pbx, startEpochMs);
  const a = pbx.member(plan.from);
  const c = pbx.member(plan.to);
  const answered = plan.answered ?? true;
  const timeoutS = 20;
  const caller = b.makeChannel({
    name: `${p.tech}/${plan.from}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 4,
    cidNum: plan.from,
    cidName: a.name,
    context: p.operatorContext,
    exten: plan.to,
    dnid: plan.to,
  });
  b.newchannel(caller);
  b.varSet(caller, 'SIPDOMAIN', '10.0.0.1');
  b.wait(2);
  const dialData = `${p.tech}/${plan.to},${timeoutS}`;
  b.newexten(caller, 'Dial', dialData);
  b.dialVarsReset(caller);
  const callee = b.makeChannel({
    name: `${p.tech}/${plan.to}-${pbx.nextChannelSuffix()}`,
    type: p.tech,
    state: 0,
    cidNum: plan.to,
    cidName: c.name,
    context: p.operatorContext,
    exten: 's',
    linkedid: caller.linkedid,
  });
  b.newchannel(callee);
  b.varSet(callee, 'DIALEDPEERNUMBER', plan.to);
  callee.conNum = plan.from;
  callee.conName = a.name;
  b.newexten(callee, 'AppDial', '(Outgoing Line)', { exten: plan.to });
  b.newConnectedLine(callee);
  b.newstate(callee, 5);
  b.deviceState(`${p.tech}/${plan.to}`, 'RINGING');
  b.queueMemberStatus(plan.to, 6, false);
  b.dialEvent('DialBegin', caller, callee, `DialString: ${plan.to}\r\n`);
  b.newConnectedLine(caller, plan.to, c.name);
  b.varSet(caller, 'RINGTIME', 0);
  b.varSet(caller, 'RINGTIME_MS', pbx.random.int(1, 4));
  b.dialEvent('DialState', caller, callee, 'DialStatus: RINGING\r\n');
  b.queueMemberStatus(plan.from, 2, false);
  b.deviceState(`${p.tech}/${plan.from}`, 'INUSE');
  const cdrBase = {
    src: plan.from,
    dst: plan.to,
    dcontext: p.operatorContext,
    clid: callerIdString(plan.from, a.name),
    channel: caller.name,
    dstChannel: callee.name,
    lastApp: 'Dial',
    lastData: dialData,
    startUs: caller.createdUs,
    uniqueid: caller.uniqueid,
  };
  const truth: CallTruth = {
    direction: 'internal',
    externalNumber: null,
    externalName: null,
    placedBy: plan.from,
    rang: [],
    answeredBy: null,
    transferredTo: null,
    waitMs: null,
    talkMs: null,
    outcome: 'no_answer',
    hangupBy: null,
  };

  if (!answered) {
    b.wait(timeoutS * 1000);
    truth.rang.push({ ext: plan.to, ringMs: timeoutS * 1000, answered: false });
    b.dialEvent('DialEnd', caller, callee, 'DialStatus: NOANSWER\r\n');
    b.cdr({ ...cdrBase, answerUs: 0, endUs: b.us, disposition: 'NO ANSWER' });
    b.varSet(caller, 'DIALSTATUS', 'NOANSWER');
    b.hangup(callee, 0, 'Unknown');
    b.hangup(caller);
    b.deviceState(`${p.tech}/${plan.to}`, 'NOT_INUSE');
    b.deviceState(`${p.tech}/${plan.from}`, 'NOT_INUSE');
    b.queueMemberStatus(plan.to, 1, false);
    b.queueMemberStatus(plan.from, 1, false);
    return finishScript(b, 'internal', caller.linkedid, truth, [
      { ext: plan.from, fromMs: 0, toMs: (b.us - b.startUs) / 1000 },
      { ext: plan.to, fromMs: 0, toMs: (b.us - b.startUs) / 1000 },
    ]);
  }

  const ringMs = plan.ringMs ?? 3000;
  b.wait(ringMs);
  truth.rang.push({ ext: plan.to, ringMs, answered: true });
  b.newstate(callee, 6);
  const answerUs = b.us;
  b.varSet(caller, 'DIALSTATUS', 'ANSWER');
  b.varSet(caller, 'DIALEDPEERNAME', callee.name);
  b.varSet(caller, 'DIALEDPEERNUMBER', plan.to);
  callee.exten = '';
  b.dialEvent('DialEnd', caller, callee, 'DialStatus: ANSWER\r\n');
  b.newstate(caller, 6);
  b.deviceState(`${p.tech}/${plan.to}`, 'INUSE');
  b.queueMemberStatus(plan.to, 2, false);
  const bridge = b.bridgeCreate();
  b.newexten(callee, 'AppDial', '(Outgoing Line)');
  b.bridgeEnter(bridge, callee);
  b.bridgeEnter(bridge, caller);
  b.bridgePeers(caller, callee, 3);
  b.wait(plan.talkMs ?? 60_000);
  truth.talkMs = (b.us - answerUs) / 1000;
  truth.answeredBy = plan.to;
  truth.outcome = 'answered';
  truth.hangupBy = 'caller';
  b.rtpStats(caller);
  b.hangupRequest(caller, 16);
  b.bridgePeersClear(caller, callee);
  b.bridgeLeave(bridge, caller);
  b.varSet(caller, 'ANSWEREDTIME', secondsBetween(answerUs, b.us));
  b.varSet(caller, 'ANSWEREDTIME_MS', Math.round((b.us - answerUs) / 1000));
  b.varSet(caller, 'DIALEDTIME', secondsBetween(caller.createdUs, b.us));
  b.varSet(caller, 'DIALEDTIME_MS', Math.round((b.us - caller.createdUs) / 1000));
  b.varSet(caller, 'DIALSTATUS', 'ANSWER');
  b.softHangupRequest(caller);
  b.bridgeLeave(bridge, callee);
  b.bridgeDestroy(bridge);
  b.hangup(callee);
  b.cdr({ ...cdrBase, answerUs, endUs: b.us, disposition: 'ANSWERED' });
  b.hangup(caller);
  b.deviceState(`${p.tech}/${plan.to}`, 'NOT_INUSE');
  b.deviceState(`${p.tech}/${plan.from}`, 'NOT_INUSE');
  b.queueMemberStatus(plan.to, 1, false);
  b.queueMemberStatus(plan.from, 1, false);
  return finishScript(b, 'internal', caller.linkedid, truth, [
    { ext: plan.from, fromMs: 0, toMs: (b.us - b.startUs) / 1000 },
    { ext: plan.to, fromMs: 0, toMs: (b.us - b.startUs) / 1000 },
  ]);
}
