import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import type { ReportFilters } from '../../reports/api/reports.types';
import { ExportButtons } from '../../reports/components/ExportButtons';
import { ReportState } from '../../reports/components/ReportState';
import { getTasksReport } from '../api/tasks.api';

export type TasksReportViewProps = { filters: ReportFilters };

/** Tasks by operator: open and overdue now, done within the period (the reports' filters). */
export function TasksReportView({ filters }: TasksReportViewProps) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const q = { from: filters.from, to: filters.to, teamId: filters.teamId ?? undefined, operatorId: filters.operatorId ?? undefined };
  const query = useQuery({ queryKey: ['reports', 'tasks', q], queryFn: ({ signal }) => getTasksReport(q, signal), placeholderData: keepPreviousData });
  return (
    <ReportState query={query}>
      {(report) => (
        <section className="panel" aria-labelledby="rp-tasks-title">
          <div className="panel-header rp-panel-header">
            <h2 className="panel-title" id="rp-tasks-title">
              {t('report.title')}
            </h2>
            <ExportButtons kind="tasks" filters={filters} />
          </div>
          <p className="field-hint">
            {t('report.hint')} <Link to="/agenda">{t('report.agenda')}</Link>
          </p>
          {report.items.length === 0 ? (
            <p className="muted">{t('report.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('report.title')} data-testid="tasks-report-table">
                <thead>
                  <tr>
                    <th scope="col">{t('report.operator')}</th>
                    <th scope="col" className="num">{t('report.open')}</th>
                    <th scope="col" className="num">{t('report.overdue')}</th>
                    <th scope="col" className="num">{t('report.done')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.operatorId}>
                      <td>{i.operatorName ?? `#${i.operatorId}`}</td>
                      <td className="num">{format.integer(i.open)}</td>
                      <td className="num">{i.overdue > 0 ? <span className="badge badge-red">{format.integer(i.overdue)}</span> : '0'}</td>
                      <td className="num">{format.integer(i.done)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('report.total')}</th>
                    <td className="num strong">{format.integer(report.total.open)}</td>
                    <td className="num strong">{format.integer(report.total.overdue)}</td>
                    <td className="num strong">{format.integer(report.total.done)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </section>
      )}
    </ReportState>
  );
}
