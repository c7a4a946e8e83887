import { z } from 'zod';
import { ABC_CLASSES, SERVICE_TIERS, type RoutingRuleRow } from '../../db/entities';
import { singleLine } from '../../http/text-fields';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Moscow');

export const scopeSchema = z
  .object({
    teamIds: z.array(z.number().int().positive()).max(100).optional(),
    queues: z.array(z.string().min(1).max(64)).max(100).optional(),
    classes: z.array(z.enum(ABC_CLASSES)).max(3).optional(),
    tiers: z.array(z.enum(SERVICE_TIERS)).max(4).optional(),
    sources: z.array(z.string().min(1).max(64)).max(100).optional(),
  })
  .strict();

export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('round_robin'), teamId: z.number().int().positive().optional() }).strict(),
  z.object({ type: z.literal('least_loaded'), teamId: z.number().int().positive().optional() }).strict(),
  z.object({ type: z.literal('supervisor') }).strict(),
  z.object({ type: z.literal('user'), userId: z.number().int().positive() }).strict(),
  z.object({ type: z.literal('pool') }).strict(),
]);

/** When the rule may act: days 1 (Monday) … 7 (Sunday), from–to in the zone (to < from spans midnight). */
export const workingHoursSchema = z.object({ timezone, days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: hhmm, to: hhmm }).strict();

/** The fields of a rule, without defaults: a PATCH must change only what it sends. */
const ruleFields = {
  name: singleLine(200),
  enabled: z.boolean(),
  position: z.number().int().min(0).max(10_000),
  scope: scopeSchema,
  /** Minutes after the due time before the callback is taken away: from minutes to days. */
  graceMinutes: z.number().int().min(0).max(60 * 24 * 90),
  action: actionSchema,
  workingHours: workingHoursSchema.nullable(),
  maxReassignments: z.number().int().min(0).max(100),
};

export const ruleInputSchema = z
  .object({
    ...ruleFields,
    enabled: ruleFields.enabled.default(true),
    position: ruleFields.position.optional(),
    scope: ruleFields.scope.default({}),
    workingHours: ruleFields.workingHours.default(null),
    maxReassignments: ruleFields.maxReassignments.default(3),
  })
  .strict();

export const rulePatchSchema = z.object(ruleFields).partial().strict();

export type RuleScope = z.infer<typeof scopeSchema>;
export type RuleAction = z.infer<typeof actionSchema>;
export type WorkingHours = z.infer<typeof workingHoursSchema>;
export type RuleInput = z.infer<typeof ruleInputSchema>;

export type RoutingRule = {
  id: number;
  name: string;
  enabled: boolean;
  position: number;
  scope: RuleScope;
  graceMinutes: number;
  action: RuleAction;
  workingHours: WorkingHours | null;
  maxReassignments: number;
  createdAt: string;
  updatedAt: string;
};

export function toRule(r: RoutingRuleRow): RoutingRule {
  return {
    id: r.id,
    name: r.name,
    enabled: Boolean(r.enabled),
    position: r.position,
    scope: JSON.parse(r.scope) as RuleScope,
    graceMinutes: r.graceMinutes,
    action: JSON.parse(r.action) as RuleAction,
    workingHours: r.workingHours ? (JSON.parse(r.workingHours) as WorkingHours) : null,
    maxReassignments: r.maxReassignments,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What a rule's scope is matched against. */
export type CallbackContext = { teamId: number | null; queue: string | null; abcClass: string | null; tier: string | null; source: string | null };

export function inScope(scope: RuleScope, c: CallbackContext): boolean {
  const has = <T>(list: T[] | undefined, v: T | null) => !list || list.length === 0 || (v !== null && list.includes(v));
  return has(scope.teamIds, c.teamId) && has(scope.queues, c.queue) && has(scope.classes as string[] | undefined, c.abcClass) && has(scope.tiers as string[] | undefined, c.tier) && has(scope.sources, c.source);
}

/** One formatter per zone: building one costs far more than using it, and the sweep asks per callback. */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether `at` falls in the working hours, read in their own time zone. */
export function withinWorkingHours(hours: WorkingHours | null, at: Date): boolean {
  if (!hours) return true;
  let format = clockFormats.get(hours.timezone);
  if (!format) clockFormats.set(hours.timezone, (format = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  const day = WEEKDAYS[parts.weekday!]!;
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  const [from, to] = [hours.from, hours.to].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3)));
  if (from! <= to!) return hours.days.includes(day) && minutes >= from! && minutes < to!;
  // A night shift: from 22:00 to 06:00 belongs to the day it started on.
  if (minutes >= from!) return hours.days.includes(day);
  const previous = day === 1 ? 7 : day - 1;
  return minutes < to! && hours.days.includes(previous);
}
