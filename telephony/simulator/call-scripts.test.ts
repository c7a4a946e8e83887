import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage, type AmiMessage } from './ami-wire';
import { clickToCall, inboundCall, internalCall, outboundCall, type CallScript } from './call-scripts';
import { SimPbx } from './sim-pbx';

const T0 = Date.parse('2026-11-22T23:53:56.000Z');
const ivan = { number: '+79161234567', name: 'Иван Петров' };

function events(script: CallScript): AmiMessage[] {
  return script.messages.map((m) => parseMessage(m.data));
}

const cdrSeconds = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`) / 1000;

/**
 * What every generated call must satisfy to look like Asterisk: well-formed messages, one Linkedid
 * on every channel of the call, channels created before use and all hung up, time moving forward,
 * and Cdrs that agree with the events' timestamps.
 */
function assertWellFormed(script: CallScript, options: { timestamps?: boolean } = {}): AmiMessage[] {
  const msgs = events(script);
  let lastAt = -1;
  let lastTs = 0;
  const live = new Set<string>();
  const uniqueids = new Map<string, string>();
  for (const [i, m] of msgs.entries()) {
    const raw = script.messages[i]?.data ?? '';
    assert.ok(raw.endsWith('\r\n\r\n') && raw.indexOf('\r\n\r\n') === raw.length - 4, `message ${i} is one message`);
    assert.ok(!/(^|[^\r])\n/.test(raw), `message ${i} uses CRLF only`);
    assert.ok(m.event, `message ${i} is an event`);
    assert.ok(m.get('Privilege'), `${m.event} has a Privilege`);
    const at = script.messages[i]?.atMs ?? 0;
    assert.ok(at >= lastAt, `time moves forward at ${m.event}`);
    lastAt = at;
    const ts = m.get('Timestamp');
    if (options.timestamps === false) assert.equal(ts, undefined);
    else {
      assert.match(ts ?? '', /^\d{10}\.\d{6}$/, `${m.event} has a Timestamp`);
      assert.ok(Number(ts) >= lastTs);
      lastTs = Number(ts);
      assert.ok(Math.abs(Number(ts) * 1000 - (script.startEpochMs + at)) < 1, 'Timestamp agrees with atMs');
    }
    for (const [key, value] of m.fields) {
      if (/Linkedid$/i.test(key)) assert.equal(value, script.linkedid, `${m.event} ${key}`);
      if (/^(|Dest|LocalOne|LocalTwo|Transferer|Transferee)Uniqueid$/.test(key)) assert.match(value, /^sim-\d{10}\.\d+$/);
    }
    const channel = m.get('Channel');
    if (m.event === 'Newchannel' && channel) {
      assert.ok(!live.has(channel), `${channel} created once`);
      live.add(channel);
      uniqueids.set(channel, m.get('Uniqueid') ?? '');
    } else if (channel && m.event !== 'Cdr') {
      assert.ok(live.has(channel), `${m.event} on ${channel} after its Newchannel`);
      assert.equal(m.get('Uniqueid'), uniqueids.get(channel), `${channel} keeps its Uniqueid`);
      if (m.event === 'Hangup') live.delete(channel);
    }
    if (m.event === 'Cdr') {
      const start = cdrSeconds(m.get('StartTime') ?? '');
      const end = cdrSeconds(m.get('EndTime') ?? '');
      const duration = Number(m.get('Duration'));
      assert.ok(duration === end - start || duration === end - start - 1, `Cdr Duration ${duration} vs ${m.get('StartTime')}..${m.get('EndTime')}`);
      const answer = m.get('AnswerTime');
      if (answer) {
        const billable = Number(m.get('BillableSeconds'));
        assert.ok(billable === end - cdrSeconds(answer) || billable === end - cdrSeconds(answer) - 1, 'BillableSeconds = end - answer');
      } else assert.equal(m.get('BillableSeconds'), '0');
      if (ts) assert.ok(end <= Math.floor(Number(ts)), 'Cdr ends before it is reported');
      assert.equal(m.has('Linkedid'), false, 'Cdr has no Linkedid');
      assert.equal(m.get('UniqueID'), [...uniqueids.entries()].find(([ch]) => ch === m.get('Channel'))?.[1], 'Cdr UniqueID is its party A');
    }
  }
  assert.deepEqual([...live], [], 'every channel hung up');
  assert.equal(msgs[0]?.event, 'Newchannel');
  assert.equal(msgs[0]?.get('Uniqueid'), script.linkedid);
  return msgs;
}

const only = (msgs: AmiMessage[], event: string): AmiMessage[] => msgs.filter((m) => m.event === event);

describe('call scripts', () => {
  it('a recorded PBX names MixMonitor’s file on answer (a VarSet of the caller’s channel), its files in turn; unrecorded, none', () => {
    const files = ['/var/spool/asterisk/monitor/demo/a.wav', '/var/spool/asterisk/monitor/demo/b.wav'];
    const pbx = new SimPbx({ seed: 1, profile: { recordings: files } });
    const plan = { caller: ivan, attempts: [{ ext: '101', ringMs: 3_000, answered: true }], talkMs: 5_000 };
    const named = [0, 1, 2].map((i) => {
      const msgs = assertWellFormed(inboundCall(pbx, plan, T0 + i * 60_000));
      const sets = msgs.filter((m) => m.event === 'VarSet' && m.get('Variable') === 'MIXMONITOR_FILENAME');
      assert.equal(sets.length, 1);
      assert.ok(msgs.indexOf(sets[0]!) > msgs.indexOf(only(msgs, 'AgentConnect')[0]!), 'after the answer');
      assert.equal(sets[0]!.get('Linkedid'), msgs[0]!.get('Uniqueid'));
      return sets[0]!.get('Value');
    });
    assert.deepEqual(named, [files[0], files[1], files[0]]);
    const plain = events(inboundCall(new SimPbx({ seed: 1 }), plan, T0));
    assert.equal(plain.filter((m) => m.get('Variable') === 'MIXMONITOR_FILENAME').length, 0);
  });

  it('inbound answered: queue join, agent rings and answers, talk, caller hangs up, two Cdrs', () => {
    const pbx = new SimPbx({ seed: 1 });
    const script = inboundCall(pbx, { caller: ivan, attempts: [{ ext: '101', ringMs: 3_000, answered: true }], talkMs: 5_000 }, T0);
    const msgs = assertWellFormed(script);
    assert.equal(script.kind, 'inbound-answered');
    const channels = only(msgs, 'Newchannel').map((m) => m.get('Channel'));
    assert.match(channels[0] ?? '', /^PJSIP\/trunk-[0-9a-f]{8}$/);
    assert.match(channels[1] ?? '', /^Local\/101@queue-agents-[0-9a-f]{8};1$/);
    assert.match(channels[2] ?? '', /^Local\/101@queue-agents-[0-9a-f]{8};2$/);
    assert.match(channels[3] ?? '', /^PJSIP\/101-[0-9a-f]{8}$/);
    assert.equal(only(msgs, 'QueueCallerJoin')[0]?.get('CallerIDName'), 'Иван Петров');
    const connect = only(msgs, 'AgentConnect')[0];
    assert.equal(connect?.get('MemberName'), 'Operator 101');
    assert.equal(connect?.get('RingTime'), '3');
    assert.equal(connect?.get('HoldTime'), '3');
    const complete = only(msgs, 'AgentComplete')[0];
    assert.equal(complete?.get('TalkTime'), '5');
    assert.equal(complete?.get('Reason'), 'caller');
    const cdrs = only(msgs, 'Cdr');
    assert.deepEqual(cdrs.map((m) => m.get('Disposition')), ['ANSWERED', 'ANSWERED']);
    assert.equal(cdrs[0]?.get('Duration'), '8');
    assert.equal(cdrs[1]?.get('BillableSeconds'), '5');
    assert.ok(only(msgs, 'VarSet').length > 50, 'realistic noise');
    assert.deepEqual(script.truth.rang, [{ ext: '101', ringMs: 3_000, answered: true }]);
    assert.equal(script.truth.answeredBy, '101');
    assert.equal(script.truth.outcome, 'answered');
  });

  it('ring-no-answer: the first agent times out (RingTime in ms), the next one answers; agent hangs up', () => {
    const pbx = new SimPbx({ seed: 2 });
    const script = inboundCall(
      pbx,
      { caller: { number: '84951234567', name: 'ООО Ромашка' }, attempts: [{ ext: '101', ringMs: 15_000 }, { ext: '102', ringMs: 2_000, answered: true }], talkMs: 6_000, hangupBy: 'agent' },
      T0,
    );
    const msgs = assertWellFormed(script);
    assert.equal(only(msgs, 'AgentRingNoAnswer')[0]?.get('RingTime'), '15000');
    assert.equal(only(msgs, 'AgentRingNoAnswer')[0]?.get('MemberName'), 'Operator 101');
    const connect = only(msgs, 'AgentConnect')[0];
    assert.equal(connect?.get('MemberName'), 'Operator 102');
    assert.equal(connect?.get('RingTime'), '2');
    assert.equal(connect?.get('HoldTime'), '18');
    assert.equal(only(msgs, 'AgentComplete')[0]?.get('Reason'), 'agent');
    assert.deepEqual(
      only(msgs, 'Cdr').map((m) => `${m.get('Channel')?.replace(/-[0-9a-f]{8}/, '')} ${m.get('Disposition')}`),
      ['Local/101@queue-agents;2 NO ANSWER', 'Local/102@queue-agents;2 ANSWERED', 'PJSIP/trunk NO ANSWER', 'PJSIP/trunk ANSWERED'],
    );
  });

  it('abandoned while an agent rings, and abandoned with nobody free', () => {
    const pbx = new SimPbx({ seed: 3 });
    const ringing = inboundCall(pbx, { caller: { number: '+380441234567', name: 'Олена Коваль' }, attempts: [{ ext: '101', ringMs: 15_000 }], abandonAfterMs: 4_000 }, T0);
    let msgs = assertWellFormed(ringing);
    assert.equal(only(msgs, 'QueueCallerAbandon')[0]?.get('HoldTime'), '4');
    assert.equal(only(msgs, 'AgentConnect').length, 0);
    assert.deepEqual(only(msgs, 'DialEnd').map((m) => m.get('DialStatus')), ['CANCEL', 'CANCEL', 'CANCEL']);
    assert.equal(ringing.truth.outcome, 'abandoned');

    const nobody = inboundCall(pbx, { caller: { number: 'anonymous', name: 'Anonymous' }, attempts: [], abandonAfterMs: 30_000 }, T0 + 1_000);
    msgs = assertWellFormed(nobody);
    assert.equal(only(msgs, 'QueueCallerAbandon')[0]?.get('HoldTime'), '30');
    assert.equal(only(msgs, 'QueueCallerJoin')[0]?.get('Position'), '2', 'the first caller was still waiting');
    assert.equal(only(msgs, 'Cdr').length, 1);
  });

  it('blind transfer: 101 answers, transfers to 102 who talks until the caller hangs up; 101 is credited with all the talk time', () => {
    const pbx = new SimPbx({ seed: 4 });
    const script = inboundCall(
      pbx,
      { caller: { number: '+79260001122', name: 'Пётр Сидоров' }, attempts: [{ ext: '101', ringMs: 1_000, answered: true }], transfer: { to: '102', afterMs: 4_000, ringMs: 2_000, talkMs: 10_000 } },
      T0,
    );
    const msgs = assertWellFormed(script);
    const transfer = only(msgs, 'BlindTransfer')[0];
    assert.equal(transfer?.get('Extension'), '102');
    assert.match(transfer?.get('TransfererChannel') ?? '', /^PJSIP\/101-/);
    assert.equal(only(msgs, 'AgentComplete')[0]?.get('MemberName'), 'Operator 101');
    assert.equal(only(msgs, 'AgentComplete')[0]?.get('TalkTime'), '16');
    assert.equal(only(msgs, 'Cdr').length, 3);
    assert.equal(script.truth.transferredTo, '102');
  });

  it('outbound answered, busy and no answer', () => {
    const pbx = new SimPbx({ seed: 5 });
    const answered = outboundCall(pbx, { ext: '101', number: '89161112233', outcome: 'answered', ringMs: 4_000, talkMs: 6_000 }, T0);
    let msgs = assertWellFormed(answered);
    assert.match(only(msgs, 'Newchannel')[1]?.get('Channel') ?? '', /^PJSIP\/trunk-/);
    assert.equal(only(msgs, 'Cdr')[0]?.get('Destination'), '89161112233');
    assert.equal(only(msgs, 'Cdr')[0]?.get('BillableSeconds'), '6');
    assert.equal(only(msgs, 'AgentConnect').length, 0, 'no queue events');

    const busy = outboundCall(pbx, { ext: '102', number: '+380671234567', outcome: 'busy' }, T0);
    msgs = assertWellFormed(busy);
    assert.equal(only(msgs, 'DialEnd')[0]?.get('DialStatus'), 'BUSY');
    assert.deepEqual(only(msgs, 'Cdr').map((m) => m.get('Disposition')), ['BUSY', 'BUSY']);
    assert.equal(only(msgs, 'Hangup').at(-1)?.get('Cause'), '17');

    const noAnswer = outboundCall(pbx, { ext: '103', number: '89035556677', outcome: 'noanswer' }, T0);
    msgs = assertWellFormed(noAnswer);
    assert.equal(only(msgs, 'DialEnd')[0]?.get('DialStatus'), 'NOANSWER');
    assert.equal(only(msgs, 'Cdr')[0]?.get('Duration'), '20');
    assert.equal(noAnswer.truth.outcome, 'no_answer');
  });

  it('internal call between two extensions', () => {
    const script = internalCall(new SimPbx({ seed: 6 }), { from: '101', to: '102', ringMs: 1_500, talkMs: 4_000 }, T0);
    const msgs = assertWellFormed(script);
    assert.deepEqual(only(msgs, 'Newchannel').map((m) => m.get('Channel')?.slice(0, 9)), ['PJSIP/101', 'PJSIP/102']);
    assert.equal(script.truth.direction, 'internal');
  });

  it('click-to-call: the operator rings first, OriginateResponse carries the ActionID, then the client is dialed', () => {
    const script = clickToCall(
      new SimPbx({ seed: 7 }),
      { ext: '101', number: '89161112233', callerId: { number: '89161112233', name: 'Иван Петров' }, actionId: 'c2c-1', agentRingMs: 2_000, clientRingMs: 3_000, talkMs: 6_000 },
      T0,
    );
    const msgs = assertWellFormed(script);
    const response = only(msgs, 'OriginateResponse')[0];
    assert.equal(response?.get('ActionID'), 'c2c-1');
    assert.equal(response?.get('Uniqueid'), script.linkedid);
    assert.equal(only(msgs, 'DialBegin')[0]?.has('Channel'), false, 'the Originate dial has no calling channel');
    const cdr = only(msgs, 'Cdr')[0];
    assert.equal(cdr?.get('Duration'), '11');
    assert.equal(cdr?.get('BillableSeconds'), '9', 'billable counts from the operator answering');
  });

  it('leaves Timestamp out when the profile says so', () => {
    const pbx = new SimPbx({ seed: 8, profile: { timestamps: false } });
    assertWellFormed(inboundCall(pbx, { caller: ivan, attempts: [{ ext: '101', ringMs: 2_000, answered: true }], talkMs: 30_000 }, T0), { timestamps: false });
  });

  it('gives concurrent calls distinct channels and ids', () => {
    const pbx = new SimPbx({ seed: 9 });
    const a = inboundCall(pbx, { caller: ivan, attempts: [{ ext: '101', ringMs: 2_000, answered: true }], talkMs: 30_000 }, T0);
    const b = inboundCall(pbx, { caller: ivan, attempts: [{ ext: '102', ringMs: 2_000, answered: true }], talkMs: 30_000 }, T0 + 500);
    const names = (s: CallScript): string[] => only(events(s), 'Newchannel').map((m) => `${m.get('Channel')} ${m.get('Uniqueid')}`);
    assert.notEqual(a.linkedid, b.linkedid);
    assert.equal(new Set([...names(a), ...names(b)]).size, 8);
  });
});
