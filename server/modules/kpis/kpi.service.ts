import { In, MoreThanOrEqual, type DataSource } from 'typeorm';
import { CallEntity, CallLegEntity, TeamEntity, UserEntity } from '../../db/entities';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import type { CallRecord } from '../calls/call-record';
import { DISPOSITIONS } from '../calls/calls.schemas';
import type { ExtensionDirectory } from '../users/extension-directory';
import { addCounters, attribute, emptyCounters, toKpis, type FinishedCall, type KpiCounters, type Kpis } from './kpi-definitions';
import { KpiState, type KpiWindow } from './kpi-state';
import { dayOf } from './local-days';

export type EntityKpis = Kpis & { id: number; name: string };
/**
 * `floor` is exactly `teams` plus `unassigned` for every counter: `unassigned` is the remainder row, "No team /
 * queue" (calls no team handled, such as those abandoned in the queue, and misses of operators without a team).
 */
export type KpiSnapshot = { window: KpiWindow; at: string; floor: Kpis; teams: EntityKpis[]; unassigned: Kpis; operators: (EntityKpis & { teamId: number | null })[] };
/** One interval of the floor's last hour: calls that ended in [start, start + bucket), by how they ended. */
export type KpiInterval = { start: string; calls: number; answered: number; abandoned: number; unanswered: number; missed: number };
export type KpiIntervals = { at: string; minutes: number; bucketMinutes: number; buckets: KpiInterval[] };

export type KpiUpdate = { at: string; windows: Record<KpiWindow, KpiSnapshot> };

const WINDOWS: KpiWindow[] = ['today', '15m', '60m'];
/** Until the result-code list says otherwise (setEffectiveCodes): the codes the list is seeded with. */
const DEFAULT_EFFECTIVE = DISPOSITIONS.filter((d) => d.effective).map((d) => d.code);

export type KpiOptions = { timeZone: string; slaSeconds: number; wrapUpSeconds: number; broadcastEveryMs?: number; now?: () => Date };

/**
 * Live KPIs, kept up to date from call events as they happen (never by scanning the calls table per
 * update), rebuilt from the database at start. Supervisors get `kpi:update` with the entities a call
 * touched, at most every broadcastEveryMs.
 */
export class KpiService {
  private readonly floor = new KpiState();
  private readonly operators = new Map<number, KpiState>();
  private readonly teams = new Map<number, KpiState>();
  /** The remainder: what belongs to no team (see kpi-definitions). */
  private readonly unassigned = new KpiState();
  private people = new Map<number, { name: string; teamId: number | null; operator: boolean }>();
  private teamNames = new Map<number, string>();
  private peopleLoadedAt = 0;
  private readonly changedOperators = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;
  /** The result codes that count as effective contacts (the manager's list feeds them). */
  private effective = new Set<string>(DEFAULT_EFFECTIVE);

  constructor(
    private readonly ds: DataSource,
    private readonly directory: ExtensionDirectory,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly opts: KpiOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Folds today's finished calls (and the last hour's) from the database into fresh state. */
  async rebuild(): Promise<void> {
    await this.loadPeople();
    const now = this.now();
    const since = new Date(now.getTime() - 26 * 3600_000);
    const calls = await this.ds.getRepository(CallEntity).find({ where: { endedAt: MoreThanOrEqual(since) } });
    const legs = calls.length ? await this.ds.getRepository(CallLegEntity).find({ where: { endedAt: MoreThanOrEqual(new Date(since.getTime() - 3600_000)) }, order: { legNo: 'ASC' } }) : [];
    const legsOf = new Map<string, typeof legs>();
    for (const l of legs) legsOf.set(`${l.pbx}\u0000${l.pbxCallId}`, [...(legsOf.get(`${l.pbx}\u0000${l.pbxCallId}`) ?? []), l]);
    const today = dayOf(now, this.opts.timeZone);
    for (const c of calls) {
      if (!c.endedAt) continue;
      const ls = legsOf.get(`${c.pbx}\u0000${c.pbxCallId}`) ?? [];
      const firstAnswered = ls.find((l) => l.outcome === 'answered');
      this.fold(
        {
          endedAt: c.endedAt,
          direction: c.direction,
          outcome: c.outcome,
          talkSeconds: c.talkSeconds,
          waitSeconds: c.waitSeconds,
          placedBy: c.direction === 'inbound' ? null : c.operatorId,
          legs: ls.filter((l) => l.operatorId !== null).map((l) => ({ operatorId: l.operatorId!, talkSeconds: l.talkSeconds, missed: l.outcome === 'missed', firstAnswer: l === firstAnswered })),
          unknownMisses: ls.filter((l) => l.operatorId === null && l.outcome === 'missed').length,
        },
        now,
        today,
        c.disposition,
        c.operatorId,
      );
    }
    this.changedOperators.clear();
  }

