import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../../i18n/format';
import type { IntervalBucket } from '../hooks/interval-series';
import { CHART_COLORS, chartFont } from './chart-style';

export type CallsPerIntervalChartProps = {
  buckets: readonly IntervalBucket[];
  /** The server's hour could not be read: only the calls since the board opened are shown. */
  failed?: boolean;
  onRetry?: () => void;
  large: boolean;
};

/** Calls per 5-minute interval over the last hour, stacked by how they ended; the last interval is in progress. */
export const CallsPerIntervalChart = memo(function CallsPerIntervalChart({ buckets, failed = false, onRetry, large }: CallsPerIntervalChartProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const data = buckets.map((b) => ({ ...b, label: format.time(new Date(b.start).toISOString()) }));
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
            <Tooltip formatter={(value) => (typeof value === 'number' ? format.integer(value) : '—')} />
            <Legend wrapperStyle={{ fontSize: font }} itemSorter={null} />
            <Bar dataKey="answered" stackId="calls" name={t('charts.answered')} fill={CHART_COLORS.answered} isAnimationActive={false} />
            <Bar dataKey="abandoned" stackId="calls" name={t('charts.abandoned')} fill={CHART_COLORS.abandoned} isAnimationActive={false} />
            <Bar dataKey="unanswered" stackId="calls" name={t('charts.unanswered')} fill={CHART_COLORS.unanswered} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <p className="wb-chart-note" data-testid="interval-note">
        {failed ? (
          <>
            {t('charts.intervalFailed')}{' '}
            {onRetry && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={onRetry}>
                {t('common.retry', { ns: 'translation' })}
              </button>
            )}
          </>
        ) : (
          t('charts.intervalNote')
        )}
      </p>
    </section>
  );
});
