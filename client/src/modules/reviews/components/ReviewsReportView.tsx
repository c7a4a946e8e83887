import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../../i18n/format';
import { isLanguage } from '../../../i18n/i18n';
import type { ReportFilters } from '../../reports/api/reports.types';
import { ExportButtons } from '../../reports/components/ExportButtons';
import { REPORT_COLORS } from '../../reports/components/report-colors';
import { ReportState } from '../../reports/components/ReportState';
import type { ReviewsReport } from '../api/reviews.api';
import { useReviewsReport } from '../hooks/use-reviews';
import './reviews.css';

export type ReviewsReportViewProps = { filters: ReportFilters };

/** Reviews per operator in the period: how many, the average percentage and each checklist item's average; a chart of the averages. */
export function ReviewsReportView({ filters }: ReviewsReportViewProps) {
  const query = useReviewsReport({ from: filters.from, to: filters.to, teamId: filters.teamId, operatorId: filters.operatorId });
  return <ReportState query={query}>{(report) => <ReviewsReportBody report={report} filters={filters} />}</ReportState>;
}

function ReviewsReportBody({ report, filters }: { report: ReviewsReport; filters: ReportFilters }) {
  const { t, i18n } = useTranslation('reviews');
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const format = useFormat();
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 }).format(v)} %`);
  const period = `${format.calendarDate(report.from)} – ${format.calendarDate(report.to)}`;
  return (
    <>
      <section className="panel" aria-labelledby="rv-report-title">
        <div className="panel-header panel-header-wrap">
          <h2 className="panel-title" id="rv-report-title">
            {t('report.title')} <span className="muted">{period}</span>
          </h2>
          <ExportButtons kind="reviews" filters={filters} />
        </div>
        {report.items.length === 0 ? (
          <p className="muted">{t('report.empty')}</p>
        ) : (
          <>
            <ReviewsChart report={report} />
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('report.tableLabel')} data-testid="reviews-report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('report.operator')}</th>
                    <th scope="col" className="num">{t('report.reviews')}</th>
                    <th scope="col" className="num">{t('report.average')}</th>
                    {report.checklist.map((i) => (
                      <th scope="col" className="num rv-report-item" key={i.id} title={i.names[lang]}>
                        {i.names[lang]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((o) => (
                    <tr key={o.operatorId} data-operator={o.operatorId}>
                      <td>{o.operatorName}</td>
                      <td className="num">{format.integer(o.reviews)}</td>
                      <td className="num strong">{pct(o.avgPercent)}</td>
                      {report.checklist.map((i) => (
                        <td className="num" key={i.id}>
                          {pct(o.items[String(i.id)])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <td className="strong">{t('report.total')}</td>
                    <td className="num">{format.integer(report.total.reviews)}</td>
                    <td className="num strong">{pct(report.total.avgPercent)}</td>
                    {report.checklist.map((i) => (
                      <td className="num" key={i.id}>
                        {pct(report.total.items[String(i.id)])}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </section>
    </>
  );
}

/** Each operator's average, 0–100 %, coloured like the percentage badges. */
const ReviewsChart = memo(function ReviewsChart({ report }: { report: ReviewsReport }) {
  const { t } = useTranslation('reviews');
  const data = report.items.map((o) => ({ name: o.operatorName, avg: o.avgPercent ?? 0 }));
  return (
    <div className="rp-chart" role="img" aria-label={t('report.chartLabel')} data-testid="reviews-chart" style={{ height: Math.max(160, 40 + data.length * 32) }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 0, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit=" %" tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => [`${String(value)} %`, t('report.average')]} />
          <Bar dataKey="avg" fill={REPORT_COLORS.primary} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
