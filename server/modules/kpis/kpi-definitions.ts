/**
 * The KPI definitions, written once. Counters are sums that can be added up (per minute, per day, per
 * operator, team or floor); the figures a wallboard shows are computed from them here and nowhere else.
 *
 * Who a call counts for:
 * - **Floor**: every non-internal call once.
 * - **Team**: a call belongs to one team, the team of the operator who answered it first (placed it, for
 *   an outbound call). A call no team handled (abandoned in the queue, rung out, placed by someone without
 *   a team) belongs to the remainder row, "No team / queue". So the floor is always exactly the teams plus
 *   the remainder, for every counter.
 * - **Operator**: each call they talked on (a transfer counts for both, each with their share) or placed;
 *   their own work, so operators of a team may add up to more than the team.
 * - **missed** is one thing everywhere: a ring nobody answered (a ring-no-answer leg), counted where it
 *   happened: for the operator whose phone rang, their team (the remainder when they have none or the
 *   phone is nobody's), and the floor. A call that rang two operators in vain before the caller hung up
 *   is two misses and one abandoned call.
 */
export type KpiCounters = {
  /** Calls handled (floor: every call once; operator: each call they talked on or placed). */
  calls: number;
  inbound: number;
  outbound: number;
  answered: number;
  /** Rings nobody answered (ring-no-answer legs), counted for the operator whose phone rang, their team and the floor. */
  missed: number;
  /** Inbound callers who hung up before anyone answered (in the queue or while it rang). */
  abandoned: number;
  talkSeconds: number;
  talked: number;
  longestTalkSeconds: number;
  /** Inbound answered: seconds from entering the queue to the answer. */
  answerWaitSeconds: number;
  answeredInbound: number;
  answeredWithinSla: number;
  /** Inbound calls that reached an outcome (answered or abandoned): the service level's denominator. */
  offeredInbound: number;
  /** Wrap-up seconds after calls (handle time = talk + wrap-up). */
  wrapUpSeconds: number;
  dispositioned: number;
  effective: number;
};

export type Kpis = {
  calls: number;
  inbound: number;
  outbound: number;
  answered: number;
  missed: number;
  abandoned: number;
  /** abandoned / offered inbound, 0..1 */
  abandonRate: number | null;
  avgTalkSeconds: number | null;
  /** (talk + wrap-up) / talked calls */
  avgHandleSeconds: number | null;
  avgSpeedOfAnswerSeconds: number | null;
  /** inbound answered within the threshold / inbound offered, 0..1 */
  serviceLevel: number | null;
  longestTalkSeconds: number;
  /** calls with an effective disposition / calls with a disposition, 0..1 */
  effectiveShare: number | null;
};

export const emptyCounters = (): KpiCounters => ({
  calls: 0,
  inbound: 0,
  outbound: 0,
  answered: 0,
  missed: 0,
  abandoned: 0,
  talkSeconds: 0,
  talked: 0,
  longestTalkSeconds: 0,
  answerWaitSeconds: 0,
  answeredInbound: 0,
  answeredWithinSla: 0,
  offeredInbound: 0,
  wrapUpSeconds: 0,
  dispositioned: 0,
  effective: 0,
});

