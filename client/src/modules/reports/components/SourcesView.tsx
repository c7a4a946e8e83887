import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import type { ReportFilters, SourceFigures } from '../api/reports.types';
import { useSourcesReport } from '../hooks/use-reports';
import { ExportButtons } from './ExportButtons';
import { ReportState } from './ReportState';
import { SourcesChart } from './SourcesChart';
import { SpendEditor } from './SpendEditor';

export type SourcesViewProps = { filters: ReportFilters; canEditSpend: boolean };

/** Per lead source: new clients, turnover, spend, cost per new client and the return, ranked by turnover. */
export function SourcesView({ filters, canEditSpend }: SourcesViewProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const query = useSourcesReport(filters);
  const cells = (f: SourceFigures) => (
    <>
      <td className="num">{format.integer(f.newClients)}</td>
      <td className="num">{format.money(f.turnover)}</td>
      <td className="num">{format.money(f.spend)}</td>
      <td className="num">{f.costPerClient === null ? '—' : format.money(f.costPerClient)}</td>
      <td className="num">{f.returnOnSpend === null ? '—' : `× ${f.returnOnSpend.toLocaleString(format.locale)}`}</td>
    </>
  );
  return (
    <>
      <ReportState query={query}>
        {(report) => (
          <section className="panel" aria-labelledby="rp-sources-title">
            <div className="panel-header rp-panel-header">
              <h2 className="panel-title" id="rp-sources-title">
                {t('sources.title')}: {format.calendarDate(report.from)} – {format.calendarDate(report.to)}
              </h2>
              <ExportButtons kind="sources" filters={filters} />
            </div>
            <p className="field-hint">{t('sources.explain')}</p>
            {report.items.length === 0 ? (
              <p className="muted">{t('common.empty')}</p>
            ) : (
              <>
                <SourcesChart rows={report.items.map((i) => ({ name: i.source ?? t('sources.none'), turnover: i.turnover, spend: i.spend }))} />
                <div className="table-wrap">
                  <table className="table rp-table" aria-label={t('sources.tableLabel')} data-testid="sources-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('sources.source')}</th>
                        <th scope="col" className="num">{t('sources.newClients')}</th>
                        <th scope="col" className="num">{t('sources.turnover')}</th>
                        <th scope="col" className="num">{t('sources.spend')}</th>
                        <th scope="col" className="num">{t('sources.costPerClient')}</th>
                        <th scope="col" className="num">{t('sources.returnOnSpend')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.items.map((i) => (
                        <tr key={i.source ?? ''}>
                          <td>{i.source === null ? <span className="muted">{t('sources.none')}</span> : <Link to={`/clients?source=${encodeURIComponent(i.source)}`}>{i.source}</Link>}</td>
                          {cells(i)}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('common.total')}</th>
                        {cells(report.total)}
                      </tr>
                    </tfoot>
                  </table>
                </div>
              </>
            )}
          </section>
        )}
      </ReportState>
      {canEditSpend && <SpendEditor initialMonth={filters.to.slice(0, 7)} />}
    </>
  );
}
