import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_COLORS } from './report-colors';

export type ContactsChartRow = { id: number; name: string; effective: number; other: number; withoutResult: number };

/** Per operator, one bar of contacts split into effective, other results and no result yet. */
export const ContactsChart = memo(function ContactsChart({ rows }: { rows: readonly ContactsChartRow[] }) {
  const { t } = useTranslation('reports');
  return (
    <div className="rp-chart" role="img" aria-label={t('contacts.chartLabel')} data-testid="contacts-chart" style={{ height: Math.min(rows.length, 25) * 30 + 70 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows.slice(0, 25)} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="effective" stackId="c" name={t('contacts.effective')} fill={REPORT_COLORS.good} isAnimationActive={false} />
          <Bar dataKey="other" stackId="c" name={t('contacts.otherResults')} fill={REPORT_COLORS.neutral} isAnimationActive={false} />
          <Bar dataKey="withoutResult" stackId="c" name={t('contacts.withoutResult')} fill={REPORT_COLORS.warn} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