export function addCounters(into: KpiCounters, add: KpiCounters): KpiCounters {
  for (const key of Object.keys(add) as (keyof KpiCounters)[]) {
    into[key] = key === 'longestTalkSeconds' ? Math.max(into[key], add[key]) : into[key] + add[key];
  }
  return into;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const avg = (a: number, b: number) => (b === 0 ? null : Math.round(a / b));

export function toKpis(c: KpiCounters): Kpis {
  return {
    calls: c.calls,
    inbound: c.inbound,
    outbound: c.outbound,
    answered: c.answered,
    missed: c.missed,
    abandoned: c.abandoned,
    abandonRate: ratio(c.abandoned, c.offeredInbound),
    avgTalkSeconds: avg(c.talkSeconds, c.talked),
    avgHandleSeconds: avg(c.talkSeconds + c.wrapUpSeconds, c.talked),
    avgSpeedOfAnswerSeconds: avg(c.answerWaitSeconds, c.answeredInbound),
    serviceLevel: ratio(c.answeredWithinSla, c.offeredInbound),
    longestTalkSeconds: c.longestTalkSeconds,
    effectiveShare: ratio(c.effective, c.dispositioned),
  };
}

/** One finished call as the KPIs see it: the call and each operator's part in it. */
export type FinishedCall = {
  endedAt: Date;
  direction: 'inbound' | 'outbound' | 'internal';
  outcome: string | null;
  talkSeconds: number | null;
  waitSeconds: number | null;
  /** The operator who placed an outbound or internal call. */
  placedBy: number | null;
  /** Each operator leg: talk (answered or transferred to them) or a ring-no-answer miss. */
  legs: { operatorId: number; talkSeconds: number | null; missed: boolean; firstAnswer: boolean }[];
  /** Ring-no-answer legs on phones that belong to nobody known (not in `legs`). */
  unknownMisses?: number;
};

/**
 * How one call counts. `floor`: the call once (its misses included). `call`: the same without the misses,
 * for the one team the call belongs to: the team of `homeOperatorId` (who answered first, or placed it),
 * or the remainder when that is null. `operators`: each operator's part, their misses included;
 * `unknownMisses` are misses of no known operator (the remainder's).
 */
export type Attribution = { floor: KpiCounters; call: KpiCounters; homeOperatorId: number | null; operators: Map<number, KpiCounters>; unknownMisses: number };

/**
 * How a call counts. Floor: once. Operators: each one who talked on it gets the call with their own
 * talk time (a transfer counts for both, each with their share); each ring-no-answer counts as a miss
 * for that operator; the operator who placed an outbound call gets it. Internal calls are not counted.
 */
export function attribute(call: FinishedCall, slaSeconds: number, wrapUpSeconds: number): Attribution {
  const floor = emptyCounters();
  const operators = new Map<number, KpiCounters>();
  const op = (id: number) => {
    let c = operators.get(id);
    if (!c) operators.set(id, (c = emptyCounters()));
    return c;
  };
  if (call.direction === 'internal') return { floor, call: emptyCounters(), homeOperatorId: null, operators, unknownMisses: 0 };
  const answered = call.outcome === 'answered';
  const talk = call.talkSeconds ?? 0;
  floor.calls = 1;
  floor.inbound = call.direction === 'inbound' ? 1 : 0;
  floor.outbound = call.direction === 'outbound' ? 1 : 0;
  floor.answered = answered ? 1 : 0;
  floor.abandoned = call.outcome === 'abandoned' ? 1 : 0;
  if (answered) {
    floor.talkSeconds = talk;
    floor.talked = 1;
    floor.longestTalkSeconds = talk;
    floor.wrapUpSeconds = wrapUpSeconds;
  }
  if (call.direction === 'inbound' && (answered || call.outcome === 'abandoned' || call.outcome === 'missed')) {
    floor.offeredInbound = 1;
    if (answered) {
      floor.answeredInbound = 1;
      floor.answerWaitSeconds = call.waitSeconds ?? 0;
      floor.answeredWithinSla = (call.waitSeconds ?? 0) <= slaSeconds ? 1 : 0;
    }
  }
  for (const leg of call.legs) {
    const c = op(leg.operatorId);
    if (leg.missed) {
      c.missed += 1;
      continue;
    }
    const legTalk = leg.talkSeconds ?? 0;
    c.calls += 1;
    c.inbound += call.direction === 'inbound' ? 1 : 0;
    c.answered += 1;
    c.talkSeconds += legTalk;
    c.talked += 1;
    c.longestTalkSeconds = Math.max(c.longestTalkSeconds, legTalk);
    c.wrapUpSeconds += wrapUpSeconds;
    if (leg.firstAnswer && call.direction === 'inbound') {
      c.offeredInbound += 1;
      c.answeredInbound += 1;
      c.answerWaitSeconds += call.waitSeconds ?? 0;
      c.answeredWithinSla += (call.waitSeconds ?? 0) <= slaSeconds ? 1 : 0;
    }
  }
  if (call.direction === 'outbound' && call.placedBy !== null && !call.legs.some((l) => l.operatorId === call.placedBy)) {
    const c = op(call.placedBy);
    c.calls += 1;
    c.outbound += 1;
    if (answered) {
      c.answered += 1;
      c.talkSeconds += talk;
      c.talked += 1;
      c.longestTalkSeconds = Math.max(c.longestTalkSeconds, talk);
      c.wrapUpSeconds += wrapUpSeconds;
    }
  } else if (call.direction === 'outbound' && call.placedBy !== null) {
    op(call.placedBy).outbound += 1;
  }
  const unknownMisses = call.unknownMisses ?? 0;
  const callOnly = { ...floor };
  floor.missed = call.legs.filter((l) => l.missed).length + unknownMisses;
  const homeOperatorId = call.direction === 'outbound' ? call.placedBy : answered ? (call.legs.find((l) => l.firstAnswer && !l.missed)?.operatorId ?? null) : null;
  return { floor, call: callOnly, homeOperatorId, operators, unknownMisses };
}
