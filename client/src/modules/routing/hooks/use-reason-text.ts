import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserName } from '../../users/hooks/use-users';

type Pattern = { re: RegExp; text: (m: RegExpMatchArray) => string };

/**
 * Why a callback was (or would be) handed over, in the UI language. The API sends the reason as an English
 * sentence ("25 min late: round-robin in the pool"); the known ones are recognised here and anything else
 * is shown as sent. The lateness in it is left out: the tables show it in a column of its own.
 */
export function useReasonText(): (reason: string) => string {
  const { t } = useTranslation('routing');
  const { t: td } = useTranslation('desk');
  const userName = useUserName();
  return useCallback(
    (reason: string) => {
      const patterns: Pattern[] = [
        { re: /^(\d+) min late: to the named user$/, text: () => t('reason.user') },
        { re: /^(\d+) min late: back to the pool$/, text: () => t('reason.pool') },
        { re: /^(\d+) min late: to the supervisor$/, text: () => t('reason.supervisor') },
        { re: /^(\d+) min late: round-robin in the pool$/, text: () => t('reason.roundRobin') },
        { re: /^(\d+) min late: least loaded in the pool$/, text: () => t('reason.leastLoaded') },
        { re: /^escalated after (\d+) reassignments$/, text: (m) => t('reason.escalated', { n: Number(m[1]) }) },
        { re: /^handed over by user (\d+)$/, text: (m) => t('reason.handedOver', { name: userName(Number(m[1])) }) },
        { re: /^taken from the pool by user (\d+)$/, text: (m) => td('reason.taken', { name: userName(Number(m[1])) }) },
      ];
      for (const { re, text } of patterns) {
        const m = reason.match(re);
        if (m) return text(m);
      }
      return reason;
    },
    [t, td, userName],
  );
}