  /** A call ended on the PBX: count it now, from the call log's own record. */
  async onCallEnded(record: CallRecord): Promise<void> {
    const f = record.figures();
    if (!f.endedAt) return;
    const byExt = await this.directory.snapshot();
    // Someone new has a phone: reload who is who, but not more than every few seconds.
    if (Date.now() - this.peopleLoadedAt > 5000 && [...byExt.values()].some((id) => !this.people.has(id))) await this.loadPeople();
    const legs = record.legFigures();
    const firstAnswered = legs.find((l) => l.outcome === 'answered');
    const now = this.now();
    this.fold(
      {
        endedAt: f.endedAt,
        direction: f.direction,
        outcome: f.outcome,
        talkSeconds: f.talkSeconds,
        waitSeconds: f.waitSeconds,
        placedBy: f.direction === 'inbound' ? null : (byExt.get(f.operatorExtension ?? '') ?? null),
        legs: legs.filter((l) => byExt.has(l.extension)).map((l) => ({ operatorId: byExt.get(l.extension)!, talkSeconds: l.talkSeconds, missed: l.outcome === 'missed', firstAnswer: l === firstAnswered })),
        unknownMisses: legs.filter((l) => !byExt.has(l.extension) && l.outcome === 'missed').length,
      },
      now,
      dayOf(now, this.opts.timeZone),
      null,
      null,
    );
    this.scheduleBroadcast();
  }

  /** The operator's wrap-up: the share of effective contacts counts dispositions. */
  onDisposition(endedAt: Date | null, operatorId: number | null, before: string | null, after: string | null): void {
    if (!endedAt || before === after) return;
    const delta = emptyCounters();
    delta.dispositioned = (after ? 1 : 0) - (before ? 1 : 0);
    delta.effective = (after && this.effective.has(after) ? 1 : 0) - (before && this.effective.has(before) ? 1 : 0);
    const now = this.now();
    this.addTo(operatorId, endedAt, delta, dayOf(endedAt, this.opts.timeZone), now);
    this.scheduleBroadcast();
  }

  /**
   * The manager changed which result codes count as effective: today's and the last hour's calls with a
   * code whose flag changed are counted again (their effective contacts added or taken away).
   */
  async setEffectiveCodes(codes: Iterable<string>): Promise<void> {
    const next = new Set(codes);
    const changed = [...new Set([...this.effective, ...next])].filter((c) => this.effective.has(c) !== next.has(c));
    if (changed.length === 0) return;
    const now = this.now();
    const since = new Date(now.getTime() - 26 * 3600_000);
    const calls = await this.ds.getRepository(CallEntity).find({ select: { id: true, endedAt: true, operatorId: true, disposition: true }, where: { endedAt: MoreThanOrEqual(since), disposition: In(changed) } });
    // Swapped only now: a wrap-up told meanwhile was counted by the old flags, and its row is among these.
    this.effective = next;
    const today = dayOf(now, this.opts.timeZone);
    for (const c of calls) {
      if (!c.endedAt || !c.disposition) continue;
      const day = dayOf(c.endedAt, this.opts.timeZone);
      if (day > today) continue;
      const delta = emptyCounters();
      delta.effective = next.has(c.disposition) ? 1 : -1;
      this.addTo(c.operatorId, c.endedAt, delta, day, now);
    }
    this.scheduleBroadcast();
  }

  /** The snapshot, with the operator and team lists refreshed when older than 30 s (people come and go). */
  async freshSnapshot(window: KpiWindow): Promise<KpiSnapshot> {
    if (Date.now() - this.peopleLoadedAt > 30_000) await this.loadPeople();
    return this.snapshot(window);
  }

  snapshot(window: KpiWindow, operatorIds?: Iterable<number>): KpiSnapshot {
    const now = this.now();
    const day = dayOf(now, this.opts.timeZone);
    const ids = operatorIds ? [...operatorIds] : [...this.people].filter(([, p]) => p.operator).map(([id]) => id);
    const teamIds = new Set(ids.map((id) => this.people.get(id)?.teamId).filter((t): t is number => t != null));
    if (!operatorIds) for (const t of this.teamNames.keys()) teamIds.add(t);
    return {
      window,
      at: now.toISOString(),
      floor: toKpis(this.floor.read(window, now, day)),
      teams: [...teamIds].map((id) => ({ id, name: this.teamNames.get(id) ?? `#${id}`, ...toKpis(this.teams.get(id)?.read(window, now, day) ?? emptyCounters()) })),
      unassigned: toKpis(this.unassigned.read(window, now, day)),
      operators: ids
        .filter((id) => this.people.has(id))
        .map((id) => ({ id, name: this.people.get(id)!.name, teamId: this.people.get(id)!.teamId, ...toKpis(this.operators.get(id)?.read(window, now, day) ?? emptyCounters()) })),
    };
  }

