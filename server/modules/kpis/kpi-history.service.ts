import type { DataSource } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../logging/logger';
import { DISPOSITIONS } from '../calls/calls.schemas';
import { addCounters, emptyCounters, toKpis, type KpiCounters, type Kpis } from './kpi-definitions';
import { dayStartOf, dayOf, nextDayStart } from './local-days';

/** Until the result-code list says otherwise (setEffectiveCodes): the codes the list is seeded with. */
const DEFAULT_EFFECTIVE = DISPOSITIONS.filter((d) => d.effective).map((d) => d.code);
/** Codes are [a-z0-9_] (checked again here), so they are safe to write into the statement. */
const sqlList = (codes: Iterable<string>) => [...codes].filter((c) => /^[a-z0-9_]+$/.test(c)).map((c) => `'${c}'`).join(', ');
const n = (v: unknown) => Number(v ?? 0);

export type KpiReport = { from: string; to: string; floor: Kpis; operators: (Kpis & { id: number })[] };
type Counters = { floor: KpiCounters; ops: Map<number, KpiCounters> };

/** kpi_daily's columns: every counter but wrapUpSeconds (talked × the configured wrap-up, at read time). */
const COLUMNS: [Exclude<keyof KpiCounters, 'wrapUpSeconds'>, string][] = [
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
export const ROLLUP_JOB = 'kpi-rollup';
/** The floor's row in kpi_daily. */
const FLOOR = 0;

/**
 * The same KPIs for any past day or range, from the database (the live state is not involved). Floor:
 * each call once, from `calls`, and every ring nobody answered (`missed`) from `call_legs`; operators: their legs (talk shares, misses) from `call_legs` plus the
 * outbound calls they placed, as the live attribution does.
 *
 * Whole local days come from kpi_daily, rolled up once a day has ended; the rest of a range (its partial
 * days at either end, today, a day not rolled up or invalidated) from the raw tables. A call written or
 * wrapped up later for a day already rolled up drops that day's rows, so the report reads it raw until
 * it is rolled up again: the rollup is never the only truth.
 */
export class KpiHistoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly opts: { slaSeconds: number; wrapUpSeconds: number; timeZone: string; now?: () => Date },
  ) {}

  /** The SQL list of effective codes ('' when none is). */
  private effective = sqlList(DEFAULT_EFFECTIVE);

  /**
   * The manager changed which result codes count as effective: every rolled-up day is dropped (its effective
   * count is stale), so reports read the raw calls until the next rollup has rolled them again.
   */
  async setEffectiveCodes(codes: Iterable<string>): Promise<void> {
    const next = sqlList([...codes].sort());
    if (next === sqlList([...this.effectiveCodes].sort())) return;
    this.effectiveCodes = [...codes];
    this.effective = next;
    await this.ds.createQueryBuilder().delete().from('kpi_daily').execute();
  }

  private effectiveCodes: string[] = [...DEFAULT_EFFECTIVE];

  async report(from: Date, to: Date): Promise<KpiReport> {
    const total: Counters = { floor: emptyCounters(), ops: new Map() };
    // The rollup's rows are read once: a day dropped meanwhile is then either all in them or read raw.
    const rolled = await this.rolledDays(from, to);
    let cursor = from;
    for (const [dayStart, day] of rolled) {
      if (dayStart > cursor.getTime()) merge(total, await this.raw(cursor, new Date(dayStart)));
      merge(total, day);
      cursor = nextDayStart(new Date(dayStart), this.opts.timeZone);
    }
    if (to.getTime() > cursor.getTime()) merge(total, await this.raw(cursor, to));
    total.floor.wrapUpSeconds = total.floor.talked * this.opts.wrapUpSeconds;
    for (const c of total.ops.values()) c.wrapUpSeconds = c.talked * this.opts.wrapUpSeconds;
    return { from: from.toISOString(), to: to.toISOString(), floor: toKpis(total.floor), operators: [...total.ops].map(([id, c]) => ({ id, ...toKpis(c) })) };
  }

  /** Rolls up at start (in the background) and then every `everyMs`, one run at a time across the cluster. */
  async start(jobs: JobQueue, everyMs = 3600_000): Promise<void> {
    jobs.process(ROLLUP_JOB, async () => void (await this.rollUp()), { concurrency: 1 });
    await jobs.repeat(ROLLUP_JOB, everyMs, {});
    await jobs.schedule(ROLLUP_JOB, 'start', {}, new Date());
  }

  /** Rolls up every ended local day that has calls and no rollup yet; returns how many days it rolled. */
  async rollUp(): Promise<number> {
    const today = dayStartOf(this.now(), this.opts.timeZone);
    const [first] = await this.ds.query('SELECT MIN(ended_at) AS first FROM calls');
    if (!first?.first) return 0;
    // Rows of another time zone (KPI_TIMEZONE changed) do not start at this zone's midnight: they go.
    const starts: { day_start: unknown }[] = await this.ds.createQueryBuilder().select('DISTINCT d.day_start', 'day_start').from('kpi_daily', 'd').getRawMany();
    const done = new Set<number>();
    for (const d of starts.map((r) => dbDate(r.day_start))) {
      if (dayStartOf(d, this.opts.timeZone).getTime() === d.getTime()) done.add(d.getTime());
      else await this.ds.createQueryBuilder().delete().from('kpi_daily').where('day_start = :day', { day: d }).execute();
    }
    let days = 0;
    for (let day = dayStartOf(dbDate(first.first), this.opts.timeZone); day < today; day = nextDayStart(day, this.opts.timeZone)) {
      if (done.has(day.getTime())) continue;
      await this.rollUpDay(day);
      days++;
    }
    if (days > 0) this.logger.info({ days }, 'KPI days rolled up');
    return days;
  }

  /** Calls of these ended times changed: the rolled-up days they fall on are read raw until rolled again. */
  async invalidate(endedAts: Date[]): Promise<void> {
    // Nearly every call ends today: only the others are worth the time-zone arithmetic (the call log's hot path).
    const today = dayStartOf(this.now(), this.opts.timeZone).getTime();
    const days = [...new Set(endedAts.filter((at) => at.getTime() < today).map((at) => dayStartOf(at, this.opts.timeZone).getTime()))];
    for (const day of days) await this.ds.createQueryBuilder().delete().from('kpi_daily').where('day_start = :day', { day: new Date(day) }).execute();
  }

  /** (Re)builds one local day's rows. A call changed while it ran makes it drop them again (no stale day). */
  private async rollUpDay(dayStart: Date): Promise<void> {
    const end = nextDayStart(dayStart, this.opts.timeZone);
    const started = new Date();
    const c = await this.raw(dayStart, end);
    const day = dayOf(dayStart, this.opts.timeZone);
    const rows = [[FLOOR, c.floor] as const, ...c.ops].map(([id, k]) => [dayStart, id, day, ...COLUMNS.map(([key]) => k[key]), started]);
    await transaction(this.ds, async (em) => {
      await em.createQueryBuilder().delete().from('kpi_daily').where('day_start = :day', { day: dayStart }).execute();
      await bulkInsert(em, 'kpi_daily', ['day_start', 'operator_id', 'day', ...COLUMNS.map(([, col]) => col), 'rolled_at'], rows);
    });
    const [latest] = await this.ds.createQueryBuilder().select('MAX(k.updated_at)', 'at').from('calls', 'k').where('k.ended_at >= :from AND k.ended_at < :to', { from: dayStart, to: end }).getRawMany();
    // A minute's margin: a write that committed just after our read may carry an earlier updated_at.
    if (latest?.at && dbDate(latest.at).getTime() >= started.getTime() - 60_000) await this.invalidate([dayStart]);
  }

  /** The rolled-up local days wholly inside [from, to), by start, with their counters, from one read. */
  private async rolledDays(from: Date, to: Date): Promise<Map<number, Counters>> {
    const rows: Record<string, unknown>[] = await this.ds
      .createQueryBuilder()
      .select(['d.day_start AS day_start', 'd.operator_id AS operator_id', ...COLUMNS.map(([, col]) => `d.${col} AS ${col}`)])
      .from('kpi_daily', 'd')
      .where('d.day_start >= :from AND d.day_start < :to', { from, to })
      .orderBy('d.day_start', 'ASC')
      .getRawMany();
    const days = new Map<number, Counters>();
    const whole = new Set<number>(); // every rolled-up day has its floor row
    // A partial last day is read raw; so is a day of another time zone (not at this zone's midnight).
    // Judged once per day, not per row: a month has ~30 days but thousands of rows.
    const usable = new Map<number, boolean>();
    const isUsable = (start: Date) => {
      let ok = usable.get(start.getTime());
      if (ok === undefined) usable.set(start.getTime(), (ok = nextDayStart(start, this.opts.timeZone).getTime() <= to.getTime() && dayStartOf(start, this.opts.timeZone).getTime() === start.getTime()));
      return ok;
    };
    for (const r of rows) {
      const start = dbDate(r.day_start);
      if (!isUsable(start)) continue;
      let day = days.get(start.getTime());
      if (!day) days.set(start.getTime(), (day = { floor: emptyCounters(), ops: new Map() }));
      const c = emptyCounters();
      for (const [key, col] of COLUMNS) c[key] = n(r[col]);
      if (n(r.operator_id) === FLOOR) {
        day.floor = c;
        whole.add(start.getTime());
      } else day.ops.set(n(r.operator_id), c);
    }
    for (const start of days.keys()) if (!whole.has(start)) days.delete(start);
    return days;
  }

  /** The figures of [from, to) from the raw tables, in two statements: calls once (grouped by operator), legs once. */
  private async raw(from: Date, to: Date): Promise<Counters> {
    const sla = this.opts.slaSeconds;
    // MariaDB may otherwise walk an operator index for the GROUP BY and read every call of all time.
    const mysql = this.ds.options.type === 'mysql';
    const calls = this.ds.createQueryBuilder().from('calls', 'k');
    const legs = this.ds.createQueryBuilder().from('call_legs', 'l');
    if (mysql) {
      calls.useIndex('ix_calls_ended');
      legs.useIndex('ix_call_legs_ended');
    }
    const callRows: Record<string, unknown>[] = await calls
      .select([
        'k.operator_id AS operator_id',
        "SUM(CASE WHEN k.direction <> 'internal' THEN 1 ELSE 0 END) AS calls",
        "SUM(CASE WHEN k.direction = 'inbound' THEN 1 ELSE 0 END) AS inbound",
        "SUM(CASE WHEN k.direction = 'outbound' THEN 1 ELSE 0 END) AS outbound",
        // Answered outbound calls have the placing operator's leg; the others count for them here.
        "SUM(CASE WHEN k.direction = 'outbound' AND (k.outcome IS NULL OR k.outcome <> 'answered') THEN 1 ELSE 0 END) AS outbound_unanswered",
        "SUM(CASE WHEN k.direction <> 'internal' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered",
        "SUM(CASE WHEN k.outcome = 'abandoned' THEN 1 ELSE 0 END) AS abandoned",
        "SUM(CASE WHEN k.direction <> 'internal' AND k.outcome = 'answered' THEN k.talk_seconds ELSE 0 END) AS talk",
        "MAX(CASE WHEN k.direction <> 'internal' THEN k.talk_seconds ELSE 0 END) AS longest",
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN k.wait_seconds ELSE 0 END) AS wait",
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' THEN 1 ELSE 0 END) AS answered_inbound",
        `SUM(CASE WHEN k.direction = 'inbound' AND k.outcome = 'answered' AND k.wait_seconds <= ${sla} THEN 1 ELSE 0 END) AS within_sla`,
        "SUM(CASE WHEN k.direction = 'inbound' AND k.outcome IN ('answered', 'abandoned', 'missed') THEN 1 ELSE 0 END) AS offered",
        'SUM(CASE WHEN k.disposition IS NOT NULL THEN 1 ELSE 0 END) AS dispositioned',
        this.effective ? `SUM(CASE WHEN k.disposition IN (${this.effective}) THEN 1 ELSE 0 END) AS effective` : '0 AS effective',
      ])
      .where('k.ended_at >= :from AND k.ended_at < :to', { from, to })
      .groupBy('k.operator_id')
      .getRawMany();
    const legRows: Record<string, unknown>[] = await legs
      .select([
        'l.operator_id AS operator_id',
        "SUM(CASE WHEN l.outcome <> 'missed' THEN 1 ELSE 0 END) AS talked",
        "SUM(CASE WHEN l.outcome = 'missed' THEN 1 ELSE 0 END) AS missed",
        "SUM(CASE WHEN l.outcome <> 'missed' THEN COALESCE(l.talk_seconds, 0) ELSE 0 END) AS talk",
        "MAX(CASE WHEN l.outcome <> 'missed' THEN COALESCE(l.talk_seconds, 0) ELSE 0 END) AS longest",
      ])
      // Every leg: a ring nobody answered on a phone that is nobody's is still the floor's miss.
      .where('l.ended_at >= :from AND l.ended_at < :to', { from, to })
      .groupBy('l.operator_id')
      .getRawMany();
    const floor = emptyCounters();
    const ops = new Map<number, KpiCounters>();
    const op = (id: number) => {
      let c = ops.get(id);
      if (!c) ops.set(id, (c = emptyCounters()));
      return c;
    };
    for (const r of callRows) {
      addCounters(floor, {
        ...emptyCounters(),
        calls: n(r.calls),
        inbound: n(r.inbound),
        outbound: n(r.outbound),
        answered: n(r.answered),
        abandoned: n(r.abandoned),
        talkSeconds: n(r.talk),
        talked: n(r.answered),
        longestTalkSeconds: n(r.longest),
        answerWaitSeconds: n(r.wait),
        answeredInbound: n(r.answered_inbound),
        answeredWithinSla: n(r.within_sla),
        offeredInbound: n(r.offered),
        dispositioned: n(r.dispositioned),
        effective: n(r.effective),
      });
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
    for (const r of legRows) {
      floor.missed += n(r.missed);
      if (r.operator_id === null || r.operator_id === undefined) continue;
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

  private now(): Date {
    return this.opts.now?.() ?? new Date();
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
