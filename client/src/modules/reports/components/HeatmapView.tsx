import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { HEATMAP_METRICS, type HeatmapMetric } from '../api/heatmap.api';
import type { ReportFilters } from '../api/reports.types';
import { useHeatmapReport } from '../hooks/use-heatmap';
import { ExportButtons } from './ExportButtons';
import { HeatmapGrid, WEEKDAY_KEYS } from './HeatmapGrid';
import { ReportState } from './ReportState';
import './heatmap.css';

export type HeatmapViewProps = { filters: ReportFilters };

/** Calls by weekday and hour for staffing: the grid of one count at a time, the totals, the waits. */
export function HeatmapView({ filters }: HeatmapViewProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const [metric, setMetric] = useState<HeatmapMetric>('offered');
  const query = useHeatmapReport(filters);
  const percent = (part: number, whole: number) => (whole > 0 ? `${format.integer(Math.round((part / whole) * 100))} %` : '—');
  return (
    <ReportState query={query}>
      {(report) => (
        <section className="panel" aria-labelledby="rp-heatmap-title" data-testid="heatmap-report">
          <div className="panel-header rp-panel-header">
            <h2 className="panel-title" id="rp-heatmap-title">
              {t('heatmap.title')}
            </h2>
            <ExportButtons kind="heatmap" filters={filters} />
          </div>
          <p className="field-hint">{t('heatmap.explain', { timeZone: report.timeZone })}</p>
          <dl className="hm-summary" data-testid="heatmap-summary">
            <div>
              <dt>{t('heatmap.metrics.offered')}</dt>
              <dd>{format.integer(report.total.offered)}</dd>
            </div>
            <div>
              <dt>{t('heatmap.metrics.answered')}</dt>
              <dd>{format.integer(report.total.answered)}</dd>
            </div>
            <div>
              <dt>{t('heatmap.metrics.abandoned')}</dt>
              <dd>
                {format.integer(report.total.abandoned)} <span className="muted">({percent(report.total.abandoned, report.total.offered)})</span>
              </dd>
            </div>
            <div>
              <dt>{t('heatmap.avgWait')}</dt>
              <dd>{format.duration(report.total.avgWaitSeconds)}</dd>
            </div>
          </dl>
          <div className="segmented hm-metrics" role="group" aria-label={t('heatmap.metricLabel')}>
            {HEATMAP_METRICS.map((m) => (
              <button key={m} type="button" className="segment" aria-pressed={metric === m} onClick={() => setMetric(m)} data-metric={m}>
                {t(`heatmap.metrics.${m}`)}
              </button>
            ))}
          </div>
          {report.total.offered === 0 && <p className="muted">{t('heatmap.none')}</p>}
          <HeatmapGrid report={report} metric={metric} />
          <div className="table-wrap">
            <table className="table rp-table" aria-label={t('heatmap.weekdaysLabel')} data-testid="heatmap-weekdays">
              <thead>
                <tr>
                  <th scope="col">{t('heatmap.weekday')}</th>
                  <th scope="col" className="num">{t('heatmap.days')}</th>
                  <th scope="col" className="num">{t('heatmap.metrics.offered')}</th>
                  <th scope="col" className="num">{t('heatmap.perDay')}</th>
                  <th scope="col" className="num">{t('heatmap.metrics.answered')}</th>
                  <th scope="col" className="num">{t('heatmap.metrics.abandoned')}</th>
                  <th scope="col" className="num">{t('heatmap.abandonShare')}</th>
                  <th scope="col" className="num">{t('heatmap.avgWait')}</th>
                </tr>
              </thead>
              <tbody>
                {report.weekdays.map((w) => (
                  <tr key={w.weekday}>
                    <td className="strong">{t(`heatmap.weekdays.${WEEKDAY_KEYS[w.weekday - 1]!}`)}</td>
                    <td className="num">{format.integer(w.days)}</td>
                    <td className="num">{format.integer(w.offered)}</td>
                    <td className="num">{w.days > 0 ? format.integer(Math.round(w.offered / w.days)) : '—'}</td>
                    <td className="num">{format.integer(w.answered)}</td>
                    <td className="num">{format.integer(w.abandoned)}</td>
                    <td className="num">{percent(w.abandoned, w.offered)}</td>
                    <td className="num">{format.duration(w.avgWaitSeconds)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('common.total')}</th>
                  <td className="num">{format.integer(report.weekdays.reduce((a, w) => a + w.days, 0))}</td>
                  <td className="num">{format.integer(report.total.offered)}</td>
                  <td />
                  <td className="num">{format.integer(report.total.answered)}</td>
                  <td className="num">{format.integer(report.total.abandoned)}</td>
                  <td className="num">{percent(report.total.abandoned, report.total.offered)}</td>
                  <td className="num">{format.duration(report.total.avgWaitSeconds)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      )}
    </ReportState>
  );
}