  /**
   * The floor's last `minutes` in intervals of `bucketMinutes` aligned to the clock, oldest first; the
   * last one is the interval in progress. From the live per-minute buckets (rebuilt from the database at start).
   */
  intervals(minutes: number, bucketMinutes: number): KpiIntervals {
    const now = this.now();
    const size = bucketMinutes * 60_000;
    const last = Math.floor(now.getTime() / size) * size;
    const count = Math.max(1, Math.floor(minutes / bucketMinutes));
    const first = last - (count - 1) * size;
    const sums = Array.from({ length: count }, () => emptyCounters());
    for (const [start, c] of this.floor.minutes60(now)) {
      // A PBX clock a little ahead of ours: its calls ended "now".
      const i = Math.min(count - 1, Math.floor((start - first) / size));
      if (i >= 0) addCounters(sums[i]!, c);
    }
    return {
      at: now.toISOString(),
      minutes,
      bucketMinutes,
      buckets: sums.map((c, i) => ({
        start: new Date(first + i * size).toISOString(),
        calls: c.calls,
        answered: c.answered,
        abandoned: c.abandoned,
        unanswered: c.calls - c.answered - c.abandoned,
        missed: c.missed,
      })),
    };
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  private fold(call: FinishedCall, now: Date, today: string, disposition: string | null, dispositionBy: number | null): void {
    const a = attribute(call, this.opts.slaSeconds, this.opts.wrapUpSeconds);
    const day = dayOf(call.endedAt, this.opts.timeZone);
    if (day > today) return;
    // The wrap-up counts for the call's operator and their team (the remainder without one), and the floor.
    const wrapUp = emptyCounters();
    if (disposition) {
      wrapUp.dispositioned = 1;
      wrapUp.effective = this.effective.has(disposition) ? 1 : 0;
    }
    this.floor.add(call.endedAt, addCounters(a.floor, wrapUp), day, now);
    // Each team's (or the remainder's) share of this call, added once: the call itself goes to the home
    // team; every miss to the team of the phone that rang.
    const shares = new Map<number | null, KpiCounters>();
    const share = (teamId: number | null) => {
      let c = shares.get(teamId);
      if (!c) shares.set(teamId, (c = emptyCounters()));
      return c;
    };
    addCounters(share(this.teamOf(a.homeOperatorId)), a.call);
    if (disposition) {
      addCounters(share(this.teamOf(dispositionBy)), wrapUp);
      if (dispositionBy !== null) a.operators.set(dispositionBy, addCounters(a.operators.get(dispositionBy) ?? emptyCounters(), wrapUp));
    }
    for (const [id, c] of a.operators) {
      if (c.missed > 0) share(this.teamOf(id)).missed += c.missed;
      this.operatorState(id).add(call.endedAt, c, day, now);
      this.changedOperators.add(id);
    }
    share(null).missed += a.unknownMisses;
    for (const [teamId, c] of shares) this.teamState(teamId).add(call.endedAt, c, day, now);
  }

  /** A late change (a wrap-up): the operator, their team or the remainder, and the floor. */
  private addTo(operatorId: number | null, at: Date, counters: KpiCounters, day: string, now: Date): void {
    this.floor.add(at, counters, day, now);
    this.teamState(this.teamOf(operatorId)).add(at, counters, day, now);
    if (operatorId === null) return;
    this.operatorState(operatorId).add(at, counters, day, now);
    this.changedOperators.add(operatorId);
  }

  private teamOf(operatorId: number | null): number | null {
    return operatorId === null ? null : (this.people.get(operatorId)?.teamId ?? null);
  }

  /** A team's state, or the remainder's for null. */
  private teamState(teamId: number | null): KpiState {
    if (teamId === null) return this.unassigned;
    let team = this.teams.get(teamId);
    if (!team) this.teams.set(teamId, (team = new KpiState()));
    return team;
  }

  private operatorState(operatorId: number): KpiState {
    let op = this.operators.get(operatorId);
    if (!op) this.operators.set(operatorId, (op = new KpiState()));
    return op;
  }

  private scheduleBroadcast(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const ids = [...this.changedOperators];
      this.changedOperators.clear();
      const windows = Object.fromEntries(WINDOWS.map((w) => [w, this.snapshot(w, ids)])) as Record<KpiWindow, KpiSnapshot>;
      this.notifier.toSupervisors('kpi:update', { at: this.now().toISOString(), windows });
    }, this.opts.broadcastEveryMs ?? 100);
    this.timer.unref();
  }

  private async loadPeople(): Promise<void> {
    const [users, teams] = await Promise.all([this.ds.getRepository(UserEntity).find(), this.ds.getRepository(TeamEntity).find()]);
    this.people = new Map(users.map((u) => [u.id, { name: u.name, teamId: u.teamId, operator: u.role === 'operator' }]));
    this.teamNames = new Map(teams.map((t) => [t.id, t.name]));
    this.peopleLoadedAt = Date.now();
  }
}
