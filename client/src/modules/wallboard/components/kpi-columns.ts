import { useMemo } from 'react';
import { useFormat } from '../../../i18n/format';
import type { KpiTargets, Kpis } from '../api/wallboard.types';

export type KpiKey = keyof Kpis;
export type KpiKind = 'count' | 'rate' | 'seconds';
/** How a figure reads against the managers' targets: colours on the board. */
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

/** The figures of someone with no calls in the period. */
export const NO_KPIS: Kpis = {
  calls: 0,
  inbound: 0,
  outbound: 0,
  answered: 0,
  missed: 0,
  abandoned: 0,
  abandonRate: null,
  avgTalkSeconds: null,
  avgHandleSeconds: null,
  avgSpeedOfAnswerSeconds: null,
  serviceLevel: null,
  longestTalkSeconds: 0,
  effectiveShare: null,
};

/** The value shown: the longest call of nobody who talked is "—", not 0:00. */
export const shownValue = (key: KpiKey, kpis: Kpis): number | null => (key === 'longestTalkSeconds' && kpis.answered === 0 ? null : kpis[key]);

const has = (v: number | null | undefined): v is number => typeof v === 'number';

/**
 * How a figure reads against the managers' targets: bad when it misses one, good when it meets one,
 * neutral when there is no target for it (or no figure). A longest call over the long-call limit is a
 * warning, not a miss.
 */
export function kpiTone(key: KpiKey, value: number | null, t: KpiTargets): KpiTone {
  if (value === null) return 'neutral';
  switch (key) {
    case 'avgTalkSeconds': {
      if (!has(t.avgTalkSecondsMin) && !has(t.avgTalkSecondsMax)) return 'neutral';
      return (has(t.avgTalkSecondsMin) && value < t.avgTalkSecondsMin) || (has(t.avgTalkSecondsMax) && value > t.avgTalkSecondsMax) ? 'bad' : 'good';
    }
    case 'longestTalkSeconds':
      return has(t.longCallSeconds) && value > t.longCallSeconds ? 'warn' : 'neutral';
    case 'serviceLevel':
      return has(t.serviceLevel) ? (value < t.serviceLevel ? 'bad' : 'good') : 'neutral';
    case 'abandonRate':
      return has(t.abandonRateMax) ? (value > t.abandonRateMax ? 'bad' : 'good') : 'neutral';
    case 'avgSpeedOfAnswerSeconds':
      return has(t.avgSpeedOfAnswerMax) ? (value > t.avgSpeedOfAnswerMax ? 'bad' : 'good') : 'neutral';
    default:
      return 'neutral';
  }
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
