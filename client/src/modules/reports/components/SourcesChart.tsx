import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../../i18n/format';
import { REPORT_COLORS } from './report-colors';

export type SourcesChartRow = { name: string; turnover: number; spend: number };

/** Turnover beside spend per source, ranked as the table. */
export const SourcesChart = memo(function SourcesChart({ rows }: { rows: readonly SourcesChartRow[] }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  return (
    <div className="rp-chart" role="img" aria-label={t('sources.chartLabel')} data-testid="sources-chart" style={{ height: Math.min(rows.length, 20) * 36 + 70 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows.slice(0, 20)} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barGap={2}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" tickFormatter={(v: number) => format.money(v)} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? format.money(value) : '—')} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="turnover" name={t('sources.turnover')} fill={REPORT_COLORS.good} isAnimationActive={false} />
          <Bar dataKey="spend" name={t('sources.spend')} fill={REPORT_COLORS.bad} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
