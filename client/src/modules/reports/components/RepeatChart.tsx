import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DealsBucket } from '../api/sales.types';
import { REPORT_COLORS } from './report-colors';

/** Clients by their number of deals in the period: one-time buyers grey, repeat buyers green. */
export const RepeatChart = memo(function RepeatChart({ rows }: { rows: readonly { deals: DealsBucket; clients: number }[] }) {
  const { t } = useTranslation('reports');
  return (
    <div className="rp-chart" role="img" aria-label={t('repeat.distributionLabel')} data-testid="repeat-chart" style={{ height: 240 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={REPORT_COLORS.grid} />
          <XAxis dataKey="deals" tick={{ fontSize: 12 }} label={{ value: t('repeat.dealsCount'), position: 'insideBottom', offset: -4, fontSize: 12 }} height={36} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={48} />
          <Tooltip labelFormatter={(v) => `${t('repeat.dealsCount')}: ${String(v)}`} />
          <Bar dataKey="clients" name={t('repeat.clients')} isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.deals} fill={r.deals === '1' ? REPORT_COLORS.neutral : REPORT_COLORS.good} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
