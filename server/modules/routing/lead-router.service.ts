import type { DataSource, EntityManager } from 'typeorm';
import { TeamEntity, UserEntity } from '../../db/entities';
import { transaction } from '../../db/transaction';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import { toCallbackView } from '../callbacks/callback.view';
import { claimOverdue, lockPending, moveCallbacks, readClaimed, type Claimed, type Cursor, type Needs } from './callback-claims';
import { evaluate, type Decision, type Pools } from './routing-decision';
import { inScope, type RoutingRule } from './routing-rule';
import type { RoutingRulesService } from './routing-rules.service';

export type { Decision, Evaluation } from './routing-decision';

export type RouteResult = {
  examined: number;
  reassigned: Decision[];
  /** Callbacks whose rule's grace has not run out yet (e.g. the rule changed since the timer was set). */
  waiting: { callbackId: number; actAt: Date }[];
};

const BATCH = 500;

/**
 * The lead router: an overdue callback goes to someone who will call, by the first matching rule.
 *
 * Exactly once, by locks rather than by retries: each batch is claimed inside its transaction (the sweep
 * with FOR UPDATE SKIP LOCKED in the order of ix_callbacks_status_due, so racing workers and nodes take
 * disjoint batches and really work side by side; a fired timer's callbacks by primary key, waiting), then
 * moved with one UPDATE, one history INSERT and one audit INSERT, and committed. The old and the new
 * assignee and the supervisors are told after the commit.
 */
export class LeadRouter {
  private readonly roundRobin = new Map<number, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly rules: RoutingRulesService,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The given callbacks that are still pending (with their rows and history), and when the first matching
   * rule will act on each (due time plus grace; null when no rule matches).
   */
  async plans(callbackIds: number[]): Promise<Map<number, { callback: Claimed; actAt: Date | null }>> {
    const out = new Map<number, { callback: Claimed; actAt: Date | null }>();
    if (callbackIds.length === 0) return out;
    const rules = await this.rules.enabled();
    for (const c of await readClaimed(this.ds.manager, callbackIds, needsOf(rules))) {
      const rule = rules.find((r) => inScope(r.scope, c));
      out.set(c.id, { callback: c, actAt: rule ? new Date(c.dueAt.getTime() + rule.graceMinutes * 60_000) : null });
    }
    return out;
  }

  /**
   * Routes the given callbacks (fired timers) or, without ids, every overdue one (the sweep) now.
   * Callbacks that are done, or held and moved by another worker meanwhile, are left alone. `onMoved`
   * hears of each committed batch's moves (their new timers are set at once, not after the whole sweep).
   */
  async route(ids?: number[], onMoved?: (moved: Decision[]) => Promise<void>): Promise<RouteResult> {
    const out: RouteResult = { examined: 0, reassigned: [], waiting: [] };
    const rules = await this.rules.enabled();
    if (rules.length === 0 || ids?.length === 0) return out;
    const start = this.now();
    const needs = needsOf(rules);
    const pools = await this.pools(rules);
    const step = async (claim: (em: EntityManager) => Promise<number[]>) => {
      // Each batch's own clock: a moved callback is due when it really moved, even late in a long sweep.
      const now = this.now();
      const done = await transaction(
        this.ds,
        async (em) => {
          const batch = await readClaimed(em, await claim(em), needs);
          const { decisions, waiting } = this.decide(batch, rules, pools, now);
          await moveCallbacks(em, decisions, now);
          return { batch, decisions, waiting };
        },
        { isolation: 'READ COMMITTED' },
      );
      // Counted after the commit: a transaction retried after a deadlock must not count twice.
      out.waiting.push(...done.waiting);
      this.record(out, done.batch, done.decisions, now);
      if (done.decisions.length > 0) await onMoved?.(done.decisions);
      return done.batch.length;
    };
    if (ids) {
      await step((em) => lockPending(em, ids));
      return out;
    }
    // Nothing can be due for action before start − the smallest grace. Strictly before: a callback just
    // moved is due at its batch's time, so with a grace of 0 it is not moved again in the same sweep.
    const cutoff = new Date(start.getTime() - Math.min(...rules.map((r) => r.graceMinutes)) * 60_000);
    let after: Cursor | null = null;
    for (;;) {
      let last: Cursor | null = null;
      await step(async (em) => {
        const claim = await claimOverdue(em, cutoff, after, BATCH, true);
        last = claim.last;
        return claim.ids;
      });
      if (!last) break;
      after = last;
    }
    return out;
  }

