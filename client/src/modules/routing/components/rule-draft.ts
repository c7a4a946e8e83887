import { isLabelledSource, type AbcClass, type Tier } from '../../clients/api/client.types';
import { splitList } from '../../clients/components/split-list';
import { MAX_GRACE_MINUTES, MAX_REASSIGNMENTS, WEEKDAYS, type ActionType, type Rule, type RuleAction, type RuleInput, type Weekday, type WorkingHours } from '../api/routing.types';

export const GRACE_UNITS = ['minutes', 'hours', 'days'] as const;
export type GraceUnit = (typeof GRACE_UNITS)[number];
export const UNIT_MINUTES: Record<GraceUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

/** The time zones the form offers first; any other IANA name can be typed in. */
export const TIMEZONES = ['Europe/Moscow', 'Europe/Kyiv', 'Europe/Minsk', 'Asia/Almaty', 'Asia/Yekaterinburg', 'Asia/Vladivostok', 'UTC'] as const;
const isListedTimezone = (tz: string) => (TIMEZONES as readonly string[]).includes(tz);

/** The rule form as typed: numbers stay text until saved, so a half-typed value is not lost. */
export type RuleDraft = {
  name: string;
  enabled: boolean;
  teamIds: number[];
  queues: string;
  classes: AbcClass[];
  tiers: Tier[];
  /** Sources the UI has labels for, ticked. */
  sources: string[];
  /** Any other sources, comma-separated. */
  otherSources: string;
  graceValue: string;
  graceUnit: GraceUnit;
  actionType: ActionType;
  /** Round-robin and least-loaded: the team, or null for the operator's own. */
  teamId: number | null;
  userId: number | null;
  hoursOn: boolean;
  timezone: string;
  /** The time zone is typed in rather than picked from TIMEZONES. */
  customTimezone: boolean;
  days: Weekday[];
  from: string;
  to: string;
  maxReassignments: string;
};

export type DraftProblem = 'name' | 'grace' | 'maxReassignments' | 'user' | 'timezone' | 'days' | 'time' | 'sameTime';

/** The browser's zone when it is one of the offered ones, else Moscow. */
function defaultTimezone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && isListedTimezone(tz) ? tz : 'Europe/Moscow';
}

export function newDraft(): RuleDraft {
  return {
    name: '',
    enabled: true,
    teamIds: [],
    queues: '',
    classes: [],
    tiers: [],
    sources: [],
    otherSources: '',
    graceValue: '10',
    graceUnit: 'minutes',
    actionType: 'round_robin',
    teamId: null,
    userId: null,
    hoursOn: false,
    timezone: defaultTimezone(),
    customTimezone: false,
    days: [1, 2, 3, 4, 5],
    from: '09:00',
    to: '18:00',
    maxReassignments: '3',
  };
}

/** The coarsest unit the grace period is a whole number of: 2880 → 2 days, 90 → 90 minutes. */
export function graceOf(minutes: number): { value: string; unit: GraceUnit } {
  if (minutes > 0 && minutes % UNIT_MINUTES.days === 0) return { value: String(minutes / UNIT_MINUTES.days), unit: 'days' };
  if (minutes > 0 && minutes % UNIT_MINUTES.hours === 0) return { value: String(minutes / UNIT_MINUTES.hours), unit: 'hours' };
  return { value: String(minutes), unit: 'minutes' };
}

export function draftOf(rule: Rule): RuleDraft {
  const base = newDraft();
  const grace = graceOf(rule.graceMinutes);
  const sources = rule.scope.sources ?? [];
  const hours = rule.workingHours;
  return {
    ...base,
    name: rule.name,
    enabled: rule.enabled,
    teamIds: rule.scope.teamIds ?? [],
    queues: (rule.scope.queues ?? []).join(', '),
    classes: rule.scope.classes ?? [],
    tiers: rule.scope.tiers ?? [],
    sources: sources.filter(isLabelledSource),
    otherSources: sources.filter((s) => !isLabelledSource(s)).join(', '),
    graceValue: grace.value,
    graceUnit: grace.unit,
    actionType: rule.action.type,
    teamId: (rule.action.type === 'round_robin' || rule.action.type === 'least_loaded') && rule.action.teamId ? rule.action.teamId : null,
    userId: rule.action.type === 'user' ? rule.action.userId : null,
    maxReassignments: String(rule.maxReassignments),
    ...(hours && { hoursOn: true, timezone: hours.timezone, customTimezone: !isListedTimezone(hours.timezone), days: hours.days, from: hours.from, to: hours.to }),
  };
}

export function isValidTimezone(tz: string): boolean {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The grace period in minutes, or null when it is not a whole number of minutes within bounds. */
export function graceMinutesOf(d: Pick<RuleDraft, 'graceValue' | 'graceUnit'>): number | null {
  const text = d.graceValue.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const minutes = Number(text) * UNIT_MINUTES[d.graceUnit];
  return Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_GRACE_MINUTES ? minutes : null;
}

function actionOf(d: RuleDraft): RuleAction | null {
  switch (d.actionType) {
    case 'round_robin':
    case 'least_loaded':
      return { type: d.actionType, ...(d.teamId !== null && { teamId: d.teamId }) };
    case 'user':
      return d.userId === null ? null : { type: 'user', userId: d.userId };
    case 'supervisor':
      return { type: 'supervisor' };
    case 'pool':
      return { type: 'pool' };
  }
}

/** The body the API takes for a draft, or what to fix first. */
export function toRuleInput(d: RuleDraft): { input: RuleInput; problems: [] } | { input: null; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const name = d.name.trim();
  if (!name) problems.push('name');
  const graceMinutes = graceMinutesOf(d);
  if (graceMinutes === null) problems.push('grace');
  const max = Number(d.maxReassignments.trim());
  if (d.maxReassignments.trim() === '' || !Number.isInteger(max) || max < 0 || max > MAX_REASSIGNMENTS) problems.push('maxReassignments');
  const action = actionOf(d);
  if (!action) problems.push('user');
  let workingHours: WorkingHours | null = null;
  if (d.hoursOn) {
    const timezone = d.timezone.trim();
    if (!isValidTimezone(timezone)) problems.push('timezone');
    if (d.days.length === 0) problems.push('days');
    if (!HHMM.test(d.from) || !HHMM.test(d.to)) problems.push('time');
    else if (d.from === d.to) problems.push('sameTime');
    workingHours = { timezone, days: WEEKDAYS.filter((day) => d.days.includes(day)), from: d.from, to: d.to };
  }
  if (problems.length > 0 || graceMinutes === null || !action) return { input: null, problems };

  const queues = splitList(d.queues);
  const sources = [...d.sources, ...splitList(d.otherSources)];
  return {
    input: {
      name,
      enabled: d.enabled,
      scope: {
        ...(d.teamIds.length > 0 && { teamIds: d.teamIds }),
        ...(queues.length > 0 && { queues }),
        ...(d.classes.length > 0 && { classes: d.classes }),
        ...(d.tiers.length > 0 && { tiers: d.tiers }),
        ...(sources.length > 0 && { sources: [...new Set(sources)] }),
      },
      graceMinutes,
      action,
      workingHours,
      maxReassignments: max,
    },
    problems: [],
  };
}
