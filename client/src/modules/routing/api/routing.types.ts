import type { AbcClass, Tier } from '../../clients/api/client.types';

export const ACTION_TYPES = ['round_robin', 'least_loaded', 'supervisor', 'user', 'pool'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Who an overdue callback goes to: round-robin and least-loaded work in a team (the operator's own when none is named). */
export type RuleAction = { type: 'round_robin' | 'least_loaded'; teamId?: number } | { type: 'supervisor' } | { type: 'user'; userId: number } | { type: 'pool' };

/** Which callbacks a rule is for; an empty or missing list matches any value. */
export type RuleScope = {
  teamIds?: number[];
  queues?: string[];
  classes?: AbcClass[];
  tiers?: Tier[];
  sources?: string[];
};

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a rule may act, in its own time zone; `to` before `from` is a night shift that ends the next day. */
export type WorkingHours = { timezone: string; days: Weekday[]; from: string; to: string };

export type Rule = {
  id: number;
  name: string;
  enabled: boolean;
  /** Lower first; the first matching enabled rule acts. */
  position: number;
  scope: RuleScope;
  graceMinutes: number;
  action: RuleAction;
  workingHours: WorkingHours | null;
  maxReassignments: number;
  createdAt: string;
  updatedAt: string;
};

/** What create takes (and a draft for the dry run); the server refuses unknown fields. */
export type RuleInput = {
  name: string;
  enabled?: boolean;
  position?: number;
  scope?: RuleScope;
  graceMinutes: number;
  action: RuleAction;
  workingHours?: WorkingHours | null;
  maxReassignments?: number;
};

export type RulePatch = Partial<RuleInput>;

/** The grace period's bounds: from minutes to days (90 days). */
export const MAX_GRACE_MINUTES = 60 * 24 * 90;
export const MAX_REASSIGNMENTS = 100;

/** One handover the rules would make now; ruleId 0 is the draft of a dry run. */
export type RoutingDecision = { callbackId: number; fromId: number | null; toId: number | null; ruleId: number; reason: string };
