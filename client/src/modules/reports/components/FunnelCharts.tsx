import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_COLORS } from './report-colors';

export type FunnelStagesChartRow = { name: string; active: number; zombies: number; entered: number };

/** Each stage now (worked and zombies stacked) beside the moves into it in the period. */
export const FunnelStagesChart = memo(function FunnelStagesChart({ rows }: { rows: readonly FunnelStagesChartRow[] }) {
  const { t } = useTranslation('reports');
  return (
    <div className="rp-chart" role="img" aria-label={t('funnel.chartLabel')} data-testid="funnel-chart" style={{ height: rows.length * 44 + 70 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }} barGap={2}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="active" stackId="now" name={t('funnel.active')} fill={REPORT_COLORS.primary} isAnimationActive={false} />
          <Bar dataKey="zombies" stackId="now" name={t('funnel.zombies')} fill={REPORT_COLORS.warn} isAnimationActive={false} />
          <Bar dataKey="entered" name={t('funnel.entered')} fill={REPORT_COLORS.neutral} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});

export type FunnelWeeksChartRow = { name: string; newClients: number; won: number; lost: number };

/** Per week: the clients who came, the ones who became customers and the ones lost. */
export const FunnelWeeksChart = memo(function FunnelWeeksChart({ rows }: { rows: readonly FunnelWeeksChartRow[] }) {
  const { t } = useTranslation('reports');
  return (
    <div className="rp-chart" role="img" aria-label={t('funnel.weeksLabel')} data-testid="funnel-weeks-chart" style={{ height: 240 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barGap={1}>
          <CartesianGrid vertical={false} stroke={REPORT_COLORS.grid} />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={8} />
          <YAxis allowDecimals={false} width={40} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="newClients" name={t('funnel.newClients')} fill={REPORT_COLORS.primary} isAnimationActive={false} />
          <Bar dataKey="won" name={t('funnel.won')} fill={REPORT_COLORS.good} isAnimationActive={false} />
          <Bar dataKey="lost" name={t('funnel.lost')} fill={REPORT_COLORS.bad} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
