import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_COLORS } from './report-colors';

export type SalesChartRow = { id: number; name: string; contacts: number; sales: number };

/**
 * Per operator, contacts beside sales: two bars on two scales (contacts below, sales above), so the operator
 * with many contacts and the one with few but the same sales stand side by side.
 */
export const SalesChart = memo(function SalesChart({ rows }: { rows: readonly SalesChartRow[] }) {
  const { t } = useTranslation('reports');
  const shown = rows.slice(0, 25);
  return (
    <div className="rp-chart" role="img" aria-label={t('sales.chartLabel')} data-testid="sales-chart" style={{ height: shown.length * 44 + 100 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={shown} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barGap={2}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis xAxisId="contacts" type="number" orientation="bottom" allowDecimals={false} tick={{ fontSize: 12 }} stroke={REPORT_COLORS.neutral} />
          <XAxis xAxisId="sales" type="number" orientation="top" allowDecimals={false} tick={{ fontSize: 12 }} stroke={REPORT_COLORS.good} />
          <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar xAxisId="contacts" dataKey="contacts" name={t('sales.contacts')} fill={REPORT_COLORS.neutral} isAnimationActive={false} />
          <Bar xAxisId="sales" dataKey="sales" name={t('sales.sales')} fill={REPORT_COLORS.good} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
