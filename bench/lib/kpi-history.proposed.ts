/**
 * PROPOSED changes to server/modules/kpis/kpi-history.service.ts, kept here so bench/kpi.bench.ts can
 * measure them next to the current service. The server does not use this file; the benchmark checks that
 * every variant gives exactly the current service's report (same JSON, operators sorted by id).
 *
 * Variants of report(from, to):
 *   'merged'  the same SQL aggregates, but the floor and the per-operator call figures come from ONE
 *             pass over `calls` (GROUP BY operator_id, the floor summed from the groups in JS) instead of
 *             two: 2 statements instead of 3, each reading the range once.
 *   'merged_ended_index'  'merged' with FORCE INDEX (ix_calls_ended) / (ix_call_legs_ended): on the shipped
 *             schema the optimizer may prefer ix_calls_operator_started / ix_call_legs_operator for the
 *             grouped statements (range "operator_id IS NOT NULL", no sort for GROUP BY) and then reads
 *             every row of every operator, whatever its date.
 *   'rollup'  whole days (in the KPI time zone) from a pre-aggregated table kpi_daily (one row per day
 *             and operator, operator_id 0 = the floor) and only the partial days at either end (and any
 *             day not rolled up yet, e.g. today) from the raw tables with the 'merged' statements. A
 *             month is then ~30 × (1 + operators) small rows instead of ~1.7 M calls + ~1.6 M legs.
 *             rollupDay(start, end) (re)builds one day from the raw tables: a nightly job, re-run for a
 *             day when a late disposition changes it (CallsService already calls kpis.onDisposition).
 *             The SLA threshold is baked into answered_within_sla: a changed KPI_SLA_SECONDS means a
 *             re-roll (or store a histogram of waits instead).
 */
import type { DataSource } from 'typeorm';
import { DISPOSITIONS } from '../../server/modules/calls/calls.schemas';
import { addCounters, emptyCounters, toKpis, type KpiCounters, type Kpis } from '../../server/modules/kpis/kpi-definitions';

/** sha256 (first 12 hex) of server/modules/kpis/kpi-history.service.ts whose statements these mirror (checked by the benchmark). */
export const BASED_ON = { 'server/modules/kpis/kpi-history.service.ts': '6bffb3422ba4' };

const EFFECTIVE = DISPOSITIONS.filter((d) => d.effective).map((d) => `'${d.code}'`).join(', ');
const n = (v: unknown) => Number(v ?? 0);

export type Report = { from: string; to: string; floor: Kpis; operators: (Kpis & { id: number })[] };
type Counters = { floor: KpiCounters; ops: Map<number, KpiCounters> };

/** Columns of kpi_daily: every counter but wrapUpSeconds (= talked × the configured wrap-up, at read time). */
const COLUMNS: [keyof KpiCounters, string][] = [
  ['calls', 'calls'],
  ['inbound', 'inbound'],
  ['outbound', 'outbound'],
  ['answered', 'answered'],
  ['missed', 'missed'],
  ['abandoned', 'abandoned'],
  ['talkSeconds', 'talk_seconds'],
  ['talked', 'talked'],
  ['longestTalkSeconds', 'longest_talk_seconds'],
  ['answerWaitSeconds', 'answer_wait_seconds'],
  ['answeredInbound', 'answered_inbound'],
  ['answeredWithinSla', 'answered_within_sla'],
  ['offeredInbound', 'offered_inbound'],
  ['dispositioned', 'dispositioned'],
  ['effective', 'effective'],
];

/** The migration the rollup needs (MariaDB/MySQL DDL; SQLite would take the same with INTEGER columns). */
export const KPI_DAILY_DDL = `CREATE TABLE kpi_daily (
  day_start DATETIME(3) NOT NULL,
  day DATE NOT NULL,
  operator_id INT NOT NULL,
  ${COLUMNS.map(([, c]) => `${c} BIGINT NOT NULL DEFAULT 0`).join(',\n  ')},
  rolled_at DATETIME(3) NOT NULL,
  PRIMARY KEY (day_start, operator_id)
)`;

