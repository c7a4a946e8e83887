import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../logging/logger';
import { dayOf, dayStartOf, nextDayStart } from '../kpis/local-days';

/** One operator's contacts with one result code (null: none yet) over some days. */
export type ContactsCell = { operatorId: number; disposition: string | null; contacts: number; talk: number; talked: number };
export type ContactsCellFilter = { teamId?: number; operatorId?: number };

export const CONTACTS_ROLLUP_JOB = 'contacts-rollup';
/** The row that marks a day as rolled up: operator 0 (no contact has it) with no code. */
const MARKER = 0;
const NONE = '';
const n = (v: unknown) => Number(v ?? 0);

/**
 * The contacts report's operator figures by local day (in the floor's time zone, by the call's start), as
 * kpi-history.service.ts does for the KPIs: whole past days from contacts_daily, rolled up once a day has
 * ended; the rest of a period (today, a partial day, a day not rolled up or dropped) from the raw calls.
 * The rollup keeps the result code as a key, so which codes are effective (and "without result") is decided
 * when the report is read: a manager's change of the list needs no rebuild.
 *
 * A call of a rolled-up day written late, or wrapped up later, drops that day (invalidate, from the call
 * log's and the wrap-up's start times), so the report reads it raw until it is rolled up again.
 */
export class ContactsDailyService {
  constructor(
    private readonly ds: DataSource,
    /** Where rollUp says how many days it rolled (a reader that never rolls up needs none). */
    private readonly logger: Logger | undefined,
    private readonly opts: { timeZone: string; now?: () => Date },
  ) {}

  /** Rolls up at start (in the background) and then every `everyMs`, one run at a time across the cluster. */
  async start(jobs: JobQueue, everyMs = 3600_000): Promise<void> {
    jobs.process(CONTACTS_ROLLUP_JOB, async () => void (await this.rollUp()), { concurrency: 1 });
    await jobs.repeat(CONTACTS_ROLLUP_JOB, everyMs, {});
    await jobs.schedule(CONTACTS_ROLLUP_JOB, 'start', {}, new Date());
  }

  /** Rolls up every ended local day since the first call that has no rollup yet; returns how many it rolled. */
  async rollUp(): Promise<number> {
    const zone = this.opts.timeZone;
    const today = dayStartOf(this.now(), zone);
    const [first] = await this.ds.query('SELECT MIN(started_at) AS first FROM calls');
    if (!first?.first) return 0;
    // Days of another time zone (KPI_TIMEZONE changed) do not start at this zone's midnight: they go.
    const starts: { day_start: unknown }[] = await this.ds.createQueryBuilder().select('d.day_start', 'day_start').from('contacts_daily', 'd').where('d.operator_id = :m', { m: MARKER }).getRawMany();
    const done = new Set<number>();
    for (const d of starts.map((r) => dbDate(r.day_start))) {
      if (dayStartOf(d, zone).getTime() === d.getTime()) done.add(d.getTime());
      else await this.drop(d);
    }
    let days = 0;
    for (let day = dayStartOf(dbDate(first.first), zone); day < today; day = nextDayStart(day, zone)) {
      if (done.has(day.getTime())) continue;
      await this.rollUpDay(day);
      days++;
    }
    if (days > 0) this.logger?.info({ days }, 'contacts days rolled up');
    return days;
  }

  /** Calls that started at these times were written or wrapped up: their rolled-up days are read raw again. */
  async invalidate(startedAts: Date[]): Promise<void> {
    // Nearly every call written started today: only the others are worth the time-zone arithmetic.
    const today = dayStartOf(this.now(), this.opts.timeZone).getTime();
    const days = new Set(startedAts.filter((at) => at.getTime() < today).map((at) => dayStartOf(at, this.opts.timeZone).getTime()));
    for (const day of days) await this.drop(new Date(day));
  }

  /**
   * The contacts of [from, to) per operator and result code: rolled-up whole days from contacts_daily (one
   * read, so a day dropped meanwhile is either wholly in it or read raw), the gaps between them raw.
   */
  async cells(from: Date, to: Date, filter: ContactsCellFilter): Promise<ContactsCell[]> {
    const out = new Map<string, ContactsCell>();
    const add = (c: ContactsCell) => {
      const key = `${c.operatorId}\u0000${c.disposition ?? ''}`;
      const have = out.get(key);
      if (!have) out.set(key, { ...c });
      else (have.contacts += c.contacts), (have.talk += c.talk), (have.talked += c.talked);
    };
    const rolled = await this.rolledDays(from, to, filter);
    let cursor = from;
    for (const [dayStart, cells] of rolled) {
      if (dayStart > cursor.getTime()) for (const c of await this.raw(cursor, new Date(dayStart), filter)) add(c);
      for (const c of cells) add(c);
      cursor = nextDayStart(new Date(dayStart), this.opts.timeZone);
    }
    if (to.getTime() > cursor.getTime()) for (const c of await this.raw(cursor, to, filter)) add(c);
    return [...out.values()];
  }

