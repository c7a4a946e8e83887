import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OutcomesReport } from '../api/length-outcomes.api';
import { REPORT_COLORS } from './report-colors';

/** Clients by how many contacts it took, sales beside lost; a line after the 5th contact (the rule of thumb). */
export const OutcomesChart = memo(function OutcomesChart({ report }: { report: OutcomesReport }) {
  const { t } = useTranslation('reports');
  const data = report.buckets.map((b) => ({ bucket: t(`outcomes.buckets.${b.key}`), sale: report.total.sale.buckets[b.key], lost: report.total.lost.buckets[b.key] }));
  return (
    <div className="rp-chart" role="img" aria-label={t('outcomes.chartLabel')} data-testid="outcomes-chart" style={{ height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke={REPORT_COLORS.grid} />
          <XAxis dataKey="bucket" tick={{ fontSize: 12 }} label={{ value: t('outcomes.bucket'), position: 'insideBottomRight', offset: -2, fontSize: 12 }} />
          <YAxis allowDecimals={false} width={40} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine x={t('outcomes.buckets.c2')} stroke={REPORT_COLORS.bad} strokeDasharray="4 3" />
          <ReferenceLine x={t('outcomes.buckets.c5')} stroke={REPORT_COLORS.good} strokeDasharray="4 3" />
          <Bar dataKey="sale" name={t('outcomes.sale')} fill={REPORT_COLORS.good} isAnimationActive={false} />
          <Bar dataKey="lost" name={t('outcomes.lost')} fill={REPORT_COLORS.bad} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
