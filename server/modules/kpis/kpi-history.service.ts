import type { DataSource } from 'typeorm';
import { DISPOSITIONS } from '../calls/calls.schemas';
import { emptyCounters, toKpis, type KpiCounters, type Kpis } from './kpi-definitions';

const EFFECTIVE = DISPOSITIONS.filter((d) => d.effective).map((d) => `'${d.code}'`).join(', ');
const n = (v: unknown) => Number(v ?? 0);

/**
 * The same KPIs for any past day or range, from the database with SQL aggregates (the live state is not
 * involved). Floor: each call once, from `calls`; operators: their legs (talk shares, misses) from
 * `call_legs` plus the outbound calls they placed, as the live attribution does.
 */
export class KpiHistoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly slaSeconds: number,
    private readonly wrapUpSeconds: number,
  ) {}

  async report(from: Date, to: Date): Promise<{ from: string; to: string; floor: Kpis; operators: (Kpis & { id: number })[] }> {
    const sla = this.slaSeconds;
    const [floorRow] = await this.ds
      .createQueryBuilder()
      .from('calls', 'k')
      .select([
        "SUM(CASE WHEN k.direction <> 'internal' THEN 1 ELSE 0 END) AS calls",
        "SUM(CASE WHEN k.direction = 'inbound' THEN 1 ELSE 0 END) AS inbound",
        "SUM(CASE WHEN k.direction = 'outbound' THEN 1 ELSE 0 END) AS outbound",
        "SUM(CASE WHEN k.direction <> 'internal' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered",
        "SUM(CASE WHEN k.outcome = 'missed' THEN 1 ELSE 0 END) AS missed",
        "SUM(CASE WHEN k.outcome = 'abandoned' THEN 1 ELSE 0 END) AS abandoned",
        "SUM(CASE WHEN k.direction <> 'internal' AND k.outcome = 'answered' THEN k.talk_seconds ELSE 0 END) AS talk",
        "MAX(CASE WHEN k.direction <> 'internal' THEN k.talk_seconds ELSE 0 END) AS longest",
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN k.wait_seconds ELSE 0 END) AS wait",
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered_inbound",
        `SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' AND k.wait_seconds <= ${sla} THEN 1 ELSE 0 END) AS within_sla`,
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome IN ('answered', 'abandoned', 'missed') THEN 1 ELSE 0 END) AS offered",
        'SUM(CASE WHEN k.disposition IS NOT NULL THEN 1 ELSE 0 END) AS dispositioned',
        `SUM(CASE WHEN k.disposition IN (${EFFECTIVE}) THEN 1 ELSE 0 END) AS effective`,
      ])
      .where('k.ended_at >= :from AND k.ended_at < :to', { from, to })
      .getRawMany();
    const floor = emptyCounters();
    Object.assign(floor, {
      calls: n(floorRow?.calls),
      inbound: n(floorRow?.inbound),
      outbound: n(floorRow?.outbound),
      answered: n(floorRow?.answered),
      missed: n(floorRow?.missed),
      abandoned: n(floorRow?.abandoned),
      talkSeconds: n(floorRow?.talk),
      talked: n(floorRow?.answered),
      longestTalkSeconds: n(floorRow?.longest),
      answerWaitSeconds: n(floorRow?.wait),
      answeredInbound: n(floorRow?.answered_inbound),
      answeredWithinSla: n(floorRow?.within_sla),
      offeredInbound: n(floorRow?.offered),
      wrapUpSeconds: n(floorRow?.answered) * this.wrapUpSeconds,
      dispositioned: n(floorRow?.dispositioned),
      effective: n(floorRow?.effective),
    } satisfies KpiCounters);

    const legRows: Record<string, unknown>[] = await this.ds
      .createQueryBuilder()
      .from('call_legs', 'l')
      .select([
        'l.operator_id AS operator_id',
        "SUM(CASE WHEN l.outcome <> 'missed' THEN 1 ELSE 0 END) AS talked",
        "SUM(CASE WHEN l.outcome = 'missed' THEN 1 ELSE 0 END) AS missed",
        "SUM(CASE WHEN l.outcome <> 'missed' THEN COALESCE(l.talk_seconds, 0) ELSE 0 END) AS talk",
        "MAX(CASE WHEN l.outcome <> 'missed' THEN COALESCE(l.talk_seconds, 0) ELSE 0 END) AS longest",
      ])
      .where('l.operator_id IS NOT NULL AND l.ended_at >= :from AND l.ended_at < :to', { from, to })
      .groupBy('l.operator_id')
      .getRawMany();
    const outRows: Record<string, unknown>[] = await this.ds
      .createQueryBuilder()
      .from('calls', 'k')
      .select([
        'k.operator_id AS operator_id',
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered_inbound",
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN k.wait_seconds ELSE 0 END) AS wait",
        `SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' AND k.wait_seconds <= ${sla} THEN 1 ELSE 0 END) AS within_sla`,
        "SUM(CASE WHEN k.direction = 'outbound' THEN 1 ELSE 0 END) AS outbound",
        // Answered outbound calls have the placing operator's leg; the others count here.
        "SUM(CASE WHEN k.direction = 'outbound' AND (k.outcome IS NULL OR k.outcome <> 'answered') THEN 1 ELSE 0 END) AS outbound_unanswered",
        'SUM(CASE WHEN k.disposition IS NOT NULL THEN 1 ELSE 0 END) AS dispositioned',
        `SUM(CASE WHEN k.disposition IN (${EFFECTIVE}) THEN 1 ELSE 0 END) AS effective`,
      ])
      .where('k.operator_id IS NOT NULL AND k.ended_at >= :from AND k.ended_at < :to', { from, to })
      .groupBy('k.operator_id')
      .getRawMany();
    const ops = new Map<number, KpiCounters>();
    const op = (id: number) => {
      let c = ops.get(id);
      if (!c) ops.set(id, (c = emptyCounters()));
      return c;
    };
    for (const r of legRows) {
      const c = op(n(r.operator_id));
      c.talked += n(r.talked);
      c.answered += n(r.talked);
      c.calls += n(r.talked);
      c.missed += n(r.missed);
      c.talkSeconds += n(r.talk);
      c.longestTalkSeconds = Math.max(c.longestTalkSeconds, n(r.longest));
      c.wrapUpSeconds += n(r.talked) * this.wrapUpSeconds;
    }
    for (const r of outRows) {
      const c = op(n(r.operator_id));
      c.answeredInbound += n(r.answered_inbound);
      c.offeredInbound += n(r.answered_inbound);
      c.inbound += n(r.answered_inbound);
      c.answerWaitSeconds += n(r.wait);
      c.answeredWithinSla += n(r.within_sla);
      c.outbound += n(r.outbound);
      c.calls += n(r.outbound_unanswered);
      c.dispositioned += n(r.dispositioned);
      c.effective += n(r.effective);
    }
    return { from: from.toISOString(), to: to.toISOString(), floor: toKpis(floor), operators: [...ops].map(([id, c]) => ({ id, ...toKpis(c) })) };
  }
}