  /** (Re)builds one local day's rows. A call changed while it ran makes it drop them again (no stale day). */
  private async rollUpDay(dayStart: Date): Promise<void> {
    const end = nextDayStart(dayStart, this.opts.timeZone);
    const started = new Date();
    const cells = await this.raw(dayStart, end, {});
    const day = dayOf(dayStart, this.opts.timeZone);
    const rows = [[dayStart, MARKER, NONE, day, 0, 0, 0, started], ...cells.map((c) => [dayStart, c.operatorId, c.disposition ?? NONE, day, c.contacts, c.talk, c.talked, started])];
    await transaction(this.ds, async (em) => {
      await em.createQueryBuilder().delete().from('contacts_daily').where('day_start = :day', { day: dayStart }).execute();
      for (let i = 0; i < rows.length; i += 500) await bulkInsert(em, 'contacts_daily', ['day_start', 'operator_id', 'disposition', 'day', 'contacts', 'talk', 'talked', 'rolled_at'], rows.slice(i, i + 500));
    });
    const [latest] = await this.ds.createQueryBuilder().select('MAX(k.updated_at)', 'at').from('calls', 'k').where('k.started_at >= :from AND k.started_at < :to', { from: dayStart, to: end }).getRawMany();
    // A minute's margin: a write that committed just after our read may carry an earlier updated_at.
    if (latest?.at && dbDate(latest.at).getTime() >= started.getTime() - 60_000) await this.drop(dayStart);
  }

  private async drop(dayStart: Date): Promise<void> {
    await this.ds.createQueryBuilder().delete().from('contacts_daily').where('day_start = :day', { day: dayStart }).execute();
  }

  /** The rolled-up local days wholly inside [from, to), by start, with their cells, from one read. */
  private async rolledDays(from: Date, to: Date, filter: ContactsCellFilter): Promise<Map<number, ContactsCell[]>> {
    const qb = this.ds
      .createQueryBuilder()
      .select(['d.day_start AS day_start', 'd.operator_id AS operator_id', 'd.disposition AS disposition', 'd.contacts AS contacts', 'd.talk AS talk', 'd.talked AS talked'])
      .from('contacts_daily', 'd')
      .where('d.day_start >= :from AND d.day_start < :to', { from, to })
      .orderBy('d.day_start', 'ASC');
    // The filters apply to the operators' rows; every day's marker is read.
    const op: string[] = [];
    if (filter.operatorId !== undefined) op.push('d.operator_id = :operatorId');
    if (filter.teamId !== undefined) op.push('d.operator_id IN (SELECT u.id FROM users u WHERE u.team_id = :teamId)');
    if (op.length > 0) qb.andWhere(`(d.operator_id = ${MARKER} OR (${op.join(' AND ')}))`, { operatorId: filter.operatorId, teamId: filter.teamId });
    const rows: Record<string, unknown>[] = await qb.getRawMany();
    const days = new Map<number, ContactsCell[]>();
    const usable = new Map<number, boolean>();
    const isUsable = (start: Date) => {
      let ok = usable.get(start.getTime());
      if (ok === undefined) usable.set(start.getTime(), (ok = nextDayStart(start, this.opts.timeZone).getTime() <= to.getTime() && dayStartOf(start, this.opts.timeZone).getTime() === start.getTime()));
      return ok;
    };
    const marked = new Set<number>();
    for (const r of rows) {
      const start = dbDate(r.day_start);
      if (!isUsable(start)) continue;
      let cells = days.get(start.getTime());
      if (!cells) days.set(start.getTime(), (cells = []));
      const operatorId = n(r.operator_id);
      if (operatorId === MARKER) marked.add(start.getTime());
      else cells.push({ operatorId, disposition: r.disposition === NONE || r.disposition === null ? null : String(r.disposition), contacts: n(r.contacts), talk: n(r.talk), talked: n(r.talked) });
    }
    for (const start of days.keys()) if (!marked.has(start)) days.delete(start);
    return days;
  }

  /** Contacts of [from, to) from the calls, grouped by operator and result code. */
  private async raw(from: Date, to: Date, filter: ContactsCellFilter): Promise<ContactsCell[]> {
    const qb = this.ds.createQueryBuilder().from('calls', 'k');
    // MariaDB may otherwise walk (operator_id, started_at) for the GROUP BY over every call of all time.
    if (this.ds.options.type === 'mysql' || this.ds.options.type === 'mariadb') qb.useIndex('ix_calls_contacts');
    contactsWhere(qb, from, to, filter);
    const rows: Record<string, unknown>[] = await qb
      .select(['k.operator_id AS operator_id', 'k.disposition AS disposition', 'COUNT(*) AS contacts', 'SUM(COALESCE(k.talk_seconds, 0)) AS talk', 'COUNT(k.talk_seconds) AS talked'])
      .groupBy('k.operator_id')
      .addGroupBy('k.disposition')
      .getRawMany();
    return rows.map((r) => ({ operatorId: n(r.operator_id), disposition: r.disposition === null || r.disposition === undefined ? null : String(r.disposition), contacts: n(r.contacts), talk: n(r.talk), talked: n(r.talked) }));
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}

/**
 * Which calls are contacts: answered, inbound or outbound (internal calls are not contacts), of an operator,
 * started in [from, to); with the report's team (the operator's current team) and operator filters.
 */
export function contactsWhere<T extends object>(qb: SelectQueryBuilder<T>, from: Date, to: Date, filter: ContactsCellFilter): SelectQueryBuilder<T> {
  qb.where("k.outcome = 'answered'")
    .andWhere("k.direction IN ('inbound', 'outbound')")
    // Not `operator_id IS NOT NULL`: MariaDB would range-scan (operator_id, started_at) over nearly every
    // call and look each row up; this way the period's range on started_at is used.
    .andWhere('COALESCE(k.operator_id, 0) > 0')
    .andWhere('k.started_at >= :from AND k.started_at < :to', { from, to });
  if (filter.operatorId !== undefined) qb.andWhere('k.operator_id = :operatorId', { operatorId: filter.operatorId });
  if (filter.teamId !== undefined) qb.andWhere('k.operator_id IN (SELECT u.id FROM users u WHERE u.team_id = :teamId)', { teamId: filter.teamId });
  return qb;
}
