import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ContactLengthReport, LengthFigures, TalkBand } from '../api/length-outcomes.api';
import { REPORT_COLORS } from './report-colors';

/** How a band reads at the first stages, as the report says (TALK_BAND_VERDICT), in the reports' tones. */
export const VERDICT_COLORS: Record<ContactLengthReport['bands'][number]['verdict'], string> = {
  short: REPORT_COLORS.warn,
  unprepared: REPORT_COLORS.bad,
  neutral: REPORT_COLORS.neutral,
  prepared: REPORT_COLORS.good,
  long: REPORT_COLORS.primary,
};

export type BandsChartRow = { key: string; name: string; figures: LengthFigures };
export type BandsChartProps = { rows: readonly BandsChartRow[]; bands: ContactLengthReport['bands']; label: string; testId: string };

/** One bar per row, its contacts split by talk-time band in percent, each band coloured by its verdict. */
export const BandsChart = memo(function BandsChart({ rows, bands, label, testId }: BandsChartProps) {
  const { t } = useTranslation('reports');
  const shown = rows.slice(0, 25);
  const data = shown.map((r) => ({ key: r.key, name: r.name, ...Object.fromEntries(bands.map((b) => [b.key, Math.round((r.figures.shares[b.key] ?? 0) * 1000) / 10])) }));
  const countOf = (key: string, band: TalkBand) => shown.find((r) => r.key === key)?.figures.bands[band] ?? 0;
  return (
    <div className="rp-chart" role="img" aria-label={label} data-testid={testId} style={{ height: shown.length * 30 + 90 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit=" %" tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(value, name, item) => [`${String(value)} % (${countOf(String((item.payload as { key: string }).key), item.dataKey as TalkBand)})`, name]}
            itemSorter={(item) => bands.findIndex((b) => b.key === item.dataKey)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {bands.map((b) => (
            <Bar key={b.key} dataKey={b.key} stackId="b" name={`${t(`length.bands.${b.key}`)} · ${t(`length.verdicts.${b.verdict}`)}`} fill={VERDICT_COLORS[b.verdict]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
