import type { Role, TeamRow, UserRow } from '../../db/entities';
import { hasRole } from '../auth/actor';
import { inScope, withinWorkingHours, type CallbackContext, type RoutingRule } from './routing-rule';

/** A pending callback with what its rule is matched against. */
export type Candidate = CallbackContext & { id: number; assigneeId: number | null; assigneeRole: Role | null; dueAt: Date; reassignCount: number };

export type Decision = { callbackId: number; fromId: number | null; toId: number | null; ruleId: number; reason: string };
export type Evaluation = { decision: Decision } | { waitUntil: Date } | { skip: string };

/** Who can receive callbacks, read once per routing run. `load` is open callbacks per user (least_loaded only). */
export type Pools = { operators: UserRow[]; teams: Map<number, TeamRow>; load: Map<number, number> };

/** Operators who are on shift: a callback is never handed to someone offline or on a break. */
const ON_SHIFT = ['available', 'ringing', 'on_call', 'wrap_up'];

/**
 * What the first matching rule does with one callback at `now`. Pure but for two counters it advances:
 * the rule's round-robin turn and the chosen person's load, so a batch spreads evenly.
 */
export function evaluate(c: Candidate, rules: RoutingRule[], pools: Pools, now: Date, roundRobin: Map<number, number>): Evaluation {
  const rule = rules.find((r) => inScope(r.scope, c));
  if (!rule) return { skip: 'no rule matches' };
  const actAt = c.dueAt.getTime() + rule.graceMinutes * 60_000;
  if (now.getTime() < actAt) return { waitUntil: new Date(actAt) };
  if (!withinWorkingHours(rule.workingHours, now)) return { skip: 'outside the rule’s working hours' };
  if (c.assigneeRole && hasRole(c.assigneeRole, 'supervisor')) return { skip: 'already with a supervisor' };
  const team = rule.action.type === 'round_robin' || rule.action.type === 'least_loaded' ? (rule.action.teamId ?? c.teamId) : c.teamId;
  const supervisorOf = (teamId: number | null) => (teamId === null ? null : (pools.teams.get(teamId)?.supervisorId ?? null));
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
      const pool = pools.operators.filter((o) => (team === null || o.teamId === team) && ON_SHIFT.includes(o.state) && o.id !== c.assigneeId);
      if (pool.length === 0) return { skip: 'nobody of the pool is on shift' };
      let target: UserRow;
      if (rule.action.type === 'round_robin') {
        const turn = roundRobin.get(rule.id) ?? 0;
        target = pool[turn % pool.length]!;
        roundRobin.set(rule.id, turn + 1);
      } else {
        target = pool.reduce((best, o) => ((pools.load.get(o.id) ?? 0) < (pools.load.get(best.id) ?? 0) ? o : best));
      }
      pools.load.set(target.id, (pools.load.get(target.id) ?? 0) + 1);
      return decide(target.id, `${late} min late: ${rule.action.type === 'round_robin' ? 'round-robin' : 'least loaded'} in the pool`);
    }
  }
}
