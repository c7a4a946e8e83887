import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../../i18n/format';
import type { IntervalBucket } from '../hooks/interval-series';
import { CHART_COLORS, chartFont } from './chart-style';

export type CallsPerIntervalChartProps = {
  buckets: readonly IntervalBucket[];
  openedAt: number;
  /** Calls of the last hour when the board opened (60-minute KPIs), or null while unknown. */
  callsBeforeOpen: number | null;
  large: boolean;
};

/**
 * Calls per 5-minute interval over the last hour, stacked by how they ended. Only calls that ended
 * while the board was open are known per interval; the time before is shaded and said in words.
 */
export const CallsPerIntervalChart = memo(function CallsPerIntervalChart({ buckets, openedAt, callsBeforeOpen, large }: CallsPerIntervalChartProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const data = buckets.map((b) => ({ ...b, label: format.time(new Date(b.start).toISOString()) }));
  const untracked = data.filter((b) => b.total === null);
  const font = chartFont(large);
  return (
    <section className="panel wb-chart-panel" aria-labelledby="wb-interval-title">
      <div className="panel-header">
        <h2 className="panel-title" id="wb-interval-title">
          {t('charts.intervalTitle')}
        </h2>
      </div>
      <div className="wb-chart" role="img" aria-label={t('charts.intervalLabel')} data-testid="interval-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
            <XAxis dataKey="label" tick={{ fontSize: font }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} width={large ? 44 : 32} tick={{ fontSize: font }} />
            {untracked.length > 0 && (
              <ReferenceArea
                x1={untracked[0]!.label}
                x2={untracked.at(-1)!.label}
                fill={CHART_COLORS.untracked}
                fillOpacity={1}
                ifOverflow="extendDomain"
                label={{ value: t('charts.notTracked'), position: 'insideTop', fill: CHART_COLORS.muted, fontSize: font }}
              />
            )}
            <Tooltip formatter={(value) => (typeof value === 'number' ? format.integer(value) : '—')} />
            <Legend wrapperStyle={{ fontSize: font }} itemSorter={null} />
            <Bar dataKey="answered" stackId="calls" name={t('charts.answered')} fill={CHART_COLORS.answered} isAnimationActive={false} />
            <Bar dataKey="abandoned" stackId="calls" name={t('charts.abandoned')} fill={CHART_COLORS.abandoned} isAnimationActive={false} />
            <Bar dataKey="unanswered" stackId="calls" name={t('charts.unanswered')} fill={CHART_COLORS.unanswered} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="wb-chart-note">
        {t('charts.intervalNote', { time: format.time(new Date(openedAt).toISOString()) })}{' '}
        {callsBeforeOpen !== null && t('charts.intervalBefore', { count: callsBeforeOpen })}
      </p>
    </section>
  );
});
