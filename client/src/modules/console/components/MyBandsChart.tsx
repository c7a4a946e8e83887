import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TalkBandVerdict } from '../api/my-figures.api';

export type MyBandsChartRow = { key: string; label: string; count: number; verdict: TalkBandVerdict };
export type MyBandsChartProps = { rows: readonly MyBandsChartRow[] };

/** How the floor reads a band at the first funnel stages: unprepared amber, prepared green. */
const VERDICT_COLORS: Record<TalkBandVerdict, string> = { short: '#94a3b8', unprepared: '#f59e0b', neutral: '#60a5fa', prepared: '#16a34a', long: '#6366f1' };

/** The operator's contacts per talk-length band: a small bar chart (lazy: recharts loads with it). */
export default function MyBandsChart({ rows }: MyBandsChartProps) {
  const { t } = useTranslation('desk');
  return (
    <div className="my-figures-chart" role="img" aria-label={t('myFigures.chartLabel')} data-testid="my-figures-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows as MyBandsChartRow[]} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={28} />
          <Tooltip formatter={(v) => [v, t('myFigures.contacts')]} />
          <Bar dataKey="count" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.key} fill={VERDICT_COLORS[r.verdict]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
