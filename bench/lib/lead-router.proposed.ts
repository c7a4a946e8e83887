/**
 * PROPOSED sweep for server/modules/routing/lead-router.service.ts, kept here so callback-sweep.bench.ts
 * can measure it next to the current router (variant "proposed"). The server does not use it; the diff
 * to adopt it is bench/lib/lead-router.proposed.diff.
 *
 * Same decisions (same evaluator, same rules, same history/audit rows and notifications), different
 * mechanics for route() without ids (the sweep):
 *
 *  1. Claim, don't race. Each batch is claimed inside its transaction with
 *       SELECT … FROM callbacks WHERE status='pending' AND due_at <= now − min(grace)
 *       ORDER BY due_at, id LIMIT n FOR UPDATE SKIP LOCKED
 *     so concurrent workers (nodes, processes) take disjoint batches and really work in parallel. Today
 *     every worker reads the same batch, evaluates it, and then all but one queue behind the winner's row
 *     locks only to find the versions changed: two workers take as long as one, plus the losers' wasted
 *     UPDATEs. The held row lock replaces the version check (nobody can change a claimed row).
 *  2. One UPDATE per batch, not per callback: `assignee_id = CASE id WHEN … END` for the whole batch
 *     (500 round trips → 1).
 *  3. The candidate scan follows the (status, due_at) index in its order and stops after n rows; the
 *     current `ORDER BY id` over `due_at <= now` sorts every overdue row again for every batch
 *     (O(overdue²/500) rows read; see the EXPLAIN the benchmark prints). Rows that are reassigned get
 *     due_at = now and leave the range on their own (for rules with grace > 0); rows left alone
 *     (waiting, skipped) are stepped over by a (due_at, id) keyset.
 *  5. Clients and calls are joined only when an enabled rule's scope reads them (class/tier/source, queue).
 *  4. Pools (operators, teams, and for least_loaded the per-assignee load) are read once per sweep, not
 *     once per batch: the load query is a GROUP BY over every pending callback (1M here).
 * READ COMMITTED for the claim transaction: no gap locks, so a claim never blocks an insert of a new
 * callback, and SKIP LOCKED only ever skips rows another worker really holds.
 *
 * route(ids) (the per-callback timer, or a coalesced batch of them: callbacks-service.proposed.ts) claims
 * the given ids the same way (FOR UPDATE SKIP LOCKED, one UPDATE for all of them).
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditEntity, CallbackEntity, CallbackHistoryEntity, TeamEntity, UserEntity, type Role, type TeamRow, type UserRow } from '../../server/db/entities';
import type { Logger } from '../../server/logging/logger';
import type { Notifier } from '../../server/realtime/notifier';
import { hasRole } from '../../server/modules/auth/actor';
import { toCallbackView } from '../../server/modules/callbacks/callback.view';
import { inScope, withinWorkingHours, type CallbackContext, type RoutingRule } from '../../server/modules/routing/routing-rule';
import type { RoutingRulesService } from '../../server/modules/routing/routing-rules.service';
import type { Decision, Evaluation } from '../../server/modules/routing/lead-router.service';

type Candidate = CallbackContext & { id: number; version: number; assigneeId: number | null; assigneeRole: Role | null; dueAt: Date; reassignCount: number };
type Needs = { client: boolean; queue: boolean };
type Pools = { operators: UserRow[]; teams: Map<number, TeamRow>; load: Map<number, number> };

const ON_SHIFT = ['available', 'ringing', 'on_call', 'wrap_up'];
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

export class ProposedLeadRouter {
  private readonly roundRobin = new Map<number, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly rules: RoutingRulesService,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly batchSize = 500,
    private readonly lanes = 1,
  ) {}

  async plan(callbackId: number): Promise<{ rule: RoutingRule; actAt: Date } | null> {
    const [c] = await this.candidates([callbackId]);
    if (!c) return null;
    const rule = (await this.rules.enabled()).find((r) => inScope(r.scope, c));
    return rule ? { rule, actAt: new Date(c.dueAt.getTime() + rule.graceMinutes * 60_000) } : null;
  }

  async route(ids?: number[]): Promise<{ examined: number; reassigned: Decision[]; waiting: number }> {
    const rules = await this.rules.enabled();
    const out = { examined: 0, reassigned: [] as Decision[], waiting: 0 };
    if (rules.length === 0) return out;
    const now = this.now();
    const pools = await this.pools(rules);
    const needs: Needs = {
      client: rules.some((r) => !!(r.scope.classes?.length || r.scope.tiers?.length || r.scope.sources?.length)),
      queue: rules.some((r) => !!r.scope.queues?.length),
    };
    if (ids) {
      // The timer path: the given callbacks, claimed the same way (a row another worker holds is its business).
      if (ids.length === 0) return out;
      const step = await this.tx(async (em) => {
        const { batch } = await this.claim(em, null, null, ids, needs);
        const decisions = this.decide(batch, rules, pools, now, out);
        await this.applyClaimed(em, decisions, now);
        return { examined: batch.length, decisions };
      });
      out.examined = step.examined;
      out.reassigned.push(...step.decisions);
      if (step.decisions.length > 0) await this.notify(step.decisions);
      return out;
    }
    // Nothing can be due for action before now − the smallest grace of the enabled rules.
    const cutoff = new Date(now.getTime() - Math.min(...rules.map((r) => r.graceMinutes)) * 60_000);
    // `lanes` claim loops side by side on the pool (SKIP LOCKED keeps them apart, as it keeps workers apart).
    const lane = async () => {
      let after: { dueAt: Date; id: number } | null = null;
      let notified: Promise<void> = Promise.resolve();
      for (;;) {
        const step = await this.tx(async (em) => {
          const { batch, last } = await this.claim(em, cutoff, after, undefined, needs);
          if (!last) return null;
          const decisions = this.decide(batch, rules, pools, now, out);
          await this.applyClaimed(em, decisions, now);
          return { examined: batch.length, decisions, last };
        });
        if (!step) break;
        out.examined += step.examined;
        out.reassigned.push(...step.decisions);
        after = step.last;
        // Tell people about this batch while the next one is claimed (in batch order: one at a time).
        const decisions = step.decisions;
        notified = notified.then(() => (decisions.length > 0 ? this.notify(decisions) : undefined));
      }
      await notified;
    };
    await Promise.all(Array.from({ length: this.lanes }, lane));
    return out;
  }

  /** READ COMMITTED transaction, retried on deadlock like server/db/transaction.ts. */
  private async tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ds.transaction('READ COMMITTED', work);
      } catch (err) {
        const code = (err as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (err as { code?: string }).code;
        if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw err;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  /** Locks the next batch of actionable callbacks no other worker holds, with their routing context. */
  private async claim(em: EntityManager, cutoff: Date | null, after: { dueAt: Date; id: number } | null, ids: number[] | undefined, needs: Needs): Promise<{ batch: Candidate[]; last: { dueAt: Date; id: number } | null }> {
    // Only (id, due_at) — both in the (status, due_at) index, so the claim is an index-only range scan that
    // stops at the cutoff. Asking for more columns here made MariaDB pick `ref` on status alone (index
    // order, due_at checked by ICP): fine while overdue rows last, but the last, empty claim then walks
    // every pending entry (1M). The keyset is a plain lower bound on due_at plus a filter, for the same reason.
    const keyset = after ? ' AND due_at >= ? AND (due_at > ? OR id > ?)' : '';
    const claimed: { id: number; due_at: Date }[] = ids
      ? await em.query(`SELECT id, due_at FROM callbacks WHERE id IN (?) AND status = 'pending' ORDER BY due_at, id FOR UPDATE SKIP LOCKED`, [ids])
      : await em.query(
          `SELECT id, due_at FROM callbacks WHERE status = 'pending' AND due_at < ?${keyset} ORDER BY due_at, id LIMIT ${this.batchSize} FOR UPDATE SKIP LOCKED`,
          after ? [cutoff, after.dueAt, after.dueAt, after.id] : [cutoff],
        );
    if (claimed.length === 0) return { batch: [], last: null };
    // The rows and their context by primary keys (consistent read; the callbacks rows are ours now).
    // Clients and calls are read only when an enabled rule's scope looks at them (class/tier/source, queue):
    // 500 random client rows per batch are disk reads on a busy buffer pool. fk_callbacks_client (ON DELETE
    // CASCADE) guarantees the client exists, so dropping the INNER JOIN drops no callback.
    const client = needs.client ? 'c.abc_class AS abc_class, c.tier AS tier, c.source AS source' : 'NULL AS abc_class, NULL AS tier, NULL AS source';
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT cb.id AS id, cb.version AS version, cb.assignee_id AS assignee_id, cb.due_at AS due_at, cb.reassign_count AS reassign_count,
              u.team_id AS team_id, u.role AS role, ${client}, ${needs.queue ? 'k.queue' : 'NULL'} AS queue
       FROM callbacks cb${needs.client ? ' INNER JOIN clients c ON c.id = cb.client_id' : ''} LEFT JOIN users u ON u.id = cb.assignee_id${needs.queue ? ' LEFT JOIN calls k ON k.id = cb.origin_call_id' : ''}
       WHERE cb.id IN (?) AND cb.status = 'pending' ORDER BY cb.due_at, cb.id`,
      [claimed.map((r) => Number(r.id))],
    );
    const last = claimed[claimed.length - 1]!;
    return { batch: rows.map(toCandidate), last: { dueAt: last.due_at, id: Number(last.id) } };
  }

  /** All claimed rows are locked by this transaction: one UPDATE moves the whole batch. */
  private async applyClaimed(em: EntityManager, decisions: Decision[], now: Date): Promise<void> {
    if (decisions.length === 0) return;
    const ids = decisions.map((d) => d.callbackId);
    const cases = decisions.map(() => 'WHEN ? THEN ?').join(' ');
    const res: { affectedRows?: number } = await em.query(
      `UPDATE callbacks SET assignee_id = CASE id ${cases} END, due_at = ?, updated_at = ?, version = version + 1, reassign_count = reassign_count + 1
       WHERE id IN (?) AND status = 'pending'`,
      [...decisions.flatMap((d) => [d.callbackId, d.toId]), now, now, ids],
    );
    if (res.affectedRows !== decisions.length) throw new Error(`claimed ${decisions.length} callbacks but updated ${res.affectedRows}`);
    await this.record(em, decisions, now);
  }

  private async record(em: EntityManager, won: Decision[], now: Date): Promise<void> {
    if (won.length === 0) return;
    await em.insert(CallbackHistoryEntity, won.map((d) => ({ callbackId: d.callbackId, fromId: d.fromId, toId: d.toId, at: now, ruleId: d.ruleId, reason: d.reason })));
    await em.insert(
      AuditEntity,
      won.map((d) => ({ at: now, actorId: null, action: 'reassign', entity: 'callback', entityId: String(d.callbackId), before: JSON.stringify({ assigneeId: d.fromId }), after: JSON.stringify({ assigneeId: d.toId, ruleId: d.ruleId, reason: d.reason }), ip: null })),
    );
  }

  private async pools(rules: RoutingRule[]): Promise<Pools> {
    const operators = await this.ds.getRepository(UserEntity).find({ where: { active: true, role: 'operator' }, order: { id: 'ASC' } });
    const teams = new Map((await this.ds.getRepository(TeamEntity).find()).map((t) => [t.id, t]));
    const load = new Map<number, number>();
    if (rules.some((r) => r.action.type === 'least_loaded')) {
      const rows: { assignee_id: number; n: number }[] = await this.ds.query("SELECT assignee_id, COUNT(*) AS n FROM callbacks WHERE status = 'pending' AND assignee_id IS NOT NULL GROUP BY assignee_id");
      for (const r of rows) load.set(Number(r.assignee_id), Number(r.n));
    }
    return { operators, teams, load };
  }

  private decide(batch: Candidate[], rules: RoutingRule[], pools: Pools, now: Date, out: { waiting: number }): Decision[] {
    const decisions: Decision[] = [];
    for (const c of batch) {
      const e = this.evaluate(c, rules, pools, now);
      if ('decision' in e) decisions.push(e.decision);
      else if ('waitUntil' in e) out.waiting++;
    }
    return decisions;
  }

  /** The current evaluator, unchanged (it only reads pools loaded once per sweep instead of per batch). */
  private evaluate(c: Candidate, rules: RoutingRule[], { operators, teams, load }: Pools, now: Date): Evaluation {
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
          const turn = this.roundRobin.get(rule.id) ?? 0;
          target = pool[turn % pool.length]!;
          this.roundRobin.set(rule.id, turn + 1);
        } else {
          target = pool.reduce((best, o) => ((load.get(o.id) ?? 0) < (load.get(best.id) ?? 0) ? o : best));
        }
        load.set(target.id, (load.get(target.id) ?? 0) + 1);
        return decide(target.id, `${late} min late: ${rule.action.type === 'round_robin' ? 'round-robin' : 'least loaded'} in the pool`);
      }
    }
  }

  private async notify(decisions: Decision[]): Promise<void> {
    const ids = decisions.map((d) => d.callbackId);
    const [rows, history] = await Promise.all([
      this.ds.getRepository(CallbackEntity).findBy({ id: In(ids) }),
      this.ds.getRepository(CallbackHistoryEntity).find({ where: { callbackId: In(ids) }, order: { id: 'ASC' } }),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Grouped once (today: history.filter per decision, O(batch²)).
    const historyOf = new Map<number, typeof history>();
    for (const h of history) (historyOf.get(h.callbackId) ?? historyOf.set(h.callbackId, []).get(h.callbackId)!).push(h);
    for (const d of decisions) {
      const row = byId.get(d.callbackId);
      if (!row) continue;
      const view = toCallbackView(row, historyOf.get(d.callbackId) ?? []);
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

  /** The given pending callbacks with their routing context (today's candidates(ids)). */
  private async candidates(ids: number[]): Promise<Candidate[]> {
    const rows: Record<string, unknown>[] = await this.ds
      .createQueryBuilder()
      .select(['cb.id AS id', 'cb.version AS version', 'cb.assignee_id AS assignee_id', 'cb.due_at AS due_at', 'cb.reassign_count AS reassign_count'])
      .addSelect(['u.team_id AS team_id', 'u.role AS role', 'c.abc_class AS abc_class', 'c.tier AS tier', 'c.source AS source', 'k.queue AS queue'])
      .from('callbacks', 'cb')
      .innerJoin('clients', 'c', 'c.id = cb.client_id')
      .leftJoin('users', 'u', 'u.id = cb.assignee_id')
      .leftJoin('calls', 'k', 'k.id = cb.origin_call_id')
      .where("cb.status = 'pending'")
      .andWhere('cb.id IN (:...ids)', { ids })
      .getRawMany();
    return rows.map(toCandidate);
  }
}

function toCandidate(r: Record<string, unknown>): Candidate {
  return {
    id: Number(r.id),
    version: Number(r.version),
    assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
    assigneeRole: (r.role as Role | null) ?? null,
    dueAt: r.due_at instanceof Date ? r.due_at : new Date(`${String(r.due_at).replace(' ', 'T')}Z`),
    reassignCount: Number(r.reassign_count),
    teamId: r.team_id === null || r.team_id === undefined ? null : Number(r.team_id),
    queue: (r.queue as string | null) ?? null,
    abcClass: (r.abc_class as string | null) ?? null,
    tier: (r.tier as string | null) ?? null,
    source: (r.source as string | null) ?? null,
  };
}
