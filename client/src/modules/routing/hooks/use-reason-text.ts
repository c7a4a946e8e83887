import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserName } from '../../users/hooks/use-users';
import { useDurationText } from './use-duration-text';

type Pattern = { re: RegExp; text: (m: RegExpMatchArray) => string };

/**
 * Why a callback was (or would be) handed over, in the UI language. The API sends the reason as an English
 * sentence ("25 min late: round-robin in the pool"); the known ones are recognised here and anything else
 * is shown as sent.
 */
export function useReasonText(): (reason: string) => string {
  const { t } = useTranslation('routing');
  const duration = useDurationText();
  const userName = useUserName();
  return useCallback(
    (reason: string) => {
      const late = (m: RegExpMatchArray) => duration(Number(m[1]));
      const patterns: Pattern[] = [
        { re: /^(\d+) min late: to the named user$/, text: (m) => t('reason.user', { late: late(m) }) },
        { re: /^(\d+) min late: back to the pool$/, text: (m) => t('reason.pool', { late: late(m) }) },
        { re: /^(\d+) min late: to the supervisor$/, text: (m) => t('reason.supervisor', { late: late(m) }) },
        { re: /^(\d+) min late: round-robin in the pool$/, text: (m) => t('reason.roundRobin', { late: late(m) }) },
        { re: /^(\d+) min late: least loaded in the pool$/, text: (m) => t('reason.leastLoaded', { late: late(m) }) },
        { re: /^escalated after (\d+) reassignments$/, text: (m) => t('reason.escalated', { n: Number(m[1]) }) },
        { re: /^handed over by user (\d+)$/, text: (m) => t('reason.handedOver', { name: userName(Number(m[1])) }) },
      ];
      for (const { re, text } of patterns) {
        const m = reason.match(re);
        if (m) return text(m);
      }
      return reason;
    },
    [t, duration, userName],
  );
}
