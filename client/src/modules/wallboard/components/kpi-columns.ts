import { useMemo } from 'react';
import { useFormat } from '../../../i18n/format';
import type { Kpis } from '../api/wallboard.types';
import type { BoardThresholds } from '../hooks/use-board-thresholds';

export type KpiKey = keyof Kpis;
export type KpiKind = 'count' | 'rate' | 'seconds';
/** How a figure reads against the thresholds: colours on the board. */
export type KpiTone = 'neutral' | 'good' | 'warn' | 'bad';

export type KpiColumn = { key: KpiKey; kind: KpiKind };

/** Every KPI, in the order the board shows them. */
export const KPI_COLUMNS: readonly KpiColumn[] = [
  { key: 'calls', kind: 'count' },
  { key: 'inbound', kind: 'count' },
  { key: 'outbound', kind: 'count' },
  { key: 'answered', kind: 'count' },
  { key: 'missed', kind: 'count' },
  { key: 'abandoned', kind: 'count' },
  { key: 'abandonRate', kind: 'rate' },
  { key: 'avgSpeedOfAnswerSeconds', kind: 'seconds' },
  { key: 'avgHandleSeconds', kind: 'seconds' },
  { key: 'avgTalkSeconds', kind: 'seconds' },
  { key: 'longestTalkSeconds', kind: 'seconds' },
  { key: 'serviceLevel', kind: 'rate' },
  { key: 'effectiveShare', kind: 'rate' },
];

/**
 * The only targets the board knows are the local thresholds: an average talk under the red flag is
 * bad (calls cut short), a longest call over the long-call limit is a warning.
 */
export function kpiTone(key: KpiKey, value: number | null, t: BoardThresholds): KpiTone {
  if (value === null) return 'neutral';
  if (key === 'avgTalkSeconds') return value < t.talkRedFlagSeconds ? 'bad' : 'good';
  if (key === 'longestTalkSeconds') return value > t.longCallSeconds ? 'warn' : 'neutral';
  return 'neutral';
}

/** Formats a KPI value for the language in use: counts, percentages, m:ss. */
export function useKpiFormat() {
  const format = useFormat();
  return useMemo(() => {
    const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 0 });
    return (kind: KpiKind, value: number | null): string => {
      if (value === null) return '—';
      if (kind === 'rate') return percent.format(value);
      if (kind === 'seconds') return format.duration(value);
      return format.integer(value);
    };
  }, [format]);
}
