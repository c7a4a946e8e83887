import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { useSourceLabel } from '../../clients/hooks/use-source-label';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUserName } from '../../users/hooks/use-users';
import { WEEKDAYS, type Rule, type RuleAction, type Weekday, type WorkingHours } from '../api/routing.types';
import { useDurationText } from './use-duration-text';

/** The parts of a rule its plain-words summary is made of (a saved rule or a draft). */
export type SummarizedRule = Pick<Rule, 'scope' | 'graceMinutes' | 'action' | 'workingHours' | 'maxReassignments'>;

export type RuleSummary = {
  /** "10 min late → round-robin in team “Sales”, Mon–Fri 09:00–18:00 Europe/Moscow" */
  sentence: string;
  /** "For: class A, B; tier Gold" or "For every callback". */
  scope: string;
  /** When the callback goes to the supervisor instead. */
  escalation: string;
};

/** Short weekday names in the UI language, 1 = Monday … 7 = Sunday. */
export function weekdayNames(locale: string): Record<Weekday, string> {
  const fmt = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  // 1 January 2024 was a Monday.
  return Object.fromEntries(WEEKDAYS.map((d) => [d, fmt.format(new Date(Date.UTC(2024, 0, d)))])) as Record<Weekday, string>;
}

/** "Mon–Fri", "Mon, Wed, Sat, Sun": runs of three days or more as a range. */
export function daysText(days: readonly Weekday[], names: Record<Weekday, string>): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: Weekday[][] = [];
  for (const d of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === d - 1) run.push(d);
    else runs.push([d]);
  }
  return runs.map((run) => (run.length >= 3 ? `${names[run[0]!]}–${names[run[run.length - 1]!]}` : run.map((d) => names[d]).join(', '))).join(', ');
}

/** A rule in plain words, in the UI language, with team and people names. */
export function useRuleSummary(): (rule: SummarizedRule) => RuleSummary {
  const { t } = useTranslation('routing');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const duration = useDurationText();
  const { teamName } = useTeams();
  const userName = useUserName();
  const sourceLabel = useSourceLabel();
  const names = useMemo(() => weekdayNames(format.locale), [format.locale]);

  const actionText = useCallback(
    (action: RuleAction) => {
      switch (action.type) {
        case 'round_robin':
          return action.teamId ? t('summary.action.roundRobinTeam', { team: teamName(action.teamId) }) : t('summary.action.roundRobinOwn');
        case 'least_loaded':
          return action.teamId ? t('summary.action.leastLoadedTeam', { team: teamName(action.teamId) }) : t('summary.action.leastLoadedOwn');
        case 'supervisor':
          return t('summary.action.supervisor');
        case 'user':
          return t('summary.action.user', { name: userName(action.userId) });
        case 'pool':
          return t('summary.action.pool');
      }
    },
    [t, teamName, userName],
  );

  const hoursText = useCallback(
    (hours: WorkingHours | null) => {
      if (!hours) return t('summary.anyTime');
      const days = hours.days.length === 7 ? t('summary.everyDay') : daysText(hours.days, names);
      const vars = { days, from: hours.from, to: hours.to, timezone: hours.timezone };
      return hours.to < hours.from ? t('summary.overnight', vars) : t('summary.hours', vars);
    },
    [t, names],
  );

  return useCallback(
    (rule: SummarizedRule) => {
      const when = rule.graceMinutes === 0 ? t('summary.atDue') : t('summary.late', { grace: duration(rule.graceMinutes) });
      const { teamIds, queues, classes, tiers, sources } = rule.scope;
      const parts = [
        teamIds?.length ? t('summary.teams', { list: teamIds.map(teamName).join(', ') }) : null,
        queues?.length ? t('summary.queues', { list: queues.join(', ') }) : null,
        classes?.length ? t('summary.classes', { list: classes.join(', ') }) : null,
        tiers?.length ? t('summary.tiers', { list: tiers.map((tier) => tc(`tier.${tier}`)).join(', ') }) : null,
        sources?.length ? t('summary.sources', { list: sources.map(sourceLabel).join(', ') }) : null,
      ].filter((p): p is string => p !== null);
      return {
        sentence: t('summary.sentence', { when, action: actionText(rule.action), hours: hoursText(rule.workingHours) }),
        scope: parts.length === 0 ? t('summary.scopeAll') : t('summary.scope', { list: parts.join('; ') }),
        escalation: rule.maxReassignments === 0 ? t('summary.escalationNow') : t('summary.escalation', { n: rule.maxReassignments }),
      };
    },
    [t, tc, duration, teamName, sourceLabel, actionText, hoursText],
  );
}
