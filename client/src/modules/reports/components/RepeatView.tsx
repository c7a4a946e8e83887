import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import type { ReportFilters } from '../api/reports.types';
import type { RepeatPurchasesReport } from '../api/sales.types';
import { useRepeatPurchasesReport } from '../hooks/use-sales-reports';
import { ExportButtons } from './ExportButtons';
import { RepeatChart } from './RepeatChart';
import { ReportState } from './ReportState';
import { useShareFormat } from './SalesView';
import './sales.css';

export type RepeatViewProps = { filters: ReportFilters };

/** Repeat purchases: the headline figures, deals per client (chart and table), intervals, the top repeat clients. */
export function RepeatView({ filters }: RepeatViewProps) {
  const query = useRepeatPurchasesReport(filters);
  return <ReportState query={query}>{(report) => <RepeatBody report={report} filters={filters} />}</ReportState>;
}

function RepeatBody({ report, filters }: { report: RepeatPurchasesReport; filters: ReportFilters }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const { share, decimal } = useShareFormat();
  const period = `${format.calendarDate(report.from)} – ${format.calendarDate(report.to)}`;
  const days = (v: number | null) => (v === null ? '—' : t('repeat.days', { days: decimal(v) }));
  const b = report.intervals.buckets;
  const buckets = [
    { key: 'upTo30', label: t('repeat.upTo30'), count: b.upTo30 },
    { key: 'days31to90', label: t('repeat.days31to90'), count: b.days31to90 },
    { key: 'days91to180', label: t('repeat.days91to180'), count: b.days91to180 },
    { key: 'over180', label: t('repeat.over180'), count: b.over180 },
  ];

  return (
    <>
      <section className="panel" aria-labelledby="rp-repeat-title">
        <div className="panel-header rp-panel-header">
          <h2 className="panel-title" id="rp-repeat-title">
            {t('repeat.title')}: {period}
          </h2>
          <ExportButtons kind="repeat" filters={filters} />
        </div>
        <p className="field-hint">{t('repeat.explain')}</p>
        {report.buyers === 0 ? (
          <p className="muted" data-testid="repeat-empty">{t('common.empty')}</p>
        ) : (
          <dl className="rp-stats" data-testid="repeat-stats">
            <div>
              <dt>{t('repeat.buyers')}</dt>
              <dd className="stat-value" data-testid="repeat-buyers">{format.integer(report.buyers)}</dd>
            </div>
            <div>
              <dt>{t('repeat.repeatBuyers')}</dt>
              <dd>
                <span className="stat-value" data-testid="repeat-repeat-buyers">{format.integer(report.repeatBuyers)}</span>
                <span className="cell-sub">{t('repeat.ofBuyers', { share: share(report.repeatShare) })}</span>
              </dd>
            </div>
            <div>
              <dt>{t('repeat.repeatTurnover')}</dt>
              <dd>
                <span className="stat-value" data-testid="repeat-turnover">{format.money(report.repeatTurnover)}</span>
                <span className="cell-sub">{t('repeat.ofTurnover', { share: share(report.repeatTurnoverShare), turnover: format.money(report.turnover) })}</span>
              </dd>
            </div>
            <div>
              <dt>{t('repeat.medianInterval')}</dt>
              <dd className="stat-value" data-testid="repeat-median">{days(report.intervals.medianDays)}</dd>
            </div>
            <div>
              <dt>{t('repeat.averageInterval')}</dt>
              <dd className="stat-value">{days(report.intervals.averageDays)}</dd>
            </div>
          </dl>
        )}
      </section>

      {report.buyers > 0 && (
        <div className="rp-grid">
          <section className="panel" aria-labelledby="rp-repeat-dist-title">
            <h2 className="panel-title" id="rp-repeat-dist-title">
              {t('repeat.distributionTitle')}
            </h2>
            <RepeatChart rows={report.distribution} />
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('repeat.distributionTitle')} data-testid="repeat-distribution">
                <thead>
                  <tr>
                    <th scope="col">{t('repeat.dealsCount')}</th>
                    <th scope="col" className="num">{t('repeat.clients')}</th>
                    <th scope="col" className="num">{t('repeat.turnover')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.distribution.map((d) => (
                    <tr key={d.deals}>
                      <td>{d.deals}</td>
                      <td className="num">{format.integer(d.clients)}</td>
                      <td className="num">{format.money(d.turnover)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="panel" aria-labelledby="rp-repeat-gaps-title">
            <h2 className="panel-title" id="rp-repeat-gaps-title">
              {t('repeat.intervalsTitle')}
            </h2>
            <p className="field-hint">{t('repeat.intervalsExplain', { n: format.integer(report.intervals.count) })}</p>
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('repeat.intervalsTitle')} data-testid="repeat-intervals">
                <thead>
                  <tr>
                    <th scope="col">{t('repeat.interval')}</th>
                    <th scope="col" className="num">{t('repeat.intervals')}</th>
                    <th scope="col" className="num">{t('repeat.share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {buckets.map((x) => (
                    <tr key={x.key}>
                      <td>{x.label}</td>
                      <td className="num">{format.integer(x.count)}</td>
                      <td className="num">{share(report.intervals.count > 0 ? x.count / report.intervals.count : null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="panel" aria-labelledby="rp-repeat-top-title">
            <h2 className="panel-title" id="rp-repeat-top-title">
              {t('repeat.topTitle')}
            </h2>
            {report.top.length === 0 ? (
              <p className="muted">{t('repeat.none')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table rp-table" aria-label={t('repeat.topTitle')} data-testid="repeat-top">
                  <thead>
                    <tr>
                      <th scope="col">{t('repeat.client')}</th>
                      <th scope="col" className="num">{t('repeat.dealsCount')}</th>
                      <th scope="col" className="num">{t('repeat.turnover')}</th>
                      <th scope="col">{t('repeat.first')}</th>
                      <th scope="col">{t('repeat.last')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.top.map((c) => (
                      <tr key={c.clientId}>
                        <td>
                          <Link to={`/clients/${c.clientId}`}>{c.clientName}</Link>
                          {c.organization && <div className="cell-sub">{c.organization}</div>}
                        </td>
                        <td className="num">{format.integer(c.deals)}</td>
                        <td className="num">{format.money(c.turnover)}</td>
                        <td className="nowrap">{format.calendarDate(c.firstPurchase)}</td>
                        <td className="nowrap">{format.calendarDate(c.lastPurchase)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </>
  );
}
