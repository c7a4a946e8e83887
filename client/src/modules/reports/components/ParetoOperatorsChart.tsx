import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../../i18n/format';
import { REPORT_COLORS } from './report-colors';

export type ParetoOperatorsRow = { id: number; name: string; turnover: number; cumulativeShare: number; top: boolean };

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** Operators by turnover, highest first (bars; the 80 % group in green), with the cumulative share line and the 80 % mark. */
export const ParetoOperatorsChart = memo(function ParetoOperatorsChart({ rows, threshold }: { rows: readonly ParetoOperatorsRow[]; threshold: number }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const shown = rows.slice(0, 30);
  const compact = useMemo(() => new Intl.NumberFormat(format.locale, { notation: 'compact', maximumFractionDigits: 1 }), [format.locale]);
  return (
    <div className="rp-chart" role="img" aria-label={t('sales.paretoLabel')} data-testid="pareto-chart" style={{ height: 300 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={shown} margin={{ top: 16, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid vertical={false} stroke={REPORT_COLORS.grid} />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval="preserveStartEnd" height={32} />
          <YAxis yAxisId="turnover" tick={{ fontSize: 11 }} width={56} tickFormatter={(v: number) => compact.format(v)} />
          <YAxis yAxisId="share" orientation="right" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} tickFormatter={pct} tick={{ fontSize: 11 }} width={44} />
          <Tooltip formatter={(v, name) => (typeof v === 'number' ? (name === t('sales.cumulativeShare') ? pct(v) : format.money(v)) : '—')} />
          <ReferenceLine yAxisId="share" y={threshold} stroke={REPORT_COLORS.bad} strokeDasharray="4 4" label={{ value: pct(threshold), position: 'insideTopLeft', fontSize: 12, fill: REPORT_COLORS.bad }} />
          <Bar yAxisId="turnover" dataKey="turnover" name={t('sales.turnover')} isAnimationActive={false}>
            {shown.map((r) => (
              <Cell key={r.id} fill={r.top ? REPORT_COLORS.good : REPORT_COLORS.neutral} />
            ))}
          </Bar>
          <Line yAxisId="share" type="monotone" dataKey="cumulativeShare" name={t('sales.cumulativeShare')} stroke={REPORT_COLORS.primary} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});
