import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Minutes in words, coarsest units first: "45 min", "3 h 10 min", "2 d 4 h" (minutes dropped from days). */
export function useDurationText(): (minutes: number) => string {
  const { t } = useTranslation('routing');
  return useCallback(
    (minutes: number) => {
      const m = Math.max(0, Math.floor(minutes));
      if (m < 60) return t('duration.minutes', { m });
      if (m < 24 * 60) {
        const h = Math.floor(m / 60);
        return m % 60 === 0 ? t('duration.hours', { h }) : t('duration.hoursMinutes', { h, m: m % 60 });
      }
      const d = Math.floor(m / (24 * 60));
      const h = Math.floor((m % (24 * 60)) / 60);
      return h === 0 ? t('duration.days', { d }) : t('duration.daysHours', { d, h });
    },
    [t],
  );
}

/** How late an instant is at `now`, in words. */
export function useLatenessText(): (dueAt: string, now: number) => string {
  const duration = useDurationText();
  const { t } = useTranslation('routing');
  return useCallback(
    (dueAt: string, now: number) => {
      const minutes = (now - Date.parse(dueAt)) / 60_000;
      return minutes < 1 ? t('duration.underMinute') : duration(minutes);
    },
    [duration, t],
  );
}