// ---------- days in a time zone ----------

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function offsetMs(at: Date, timeZone: string): number {
  let f = partsFormat.get(timeZone);
  if (!f) partsFormat.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })));
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the local day containing `at` begins in `timeZone`. */
export function dayStartOf(at: Date, timeZone: string): Date {
  const local = new Date(at.getTime() + offsetMs(at, timeZone));
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let guess = midnight - offsetMs(new Date(midnight), timeZone);
  guess = midnight - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

export const nextDayStart = (dayStart: Date, timeZone: string) => dayStartOf(new Date(dayStart.getTime() + 36 * 3600_000), timeZone);
const localDate = (dayStart: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(dayStart);

// ---------- the service ----------

export class ProposedKpiHistoryService {
  /** Statements of the last report: label → ms (the benchmark reads it). */
  lastStatements: { label: string; ms: number }[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly slaSeconds: number,
    private readonly wrapUpSeconds: number,
    private readonly timeZone: string,
  ) {}

  async report(from: Date, to: Date, variant: 'merged' | 'merged_ended_index' | 'rollup'): Promise<Report> {
    this.lastStatements = [];
    const total: Counters = { floor: emptyCounters(), ops: new Map() };
    if (variant === 'merged' || variant === 'merged_ended_index') merge(total, await this.raw(from, to, variant === 'merged_ended_index'));
    else {
      // Whole local days inside [from, to) from the rollup; the rest (edges, days not rolled up) raw.
      let first = dayStartOf(from, this.timeZone);
      if (first.getTime() < from.getTime()) first = nextDayStart(first, this.timeZone);
      const lastEnd = dayStartOf(to, this.timeZone);
      if (first.getTime() >= lastEnd.getTime()) merge(total, await this.raw(from, to));
      else {
        const rolled = await this.timed('rollup_days', () => this.ds.query('SELECT day_start FROM kpi_daily WHERE operator_id = 0 AND day_start >= ? AND day_start < ?', [first, lastEnd]));
        const have = new Set((rolled as { day_start: Date }[]).map((r) => new Date(r.day_start).getTime()));
        const rawRanges: [Date, Date][] = [];
        if (from.getTime() < first.getTime()) rawRanges.push([from, first]);
        for (let d = first; d.getTime() < lastEnd.getTime(); ) {
          const next = nextDayStart(d, this.timeZone);
          if (!have.has(d.getTime())) {
            const last = rawRanges.at(-1);
            if (last && last[1].getTime() === d.getTime()) last[1] = next;
            else rawRanges.push([d, next]);
          }
          d = next;
        }
        if (lastEnd.getTime() < to.getTime()) {
          const last = rawRanges.at(-1);
          if (last && last[1].getTime() === lastEnd.getTime()) last[1] = to;
          else rawRanges.push([lastEnd, to]);
        }
        if (have.size > 0) merge(total, await this.fromRollup(first, lastEnd));
        for (const [a, b] of rawRanges) merge(total, await this.raw(a, b));
      }
    }
    total.floor.wrapUpSeconds = total.floor.talked * this.wrapUpSeconds;
    for (const c of total.ops.values()) c.wrapUpSeconds = c.talked * this.wrapUpSeconds;
    return { from: from.toISOString(), to: to.toISOString(), floor: toKpis(total.floor), operators: [...total.ops].map(([id, c]) => ({ id, ...toKpis(c) })) };
  }

  /** (Re)builds one local day of kpi_daily from the raw tables; returns the rows written. */
  async rollupDay(dayStart: Date): Promise<number> {
    const end = nextDayStart(dayStart, this.timeZone);
    // Through the ended_at indexes: one day is a narrow range (the planner may otherwise walk an operator index).
    const c = await this.raw(dayStart, end, true);
    const day = localDate(dayStart, this.timeZone);
    const now = new Date();
    const rows = [[0, c.floor] as const, ...[...c.ops].map(([id, k]) => [id, k] as const)].map(([id, k]) => [dayStart, day, id, ...COLUMNS.map(([key]) => k[key]), now]);
    await this.ds.transaction(async (em) => {
      await em.query('DELETE FROM kpi_daily WHERE day_start = ?', [dayStart]);
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await em.query(`INSERT INTO kpi_daily (day_start, day, operator_id, ${COLUMNS.map(([, col]) => col).join(', ')}, rolled_at) VALUES ${chunk.map((r) => `(${r.map(() => '?').join(', ')})`).join(', ')}`, chunk.flat());
      }
    });
    return rows.length;
  }

  private async fromRollup(from: Date, to: Date): Promise<Counters> {
    const rows: Record<string, unknown>[] = await this.timed('rollup_sum', () =>
      this.ds.query(
        `SELECT operator_id, ${COLUMNS.map(([key, col]) => (key === 'longestTalkSeconds' ? `MAX(${col})` : `SUM(${col})`) + ` AS ${col}`).join(', ')}
         FROM kpi_daily WHERE day_start >= ? AND day_start < ? GROUP BY operator_id`,
        [from, to],
      ),
    );
    const out: Counters = { floor: emptyCounters(), ops: new Map() };
    for (const r of rows) {
      const c = emptyCounters();
      for (const [key, col] of COLUMNS) c[key] = n(r[col]);
      if (n(r.operator_id) === 0) out.floor = c;
      else out.ops.set(n(r.operator_id), c);
    }
    return out;
  }

  /** The current service's figures for [from, to) in 2 statements: calls once (grouped by operator), legs once. */
  private async raw(from: Date, to: Date, forceEndedIndex = false): Promise<Counters> {
    const sla = this.slaSeconds;
    // Sequential, as the current service runs its statements (the two on two pooled connections at once
    // would be a further option; not measured here).
    const callRows = await this.timed('calls_grouped', () =>
      this.ds.query(
        `SELECT k.operator_id AS operator_id,
           SUM(CASE WHEN k.direction <> 'internal' THEN 1 ELSE 0 END) AS calls,
           SUM(CASE WHEN k.direction = 'inbound' THEN 1 ELSE 0 END) AS inbound,
           SUM(CASE WHEN k.direction = 'outbound' THEN 1 ELSE 0 END) AS outbound,
           SUM(CASE WHEN k.direction = 'outbound' AND (k.outcome IS NULL OR k.outcome <> 'answered') THEN 1 ELSE 0 END) AS outbound_unanswered,
           SUM(CASE WHEN k.direction <> 'internal' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered,
           SUM(CASE WHEN k.outcome = 'missed' THEN 1 ELSE 0 END) AS missed,
           SUM(CASE WHEN k.outcome = 'abandoned' THEN 1 ELSE 0 END) AS abandoned,
           SUM(CASE WHEN k.direction <> 'internal' AND k.outcome = 'answered' THEN k.talk_seconds ELSE 0 END) AS talk,
           MAX(CASE WHEN k.direction <> 'internal' THEN k.talk_seconds ELSE 0 END) AS longest,
           SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN k.wait_seconds ELSE 0 END) AS wait,
           SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered_inbound,
           SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' AND k.wait_seconds <= ${sla} THEN 1 ELSE 0 END) AS within_sla,
           SUM(CASE WHEN k.direction = 'inbound' AND k.outcome IN ('answered', 'abandoned', 'missed') THEN 1 ELSE 0 END) AS offered,
           SUM(CASE WHEN k.disposition IS NOT NULL THEN 1 ELSE 0 END) AS dispositioned,
           SUM(CASE WHEN k.disposition IN (${EFFECTIVE}) THEN 1 ELSE 0 END) AS effective
         FROM calls k${forceEndedIndex ? ' FORCE INDEX (ix_calls_ended)' : ''} WHERE k.ended_at >= ? AND k.ended_at < ? GROUP BY k.operator_id`,
        [from, to],
      ),
    );
    const legRows = await this.timed('legs_grouped', () =>
      this.ds.query(
        `SELECT l.operator_id AS operator_id,
           SUM(CASE WHEN l.outcome <> 'missed' THEN 1 ELSE 0 END) AS talked,
           SUM(CASE WHEN l.outcome = 'missed' THEN 1 ELSE 0 END) AS missed,
           SUM(CASE WHEN l.outcome <> 'missed' THEN COALESCE(l.talk_seconds, 0) ELSE 0 END) AS talk,
           MAX(CASE WHEN l.outcome <> 'missed' THEN COALESCE(l.talk_seconds, 0) ELSE 0 END) AS longest
         FROM call_legs l${forceEndedIndex ? ' FORCE INDEX (ix_call_legs_ended)' : ''} WHERE l.operator_id IS NOT NULL AND l.ended_at >= ? AND l.ended_at < ? GROUP BY l.operator_id`,
        [from, to],
      ),
    );
    const floor = emptyCounters();
    const ops = new Map<number, KpiCounters>();
    const op = (id: number) => {
      let c = ops.get(id);
      if (!c) ops.set(id, (c = emptyCounters()));
      return c;
    };
    for (const r of callRows as Record<string, unknown>[]) {
      floor.calls += n(r.calls);
      floor.inbound += n(r.inbound);
      floor.outbound += n(r.outbound);
      floor.answered += n(r.answered);
      floor.missed += n(r.missed);
      floor.abandoned += n(r.abandoned);
      floor.talkSeconds += n(r.talk);
      floor.talked += n(r.answered);
      floor.longestTalkSeconds = Math.max(floor.longestTalkSeconds, n(r.longest));
      floor.answerWaitSeconds += n(r.wait);
      floor.answeredInbound += n(r.answered_inbound);
      floor.answeredWithinSla += n(r.within_sla);
      floor.offeredInbound += n(r.offered);
      floor.dispositioned += n(r.dispositioned);
      floor.effective += n(r.effective);
      if (r.operator_id === null || r.operator_id === undefined) continue;
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
    for (const r of legRows as Record<string, unknown>[]) {
      const c = op(n(r.operator_id));
      c.talked += n(r.talked);
      c.answered += n(r.talked);
      c.calls += n(r.talked);
      c.missed += n(r.missed);
      c.talkSeconds += n(r.talk);
      c.longestTalkSeconds = Math.max(c.longestTalkSeconds, n(r.longest));
    }
    return { floor, ops };
  }

  private async timed<T>(label: string, f: () => Promise<T>): Promise<T> {
    const t0 = process.hrtime.bigint();
    try {
      return await f();
    } finally {
      this.lastStatements.push({ label, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
    }
  }
}

function merge(into: Counters, add: Counters): void {
  addCounters(into.floor, add.floor);
  for (const [id, c] of add.ops) {
    const have = into.ops.get(id);
    if (have) addCounters(have, c);
    else into.ops.set(id, { ...c });
  }
}

/** Reports as comparable JSON: operators sorted by id. */
export const canonical = (r: Report) => JSON.stringify({ ...r, operators: [...r.operators].sort((a, b) => a.id - b.id) });
