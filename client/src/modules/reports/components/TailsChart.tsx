import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_COLORS } from './report-colors';

export type TailsChartRow = { name: string; age3to7: number; age7to14: number; age14plus: number };

/** Each operator's tails, stacked by age: the older, the redder. */
export const TailsChart = memo(function TailsChart({ rows }: { rows: readonly TailsChartRow[] }) {
  const { t } = useTranslation('reports');
  return (
    <div className="rp-chart" role="img" aria-label={t('tails.chartLabel')} data-testid="tails-chart" style={{ height: Math.min(rows.length, 25) * 30 + 70 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows.slice(0, 25)} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="age3to7" stackId="t" name={t('tails.age3to7')} fill={REPORT_COLORS.warn} isAnimationActive={false} />
          <Bar dataKey="age7to14" stackId="t" name={t('tails.age7to14')} fill="#ea580c" isAnimationActive={false} />
          <Bar dataKey="age14plus" stackId="t" name={t('tails.age14plus')} fill={REPORT_COLORS.bad} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
