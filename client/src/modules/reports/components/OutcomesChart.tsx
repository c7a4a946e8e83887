import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { OutcomeKind, OutcomesReport } from '../api/length-outcomes.api';
import { REPORT_COLORS } from './report-colors';

const KINDS: readonly OutcomeKind[] = ['sale', 'lost'];

/**
 * The two distributions side by side, each in percent of its own clients (a handful of refusals beside
 * hundreds of sales still shows its shape): dashed lines after the 2nd contact (where sellers give up) and at
 * the 5th (after which most deals close).
 */
export const OutcomesChart = memo(function OutcomesChart({ report }: { report: OutcomesReport }) {
  const { t } = useTranslation('reports');
  const pct = (kind: OutcomeKind, n: number) => (report.total[kind].clients > 0 ? Math.round((n / report.total[kind].clients) * 1000) / 10 : 0);
  const data = report.buckets.map((b) => ({
    bucket: t(`outcomes.buckets.${b.key}`),
    sale: pct('sale', report.total.sale.buckets[b.key]),
    lost: pct('lost', report.total.lost.buckets[b.key]),
    saleCount: report.total.sale.buckets[b.key],
    lostCount: report.total.lost.buckets[b.key],
  }));
  return (
    <div className="rp-chart" role="img" aria-label={t('outcomes.chartLabel')} data-testid="outcomes-chart" style={{ height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke={REPORT_COLORS.grid} />
          <XAxis dataKey="bucket" tick={{ fontSize: 12 }} />
          <YAxis width={48} unit=" %" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(value, name, item) => [`${String(value)} % (${String((item.payload as Record<string, number>)[`${String(item.dataKey)}Count`])})`, name]}
            itemSorter={(item) => KINDS.indexOf(item.dataKey as OutcomeKind)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          <ReferenceLine x={t('outcomes.buckets.c2')} stroke={REPORT_COLORS.bad} strokeDasharray="4 3" />
          <ReferenceLine x={t('outcomes.buckets.c5')} stroke={REPORT_COLORS.good} strokeDasharray="4 3" />
          {KINDS.map((kind) => (
            <Bar key={kind} dataKey={kind} name={`${t(kind === 'sale' ? 'outcomes.sale' : 'outcomes.lost')} (${report.total[kind].clients})`} fill={kind === 'sale' ? REPORT_COLORS.good : REPORT_COLORS.bad} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