  /** What the rules (or one draft rule) would reassign now, changing nothing. */
  async dryRun(draft?: RoutingRule): Promise<Decision[]> {
    const rules = draft ? [draft] : await this.rules.enabled();
    if (rules.length === 0) return [];
    const now = this.now();
    const needs = needsOf(rules);
    // A dry run takes its round-robin turns and loads from copies: it must not move the real rotation.
    const pools = await this.pools(rules);
    const roundRobin = new Map(this.roundRobin);
    const cutoff = new Date(now.getTime() - Math.min(...rules.map((r) => r.graceMinutes)) * 60_000);
    const decisions: Decision[] = [];
    for (let after: Cursor | null = null; ; ) {
      const claim = await claimOverdue(this.ds.manager, cutoff, after, BATCH, false);
      if (!claim.last) break;
      after = claim.last;
      for (const c of await readClaimed(this.ds.manager, claim.ids, needs)) {
        const e = evaluate(c, rules, pools, now, roundRobin);
        if ('decision' in e) decisions.push(e.decision);
      }
    }
    return decisions;
  }

  private decide(batch: Claimed[], rules: RoutingRule[], pools: Pools, now: Date): { decisions: Decision[]; waiting: RouteResult['waiting'] } {
    const decisions: Decision[] = [];
    const waiting: RouteResult['waiting'] = [];
    for (const c of batch) {
      const e = evaluate(c, rules, pools, now, this.roundRobin);
      if ('decision' in e) decisions.push(e.decision);
      else if ('waitUntil' in e) waiting.push({ callbackId: c.id, actAt: e.waitUntil });
    }
    return { decisions, waiting };
  }

  /** Counts a committed batch and tells people: built from the rows read under the lock, no second read. */
  private record(out: RouteResult, batch: Claimed[], decisions: Decision[], now: Date): void {
    out.examined += batch.length;
    out.reassigned.push(...decisions);
    if (decisions.length === 0) return;
    const byId = new Map(batch.map((c) => [c.id, c]));
    for (const d of decisions) {
      const c = byId.get(d.callbackId)!;
      const row = { ...c.row, assigneeId: d.toId, dueAt: now, updatedAt: now, version: c.row.version + 1, reassignCount: c.row.reassignCount + 1 };
      const view = { ...toCallbackView(row, []), history: [...c.history, { fromId: d.fromId, toId: d.toId, at: now.toISOString(), ruleId: d.ruleId, reason: d.reason }] };
      const change = { callback: view, fromId: d.fromId, toId: d.toId, ruleId: d.ruleId, reason: d.reason };
      if (d.fromId !== null) this.notifier.toUser(d.fromId, 'callback:reassigned', change);
      if (d.toId !== null) {
        this.notifier.toUser(d.toId, 'callback:reassigned', change);
        this.notifier.toUser(d.toId, 'callback:assigned', view);
      }
      this.notifier.toSupervisors('callback:reassigned', change);
    }
    this.logger.info({ reassigned: decisions.length }, 'callbacks reassigned');
  }

  /** Operators, teams and (for least_loaded) open callbacks per person, read once per run. */
  private async pools(rules: RoutingRule[]): Promise<Pools> {
    const [operators, teams] = await Promise.all([
      this.ds.getRepository(UserEntity).find({ where: { active: true, role: 'operator' }, order: { id: 'ASC' } }),
      this.ds.getRepository(TeamEntity).find(),
    ]);
    const load = new Map<number, number>();
    if (rules.some((r) => r.action.type === 'least_loaded')) {
      const rows: { assignee_id: number; n: number }[] = await this.ds.query("SELECT assignee_id, COUNT(*) AS n FROM callbacks WHERE status = 'pending' AND assignee_id IS NOT NULL GROUP BY assignee_id");
      for (const r of rows) load.set(Number(r.assignee_id), Number(r.n));
    }
    return { operators, teams: new Map(teams.map((t) => [t.id, t])), load };
  }
}

function needsOf(rules: RoutingRule[]): Needs {
  return {
    client: rules.some((r) => !!(r.scope.classes?.length || r.scope.tiers?.length || r.scope.sources?.length)),
    queue: rules.some((r) => !!r.scope.queues?.length),
  };
}
