/**
 * Live coaching as a CRM does it with AMI Originate into ChanSpy: the supervisor's phone rings (the
 * Originate's dial has no calling channel), answers, OriginateResponse carries the ActionID and the
 * Application/Data, then the phone runs ChanSpy on the operator's channel (ChanSpyStart … ChanSpyStop)
 * and hangs up. The supervisor's leg is a call of its own (its own Linkedid) that dials nobody: the CRM
 * logs no call for it.
 */
import { finishScript, type CallScript, type CallTruth } from './call-script';
import { block, type ChannelSnapshot, ScriptBuilder } from './script-builder';
import type { SimPbx } from './sim-pbx';

export type ChanSpyPlan = {
  /** The supervisor's extension, rung first (from the Originate's Channel). */
  ext: string;
  /** Technology from the Originate's Channel (`PJSIP/201` → PJSIP); default the profile's. */
  tech?: string;
  /** The Originate's Data: `<channel prefix>,<options>`. */
  data: string;
  /**
   * The operator's channel the prefix matches at the Originate, or null: none. With option S
   * ChanSpy then stops at once (without it, a real ChanSpy waits for one; the simulator hangs up after spyMs).
   */
  spyee: ChannelSnapshot | null;
  /** Echoed in OriginateResponse. */
  actionId?: string;
  /** The Originate's CallerID: what the supervisor's phone shows. */
  callerIdNum?: string;
  supervisorRingMs?: number;
  /** false: the supervisor does not pick up; OriginateResponse says Failure. */
  supervisorAnswers?: boolean;
  /**
   * How long the supervisor stays on. The script is written before it plays, so it does not know when the
   * operator's call ends (option E would end the spying then): the simulator ends it after this long.
   */
  spyMs?: number;
};

/** Which channel a ChanSpy Data would spy on among the live ones: the first whose name starts with its prefix. */
export function spyeeOf(data: string, live: readonly ChannelSnapshot[]): ChannelSnapshot | null {
  const prefix = data.split(',')[0]?.trim() ?? '';
  if (!prefix) return null;
  return live.find((c) => c.name.startsWith(prefix)) ?? null;
}

/** AMI Originate with Application ChanSpy, as Asterisk plays it. */
export function chanSpy(pbx: SimPbx, plan: ChanSpyPlan, startEpochMs: number): CallScript {
  const p = pbx.profile;
  const b = new ScriptBuilder(pbx, startEpochMs);
  const tech = plan.tech ?? p.tech;
  const options = plan.data.split(',')[1] ?? '';
  const phone = b.makeChannel({
    name: `${tech}/${plan.ext}-${pbx.nextChannelSuffix()}`,
    type: tech,
    state: 0,
    cidNum: plan.ext,
    cidName: pbx.member(plan.ext).name,
    context: p.operatorContext,
    exten: 's',
  });
  const truth: CallTruth = {
    direction: 'internal',
    externalNumber: null,
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
  const response = (kind: 'Success' | 'Failure', reason: number, channel: string, tail: string) =>
    b.head('OriginateResponse', 'call,all') +
    actionIdLine +
    `Response: ${kind}\r\nChannel: ${channel}\r\nContext: \r\nExten: \r\nApplication: ChanSpy\r\nData: ${plan.data}\r\nReason: ${reason}\r\n${tail}\r\n`;

  b.newchannel(phone);
  b.newexten(phone, 'AppDial2', '(Outgoing Line)');
  if (plan.callerIdNum) b.newConnectedLine(phone, plan.callerIdNum, '<unknown>');
  b.wait(2);
  b.dialEvent('DialBegin', null, phone, `DialString: ${plan.ext}\r\n`);
  b.newstate(phone, 5);
  b.dialEvent('DialState', null, phone, 'DialStatus: RINGING\r\n');
  b.deviceState(`${tech}/${plan.ext}`, 'RINGING');
  const ringMs = plan.supervisorRingMs ?? 3000;
  b.wait(ringMs);

  if (plan.supervisorAnswers === false) {
    truth.rang.push({ ext: plan.ext, ringMs, answered: false });
    b.dialEvent('DialEnd', null, phone, 'DialStatus: NOANSWER\r\n');
    b.hangup(phone, 19, 'No user responding');
    b.deviceState(`${tech}/${plan.ext}`, 'NOT_INUSE');
    b.push(response('Failure', 3, `${tech}/${plan.ext}`, 'Uniqueid: <null>\r\nCallerIDNum: <unknown>\r\nCallerIDName: <unknown>\r\n'));
    return finishScript(b, 'chan-spy', phone.linkedid, truth, [{ ext: plan.ext, fromMs: 0, toMs: (b.us - b.startUs) / 1000 }]);
  }

  truth.rang.push({ ext: plan.ext, ringMs, answered: true });
  truth.answeredBy = plan.ext;
  truth.outcome = 'answered';
  b.newstate(phone, 6);
  b.push(response('Success', 4, phone.name, `Uniqueid: ${phone.uniqueid}\r\nCallerIDNum: ${phone.cidNum}\r\nCallerIDName: ${phone.cidName}\r\n`));
  b.dialEvent('DialEnd', null, phone, 'DialStatus: ANSWER\r\n');
  b.deviceState(`${tech}/${plan.ext}`, 'INUSE');
  b.newexten(phone, 'ChanSpy', plan.data);
  const answeredUs = b.us;
  if (plan.spyee) {
    b.wait(200);
    b.push(b.head('ChanSpyStart', 'call,all') + block('Spyer', phone) + block('Spyee', plan.spyee) + '\r\n');
  }
  // Nobody to spy on and option S: ChanSpy stops at once; else the supervisor listens for spyMs.
  if (plan.spyee || !options.includes('S')) {
    b.wait(plan.spyMs ?? 30_000);
    if (plan.spyee) b.push(b.head('ChanSpyStop', 'call,all') + block('Spyer', phone) + block('Spyee', plan.spyee) + '\r\n');
  }
  truth.talkMs = (b.us - answeredUs) / 1000;
  truth.hangupBy = 'operator';
  b.hangup(phone, 16, 'Normal Clearing');
  b.deviceState(`${tech}/${plan.ext}`, 'NOT_INUSE');
  return finishScript(b, 'chan-spy', phone.linkedid, truth, [{ ext: plan.ext, fromMs: 0, toMs: (b.us - b.startUs) / 1000 }]);
}
