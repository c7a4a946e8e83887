import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../../i18n/format';
import type { KpiTargets } from '../api/wallboard.types';
import { CHART_COLORS, chartFont } from './chart-style';
import { kpiTone } from './kpi-columns';

export type TalkTimeRow = { id: number; name: string; avgTalkSeconds: number | null; longestTalkSeconds: number };

export type TalkTimeChartProps = {
  title: string;
  rows: readonly TalkTimeRow[];
  targets: KpiTargets;
  large: boolean;
};

/**
 * Each operator's average and longest talk time (from the KPIs), with the managers' targets drawn in:
 * an average outside them is red, a longest call over the long-call limit amber.
 */
export const TalkTimeChart = memo(function TalkTimeChart({ title, rows, targets, large }: TalkTimeChartProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const data = rows.filter((r) => r.avgTalkSeconds !== null || r.longestTalkSeconds > 0);
  const font = chartFont(large);
  const rowHeight = large ? 44 : 30;
  return (
    <section className="panel wb-chart-panel" aria-labelledby="wb-talk-title">
      <div className="panel-header">
        <h2 className="panel-title" id="wb-talk-title">
          {title}
        </h2>
      </div>
      {data.length === 0 ? (
        <p className="muted wb-chart-empty">{t('charts.noTalk')}</p>
      ) : (
        <div className="wb-chart-bars" role="img" aria-label={t('charts.talkLabel')} data-testid="talk-chart" style={{ height: data.length * rowHeight + 70 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} layout="vertical" margin={{ top: 16, right: 24, bottom: 0, left: 0 }} barGap={2}>
              <CartesianGrid horizontal={false} stroke={CHART_COLORS.grid} />
              <XAxis type="number" tickFormatter={(v: number) => format.duration(v)} tick={{ fontSize: font }} />
              <YAxis type="category" dataKey="name" width={large ? 200 : 140} tick={{ fontSize: font }} />
              <Tooltip formatter={(value) => (typeof value === 'number' ? format.duration(value) : '—')} />
              <Legend wrapperStyle={{ fontSize: font }} itemSorter={null} />
              {typeof targets.avgTalkSecondsMin === 'number' && (
                <ReferenceLine
                  x={targets.avgTalkSecondsMin}
                  stroke={CHART_COLORS.avgTalkRed}
                  strokeDasharray="4 3"
                  ifOverflow="extendDomain"
                  label={{ value: t('charts.talkMin', { time: format.duration(targets.avgTalkSecondsMin) }), position: 'top', fill: CHART_COLORS.avgTalkRed, fontSize: font - 1 }}
                />
              )}
              {typeof targets.avgTalkSecondsMax === 'number' && (
                <ReferenceLine
                  x={targets.avgTalkSecondsMax}
                  stroke={CHART_COLORS.avgTalkRed}
                  strokeDasharray="4 3"
                  ifOverflow="hidden"
                  label={{ value: t('charts.talkMax', { time: format.duration(targets.avgTalkSecondsMax) }), position: 'top', fill: CHART_COLORS.avgTalkRed, fontSize: font - 1 }}
                />
              )}
              {typeof targets.longCallSeconds === 'number' && (
                <ReferenceLine
                  x={targets.longCallSeconds}
                  stroke={CHART_COLORS.longestLong}
                  strokeDasharray="4 3"
                  ifOverflow="hidden"
                  label={{ value: t('charts.longCall', { time: format.duration(targets.longCallSeconds) }), position: 'insideBottomRight', fill: CHART_COLORS.longestLong, fontSize: font - 1 }}
                />
              )}
              <Bar dataKey="avgTalkSeconds" name={t('charts.avgTalk')} fill={CHART_COLORS.avgTalk} isAnimationActive={false}>
                {data.map((r) => (
                  <Cell key={r.id} fill={kpiTone('avgTalkSeconds', r.avgTalkSeconds, targets) === 'bad' ? CHART_COLORS.avgTalkRed : CHART_COLORS.avgTalk} />
                ))}
              </Bar>
              <Bar dataKey="longestTalkSeconds" name={t('charts.longest')} fill={CHART_COLORS.longest} isAnimationActive={false}>
                {data.map((r) => (
                  <Cell key={r.id} fill={kpiTone('longestTalkSeconds', r.longestTalkSeconds, targets) === 'warn' ? CHART_COLORS.longestLong : CHART_COLORS.longest} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
});
