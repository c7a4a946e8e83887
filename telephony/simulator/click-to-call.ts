/**
 * Click-to-call as a CRM does it with AMI Originate: the operator's phone rings first (the Originate's
 * dial has no calling channel), answers, OriginateResponse carries the ActionID, then the client is
 * dialed through the trunk.
 */
import { finishScript, type Caller, type CallScript, type CallTruth } from './call-script';
import { dialTrunk, type DialOutcome } from './outbound-call';
import { ScriptBuilder } from './script-builder';
import type { SimPbx } from './sim-pbx';

export type ClickToCallPlan = {
  /** Operator extension rung first. */
  ext: string;
  /** Technology from the Originate's Channel (`PJSIP/101` → PJSIP); default the profile's. */
  tech?: string;
  /** The client's number (Originate Exten). */
  number: string;
  /** Originate CallerID: what the operator's phone shows (default: the operator's own id). */
  callerId?: Caller;
  /** Originate Context; default the profile's click-to-call context. */
  context?: string;
  /** Echoed in OriginateResponse. */
  actionId?: string;
  agentRingMs?: number;
  /** false: the operator does not pick up; OriginateResponse says Failure. */
  agentAnswers?: boolean;
  clientOutcome?: DialOutcome;
  clientRingMs?: number;
  talkMs?: number;
  hangupBy?: 'operator' | 'client';
};

/** AMI Originate as a CRM sends it: the operator's phone rings and answers, then the client is dialed. */
export function clickToCall(pbx: SimPbx, plan: ClickToCallPlan, startEpochMs: number): CallScript {
  const p = pbx.profile;
  const b = new ScriptBuilder(pbx, startEpochMs);
  const member = pbx.member(plan.ext);
  const tech = plan.tech ?? p.tech;
  const context = plan.context ?? p.clickToCallContext;
  const phone = b.makeChannel({
    name: `${tech}/${plan.ext}-${pbx.nextChannelSuffix()}`,
    type: tech,
    state: 0,
    cidNum: plan.ext,
    cidName: member.name,
    context: p.operatorContext,
    exten: 's',
  });
  b.newchannel(phone);
  b.newexten(phone, 'AppDial2', '(Outgoing Line)');
  if (plan.callerId) {
    b.newCallerid(phone, plan.callerId.number, plan.callerId.name || '<unknown>');
    b.newConnectedLine(phone, plan.callerId.number, plan.callerId.name || '<unknown>');
  }
  b.wait(2);
  b.dialEvent('DialBegin', null, phone, `DialString: ${plan.ext}\r\n`);
  b.newstate(phone, 5);
  b.dialEvent('DialState', null, phone, 'DialStatus: RINGING\r\n');
  b.queueMemberStatus(plan.ext, 6, false);
  b.deviceState(`${tech}/${plan.ext}`, 'RINGING');
  const agentRingMs = plan.agentRingMs ?? 3000;
  const truth: CallTruth = {
    direction: 'outbound',
    externalNumber: plan.number,
    externalName: null,
    placedBy: plan.ext,
    rang: [],
    answeredBy: null,
    transferredTo: null,
    waitMs: null,
    talkMs: null,
    outcome: 'failed',
    hangupBy: null,
  };
  const actionIdLine = plan.actionId === undefined ? '' : `ActionID: ${plan.actionId}\r\n`;

  if (plan.agentAnswers === false) {
    b.wait(agentRingMs);
    truth.rang.push({ ext: plan.ext, ringMs: agentRingMs, answered: false });
    b.dialEvent('DialEnd', null, phone, 'DialStatus: NOANSWER\r\n');
    b.hangup(phone, 19, 'No user responding');
    b.deviceState(`${tech}/${plan.ext}`, 'NOT_INUSE');
    b.queueMemberStatus(plan.ext, 1, false);
    b.push(
      b.head('OriginateResponse', 'call,all') +
        actionIdLine +
        `Response: Failure\r\nChannel: ${tech}/${plan.ext}\r\nContext: ${context}\r\nExten: ${plan.number}\r\nReason: 3\r\n` +
        'Uniqueid: <null>\r\nCallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n\r\n',
    );
    return finishScript(b, 'click-to-call', phone.linkedid, truth, [{ ext: plan.ext, fromMs: 0, toMs: (b.us - b.startUs) / 1000 }]);
  }

  b.wait(agentRingMs);
  truth.rang.push({ ext: plan.ext, ringMs: agentRingMs, answered: true });
  b.newstate(phone, 6);
  const agentAnswerUs = b.us;
  b.push(
    b.head('OriginateResponse', 'call,all') +
      actionIdLine +
      `Response: Success\r\nChannel: ${phone.name}\r\nContext: ${context}\r\nExten: ${plan.number}\r\nReason: 4\r\n` +
      `Uniqueid: ${phone.uniqueid}\r\nCallerIDNum: ${phone.cidNum}\r\nCallerIDName: ${phone.cidName}\r\n\r\n`,
  );
  b.dialEvent('DialEnd', null, phone, 'DialStatus: ANSWER\r\n');
  b.queueMemberStatus(plan.ext, 2, false);
  b.deviceState(`${tech}/${plan.ext}`, 'INUSE');
  const dialData = `${p.tech}/${plan.number}@${p.trunk},${p.dialTimeoutS}`;
  b.newexten(phone, 'Dial', dialData, { context, exten: plan.number, priority: 1 });
  b.dialVarsReset(phone);
  b.wait(2);
  const outcome = plan.clientOutcome ?? 'answered';
  const clientName = plan.callerId && plan.callerId.number === plan.number ? plan.callerId.name || '<unknown>' : '<unknown>';
  const result = dialTrunk(
    b,
    phone,
    plan.number,
    clientName,
    { outcome, ringMs: plan.clientRingMs, talkMs: plan.talkMs, hangupBy: plan.hangupBy },
    { cdrSrc: phone.cidNum, dcontext: context, lastData: dialData, cdrStartUs: phone.createdUs, partyAAnswerUs: agentAnswerUs },
  );
  truth.answeredBy = outcome === 'answered' ? plan.ext : null;
  truth.talkMs = result.talkMs;
  truth.outcome = outcome === 'noanswer' ? 'no_answer' : outcome;
  truth.hangupBy = outcome === 'answered' ? (plan.hangupBy ?? 'operator') : null;
  return finishScript(b, 'click-to-call', phone.linkedid, truth, [{ ext: plan.ext, fromMs: 0, toMs: (b.us - b.startUs) / 1000 }]);
}
