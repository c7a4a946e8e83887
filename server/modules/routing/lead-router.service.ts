import { In, type DataSource } from 'typeorm';
import { AuditEntity, CallbackEntity, CallbackHistoryEntity, TeamEntity, UserEntity, type Role } from '../../db/entities';
import { transaction } from '../../db/transaction';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import { hasRole } from '../auth/actor';
import { toCallbackView } from '../callbacks/callback.view';
import { inScope, withinWorkingHours, type CallbackContext, type RoutingRule } from './routing-rule';
import type { RoutingRulesService } from './routing-rules.service';

/** A pending callback with what its rule is matched against. */
type Candidate = CallbackContext & { id: number; version: number; assigneeId: number | null; assigneeRole: Role | null; dueAt: Date; reassignCount: number };

export type Decision = { callbackId: number; fromId: number | null; toId: number | null; ruleId: number; reason: string };
export type Evaluation = { decision: Decision } | { waitUntil: Date } | { skip: string };

/** Operators who are on shift: a callback is never handed to someone offline or on a break. */
const ON_SHIFT = ['available', 'ringing', 'on_call', 'wrap_up'];
const BATCH = 500;

/**
 * The lead router: an overdue callback goes to someone who will call, by the first matching rule.
 * Every reassignment is a conditional update on the callback's version, so racing workers and nodes
 * reassign each callback once; each is recorded in its history and the audit log, and the old and new
 * assignees and the supervisors are told.
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

  /** The rule that would act on a callback, and when (its due time plus the rule's grace). */
  async plan(callbackId: number): Promise<{ rule: RoutingRule; actAt: Date } | null> {
    const [c] = await this.candidates([callbackId], null);
    if (!c) return null;
    const rule = (await this.rules.enabled()).find((r) => inScope(r.scope, c));
    return rule ? { rule, actAt: new Date(c.dueAt.getTime() + rule.graceMinutes * 60_000) } : null;
  }

  /** Routes the given callbacks (or every overdue one) now; returns what was reassigned. */
  async route(ids?: number[]): Promise<{ examined: number; reassigned: Decision[]; waiting: number }> {
    const rules = await this.rules.enabled();
    const out = { examined: 0, reassigned: [] as Decision[], waiting: 0 };
    if (rules.length === 0) return out;
    const now = this.now();
    let afterId = 0;
    for (;;) {
      const batch = ids ? await this.candidates(ids, now) : await this.candidates(null, now, afterId);
      if (batch.length === 0) break;
      out.examined += batch.length;
      const decisions: Decision[] = [];
      const evaluate = await this.evaluator(batch, rules, now);
      for (const c of batch) {
        const e = evaluate(c);
        if ('decision' in e) decisions.push(e.decision);
        else if ('waitUntil' in e) out.waiting++;
      }
      out.reassigned.push(...(await this.apply(decisions, batch, now)));
      if (ids) break;
      afterId = batch[batch.length - 1]!.id;
    }
    return out;
  }

  /** What the rules (or one draft rule) would reassign now, changing nothing. */
  async dryRun(draft?: RoutingRule): Promise<Decision[]> {
    const rules = draft ? [draft] : await this.rules.enabled();
    const now = this.now();
    const decisions: Decision[] = [];
    let afterId = 0;
    for (;;) {
      const batch = await this.candidates(null, now, afterId);
      if (batch.length === 0) break;
      // A dry run takes its round-robin turns from a copy: it must not move the real rotation.
      const evaluate = await this.evaluator(batch, rules, now, new Map(this.roundRobin));
      for (const c of batch) {
        const e = evaluate(c);
        if ('decision' in e) decisions.push(e.decision);
      }
      afterId = batch[batch.length - 1]!.id;
    }
    return decisions;
  }

  /** Builds the decision function for one batch, loading the pools and loads it needs once. */
  private async evaluator(batch: Candidate[], rules: RoutingRule[], now: Date, roundRobin = this.roundRobin): Promise<(c: Candidate) => Evaluation> {
    const operators = await this.ds.getRepository(UserEntity).find({ where: { active: true, role: 'operator' }, order: { id: 'ASC' } });
    const teams = new Map((await this.ds.getRepository(TeamEntity).find()).map((t) => [t.id, t]));
    const load = new Map<number, number>();
    if (rules.some((r) => r.action.type === 'least_loaded')) {
      const rows: { assignee_id: number; n: number }[] = await this.ds.query("SELECT assignee_id, COUNT(*) AS n FROM callbacks WHERE status = 'pending' AND assignee_id IS NOT NULL GROUP BY assignee_id");
      for (const r of rows) load.set(Number(r.assignee_id), Number(r.n));
    }
    return (c) => {
      const rule = rules.find((r) => inScope(r.scope, c));
      if (!rule) return { skip: 'no rule matches' };
      const actAt = c.dueAt.getTime() + rule.graceMinutes * 60_000;
      if (now.getTime() < actAt) return { waitUntil: new Date(actAt) };
      if (!withinWorkingHours(rule.workingHours, now)) return { skip: 'outside the rule’s working hours' };
      if (c.assigneeRole && hasRole(c.assigneeRole, 'supervisor')) return { skip: 'already with a supervisor' };
      const team = rule.action.type === 'round_robin' || rule.action.type === 'least_loaded' ? (rule.action.teamId ?? c.teamId) : c.teamId;
      const supervisorOf = (teamId: number | null) => (teamId === null ? null : (teams.get(teamId)?.supervisorId ?? null));
      const late = Math.round((now.getTime() - c.dueAt.getTime()) / 60_000);
      const decide = (toId: number | null, reason: string): Evaluation =>
        toId === c.assigneeId ? { skip: 'would stay with the same person' } : { decision: { callbackId: c.id, fromId: c.assigneeId, toId, ruleId: rule.id, reason } };
      if (c.reassignCount >= rule.maxReassignments) {
        const sup = supervisorOf(c.teamId ?? team);
        return sup === null ? { skip: 'no supervisor to escalate to' } : decide(sup, `escalated after ${c.reassignCount} reassignments`);
      }
      switch (rule.action.type) {
        case 'user':
          return decide(rule.action.userId, `${late} min late: to the named user`);
        case 'pool':
          return c.assigneeId === null ? { skip: 'already in the pool' } : decide(null, `${late} min late: back to the pool`);
        case 'supervisor': {
          const sup = supervisorOf(c.teamId);
          return sup === null ? { skip: 'no supervisor' } : decide(sup, `${late} min late: to the supervisor`);
        }
        case 'round_robin':
        case 'least_loaded': {
          const pool = operators.filter((o) => (team === null || o.teamId === team) && ON_SHIFT.includes(o.state) && o.id !== c.assigneeId);
          if (pool.length === 0) return { skip: 'nobody of the pool is on shift' };
          let target: (typeof pool)[number];
          if (rule.action.type === 'round_robin') {
            const turn = roundRobin.get(rule.id) ?? 0;
            target = pool[turn % pool.length]!;
            roundRobin.set(rule.id, turn + 1);
          } else {
            target = pool.reduce((best, o) => ((load.get(o.id) ?? 0) < (load.get(best.id) ?? 0) ? o : best));
          }
          load.set(target.id, (load.get(target.id) ?? 0) + 1);
          return decide(target.id, `${late} min late: ${rule.action.type === 'round_robin' ? 'round-robin' : 'least loaded'} in the pool`);
        }
      }
    };
  }

  /**
   * Applies decisions in one transaction: each callback moves only if it is still pending at the version
   * we read (another worker or the operator's own call may have got there first). The new assignee gets
   * the callback due now, so the rule's grace starts again for them.
   */
  private async apply(decisions: Decision[], batch: Candidate[], now: Date): Promise<Decision[]> {
    if (decisions.length === 0) return [];
    const version = new Map(batch.map((c) => [c.id, c.version]));
    const done = await transaction(this.ds, async (em) => {
      const won: Decision[] = [];
      for (const d of decisions) {
        const res = await em
          .createQueryBuilder()
          .update(CallbackEntity)
          .set({ assigneeId: d.toId, dueAt: now, updatedAt: now, version: () => 'version + 1', reassignCount: () => 'reassign_count + 1' })
          .where('id = :id AND version = :version AND status = :status', { id: d.callbackId, version: version.get(d.callbackId), status: 'pending' })
          .execute();
        if (res.affected === 1) won.push(d);
      }
      if (won.length > 0) {
        await em.insert(CallbackHistoryEntity, won.map((d) => ({ callbackId: d.callbackId, fromId: d.fromId, toId: d.toId, at: now, ruleId: d.ruleId, reason: d.reason })));
        await em.insert(
          AuditEntity,
          won.map((d) => ({ at: now, actorId: null, action: 'reassign', entity: 'callback', entityId: String(d.callbackId), before: JSON.stringify({ assigneeId: d.fromId }), after: JSON.stringify({ assigneeId: d.toId, ruleId: d.ruleId, reason: d.reason }), ip: null })),
        );
      }
      return won;
    });
    if (done.length > 0) await this.notify(done);
    return done;
  }

  private async notify(decisions: Decision[]): Promise<void> {
    const ids = decisions.map((d) => d.callbackId);
    const [rows, history] = await Promise.all([
      this.ds.getRepository(CallbackEntity).findBy({ id: In(ids) }),
      this.ds.getRepository(CallbackHistoryEntity).find({ where: { callbackId: In(ids) }, order: { id: 'ASC' } }),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const d of decisions) {
      const row = byId.get(d.callbackId);
      if (!row) continue;
      const view = toCallbackView(row, history.filter((h) => h.callbackId === d.callbackId));
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

  /** Pending callbacks (given ones, or overdue ones after `afterId`), with their routing context. */
  private async candidates(ids: number[] | null, now: Date | null, afterId = 0): Promise<Candidate[]> {
    const qb = this.ds
      .createQueryBuilder()
      .select(['cb.id AS id', 'cb.version AS version', 'cb.assignee_id AS assignee_id', 'cb.due_at AS due_at', 'cb.reassign_count AS reassign_count'])
      .addSelect(['u.team_id AS team_id', 'u.role AS role', 'c.abc_class AS abc_class', 'c.tier AS tier', 'c.source AS source', 'k.queue AS queue'])
      .from('callbacks', 'cb')
      .innerJoin('clients', 'c', 'c.id = cb.client_id')
      .leftJoin('users', 'u', 'u.id = cb.assignee_id')
      .leftJoin('calls', 'k', 'k.id = cb.origin_call_id')
      .where("cb.status = 'pending'");
    if (ids) qb.andWhere('cb.id IN (:...ids)', { ids });
    else qb.andWhere('cb.due_at <= :now AND cb.id > :afterId', { now, afterId }).orderBy('cb.id', 'ASC').limit(BATCH);
    const rows: Record<string, unknown>[] = await qb.getRawMany();
    return rows.map((r) => ({
      id: Number(r.id),
      version: Number(r.version),
      assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
      assigneeRole: (r.role as Role | null) ?? null,
      dueAt: r.due_at instanceof Date ? r.due_at : new Date(`${String(r.due_at).replace(' ', 'T')}Z`),
      reassignCount: Number(r.reassign_count),
      teamId: r.team_id === null ? null : Number(r.team_id),
      queue: (r.queue as string | null) ?? null,
      abcClass: (r.abc_class as string | null) ?? null,
      tier: (r.tier as string | null) ?? null,
      source: (r.source as string | null) ?? null,
    }));
  }
}
