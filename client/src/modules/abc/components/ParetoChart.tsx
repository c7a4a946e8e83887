import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AbcShares } from '../api/abc.types';

export type ParetoChartProps = { points: { clients: number; turnover: number }[]; totalClients: number; totalTurnover: number; shares: AbcShares };

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** The cumulative share of turnover against the share of ranked clients, with the class boundaries. */
export const ParetoChart = memo(function ParetoChart({ points, totalClients, totalTurnover, shares }: ParetoChartProps) {
  const { t } = useTranslation('abc');
  const data = [{ x: 0, y: 0 }, ...points.map((p) => ({ x: p.clients / totalClients, y: totalTurnover > 0 ? p.turnover / totalTurnover : 0 }))];
  return (
    <div className="abc-chart" role="img" aria-label={t('summary.chartLabel')} data-testid="abc-pareto">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" />
          <XAxis type="number" dataKey="x" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tickFormatter={pct} tick={{ fontSize: 12 }} label={{ value: t('summary.clientShare'), position: 'insideBottom', offset: -4, fontSize: 12 }} height={36} />
          <YAxis type="number" domain={[0, 1]} ticks={[0, 0.25, 0.5, 0.75, 1]} tickFormatter={pct} tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : '—')} labelFormatter={(v) => `${t('summary.clientShare')}: ${typeof v === 'number' ? pct(v) : v}`} />
          <ReferenceLine y={shares[0] / 100} stroke="#16a34a" strokeDasharray="4 4" label={{ value: 'A', position: 'insideTopLeft', fontSize: 12, fill: '#16a34a' }} />
          <ReferenceLine y={(shares[0] + shares[1]) / 100} stroke="#2563eb" strokeDasharray="4 4" label={{ value: 'B', position: 'insideTopLeft', fontSize: 12, fill: '#2563eb' }} />
          <Area type="monotone" dataKey="y" name={t('summary.turnoverShare')} stroke="#2563eb" fill="#dbeafe" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
});
