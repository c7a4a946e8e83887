import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { HeatmapFigures, HeatmapMetric, HeatmapReport } from '../api/heatmap.api';

export type HeatmapGridProps = { report: HeatmapReport; metric: HeatmapMetric };

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const TONES: Record<HeatmapMetric, string> = { offered: '37, 99, 235', answered: '22, 163, 74', abandoned: '220, 38, 38' };
const hh = (h: number) => String(h).padStart(2, '0');

/**
 * Weekdays down, local hours across, each cell shaded by the chosen count against the busiest cell; the
 * last column and row are the totals. The table scrolls sideways inside its own box on a phone.
 */
export const HeatmapGrid = memo(function HeatmapGrid({ report, metric }: HeatmapGridProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const max = Math.max(1, ...report.cells.map((c) => c[metric]));
  const details = (f: HeatmapFigures) =>
    [
      `${t('heatmap.metrics.offered')}: ${format.integer(f.offered)}`,
      `${t('heatmap.metrics.answered')}: ${format.integer(f.answered)}`,
      `${t('heatmap.metrics.abandoned')}: ${format.integer(f.abandoned)}`,
      `${t('heatmap.avgWait')}: ${format.duration(f.avgWaitSeconds)}`,
    ].join('\n');
  return (
    <div className="hm-scroll" data-testid="heatmap-scroll">
      <table className="hm-table" aria-label={t('heatmap.gridLabel', { metric: t(`heatmap.metrics.${metric}`) })} data-testid="heatmap-grid" data-metric={metric}>
        <thead>
          <tr>
            <th scope="col" className="hm-corner">
              <span className="visually-hidden">{t('heatmap.weekday')}</span>
            </th>
            {report.hours.map((h) => (
              <th key={h.hour} scope="col" className="hm-hour">
                {hh(h.hour)}
              </th>
            ))}
            <th scope="col" className="hm-total">
              {t('common.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.weekdays.map((w) => (
            <tr key={w.weekday}>
              <th scope="row" className="hm-day">
                {t(`heatmap.weekdays.${WEEKDAY_KEYS[w.weekday - 1]!}`)}
              </th>
              {report.cells
                .filter((c) => c.weekday === w.weekday)
                .map((c) => {
                  const value = c[metric];
                  const share = value / max;
                  return (
                    <td
                      key={c.hour}
                      className={`hm-cell${share > 0.55 ? ' is-dark' : ''}`}
                      style={value > 0 ? { backgroundColor: `rgba(${TONES[metric]}, ${(0.1 + 0.85 * share).toFixed(3)})` } : undefined}
                      title={`${t(`heatmap.weekdays.${WEEKDAY_KEYS[w.weekday - 1]!}`)} ${hh(c.hour)}:00–${hh(c.hour)}:59\n${details(c)}`}
                      data-weekday={c.weekday}
                      data-hour={c.hour}
                    >
                      {value > 0 ? format.integer(value) : ''}
                    </td>
                  );
                })}
              <td className="hm-total" title={details(w)}>
                {format.integer(w[metric])}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" className="hm-day">
              {t('common.total')}
            </th>
            {report.hours.map((h) => (
              <td key={h.hour} className="hm-total" title={details(h)}>
                {h[metric] > 0 ? format.integer(h[metric]) : ''}
              </td>
            ))}
            <td className="hm-total" title={details(report.total)}>
              {format.integer(report.total[metric])}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
});
