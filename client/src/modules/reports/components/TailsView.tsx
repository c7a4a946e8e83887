import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import type { ReportFilters } from '../api/reports.types';
import { useTailsReport } from '../hooks/use-reports';
import { ExportButtons } from './ExportButtons';
import { ReportState } from './ReportState';
import { TailsChart } from './TailsChart';

export type TailsViewProps = { filters: ReportFilters };

/** Callbacks promised more than N days ago and not made, per operator, by age; rows lead to the tails to work. */
export function TailsView({ filters }: TailsViewProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const query = useTailsReport(filters);
  return (
    <ReportState query={query}>
      {(report) => {
        const name = (id: number | null, n: string | null) => (id === null ? t('tails.unassigned') : (n ?? t('common.unknownUser', { id })));
        return (
          <section className="panel" aria-labelledby="rp-tails-title">
            <div className="panel-header rp-panel-header">
              <h2 className="panel-title" id="rp-tails-title">
                {t('tails.title')}
              </h2>
              <ExportButtons kind="tails" filters={filters} />
            </div>
            <p className="field-hint">{t('tails.explain', { days: report.days })}</p>
            {report.items.length === 0 ? (
              <p className="muted">{t('tails.none', { days: report.days })}</p>
            ) : (
              <>
                <TailsChart rows={report.items.map((i) => ({ name: name(i.assigneeId, i.assigneeName), age3to7: i.age3to7, age7to14: i.age7to14, age14plus: i.age14plus }))} />
                <div className="table-wrap">
                  <table className="table rp-table" aria-label={t('tails.tableLabel')} data-testid="tails-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('tails.assignee')}</th>
                        <th scope="col" className="num">{t('tails.count')}</th>
                        <th scope="col" className="num">{t('tails.age3to7')}</th>
                        <th scope="col" className="num">{t('tails.age7to14')}</th>
                        <th scope="col" className="num">{t('tails.age14plus')}</th>
                        <th scope="col">{t('tails.oldest')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.items.map((i) => (
                        <tr key={i.assigneeId ?? 'pool'}>
                          <td>
                            <Link to="/rules?tab=tails">{name(i.assigneeId, i.assigneeName)}</Link>
                          </td>
                          <td className="num">{format.integer(i.count)}</td>
                          <td className="num">{format.integer(i.age3to7)}</td>
                          <td className="num">{format.integer(i.age7to14)}</td>
                          <td className="num">{i.age14plus > 0 ? <span className="badge badge-red">{format.integer(i.age14plus)}</span> : '0'}</td>
                          <td className="nowrap">{format.compactDateTime(i.oldestDueAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('common.total')}</th>
                        <td className="num">{format.integer(report.total)}</td>
                        <td className="num">{format.integer(report.buckets.age3to7)}</td>
                        <td className="num">{format.integer(report.buckets.age7to14)}</td>
                        <td className="num">{format.integer(report.buckets.age14plus)}</td>
                        <td />
                      </tr>
                    </tfoot>
                  </table>
                </div>
                <p>
                  <Link to="/rules?tab=tails" className="btn btn-secondary btn-sm">
                    {t('tails.open')}
                  </Link>
                </p>
              </>
            )}
          </section>
        );
      }}
    </ReportState>
  );
}
