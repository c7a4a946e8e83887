import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { OutcomeDistribution, OutcomeKind, OutcomesReport } from '../api/length-outcomes.api';
import type { ReportFilters } from '../api/reports.types';
import { useOutcomesReport } from '../hooks/use-length-outcomes';
import { ExportButtons } from './ExportButtons';
import { OperatorCallsModal } from './OperatorCallsModal';
import { OutcomesChart } from './OutcomesChart';
import { ReportState } from './ReportState';
import './length-outcomes.css';

export type OutcomesViewProps = { filters: ReportFilters };

/** How many contacts before a sale and before a client was marked lost, per operator and in total. */
export function OutcomesView({ filters }: OutcomesViewProps) {
  const query = useOutcomesReport(filters);
  return <ReportState query={query}>{(report) => <OutcomesBody report={report} filters={filters} />}</ReportState>;
}

function OutcomesBody({ report, filters }: { report: OutcomesReport; filters: ReportFilters }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const [open, setOpen] = useState<{ id: number; name: string } | null>(null);
  const name = (id: number, n: string | null) => n ?? t('common.unknownUser', { id });
  const period = `${format.calendarDate(report.from)} – ${format.calendarDate(report.to)}`;
  const decimal = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 });
  const median = (d: OutcomeDistribution) => (d.median === null ? '—' : decimal.format(d.median));
  const empty = report.total.sale.clients + report.total.lost.clients === 0;

  const table = (kind: OutcomeKind) => {
    const rows = report.items.filter((i) => i[kind].clients > 0);
    const early = (key: string) => kind === 'lost' && report.buckets.find((b) => b.key === key)!.toContacts! <= report.earlyLossContacts;
    return (
      <section className="panel" aria-labelledby={`lo-${kind}-title`}>
        <h2 className="panel-title" id={`lo-${kind}-title`}>
          {t(kind === 'sale' ? 'outcomes.saleTitle' : 'outcomes.lostTitle')}
        </h2>
        {report.codes[kind].length === 0 ? (
          <p className="muted">{t('outcomes.noCodes', { kind: t(kind === 'sale' ? 'outcomes.sale' : 'outcomes.lost') })}</p>
        ) : rows.length === 0 ? (
          <p className="muted">{t('common.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table rp-table lo-table" aria-label={t(kind === 'sale' ? 'outcomes.saleTableLabel' : 'outcomes.lostTableLabel')} data-testid={`outcomes-${kind}-table`}>
              <thead>
                <tr>
                  <th scope="col">{t('outcomes.operator')}</th>
                  <th scope="col" className="num">{t('outcomes.clients')}</th>
                  {report.buckets.map((b) => (
                    <th scope="col" className="num" key={b.key}>
                      {t(`outcomes.buckets.${b.key}`)}
                    </th>
                  ))}
                  <th scope="col" className="num">{t('outcomes.median')}</th>
                  {kind === 'lost' && <th scope="col" className="num">{t('outcomes.early')}</th>}
                  <th scope="col">
                    <span className="visually-hidden">{t('outcomes.showCalls')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((i) => {
                  const flagged = kind === 'lost' && i.givesUpEarly;
                  return (
                    <tr key={i.operatorId} className={flagged ? 'lo-row-alert' : undefined} data-gives-up-early={flagged ? 'true' : undefined}>
                      <td>
                        {name(i.operatorId, i.operatorName)}
                        {flagged && <span className="badge badge-red lo-flag">{t('outcomes.givesUpEarly')}</span>}
                      </td>
                      <td className="num">{format.integer(i[kind].clients)}</td>
                      {report.buckets.map((b) => (
                        <td className={`num${flagged && early(b.key) && i[kind].buckets[b.key] > 0 ? ' lo-cell-early' : ''}`} key={b.key}>
                          {format.integer(i[kind].buckets[b.key])}
                        </td>
                      ))}
                      <td className="num">{median(i[kind])}</td>
                      {kind === 'lost' && <td className="num">{i.lost.earlyShare === null ? '—' : `${format.integer(i.lost.early)} (${format.integer(Math.round(i.lost.earlyShare * 100))} %)`}</td>}
                      <td>
                        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen({ id: i.operatorId, name: name(i.operatorId, i.operatorName) })}>
                          {t('outcomes.showCalls')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('common.total')}</th>
                  <td className="num" data-testid={`outcomes-${kind}-total`}>{format.integer(report.total[kind].clients)}</td>
                  {report.buckets.map((b) => (
                    <td className="num" key={b.key}>
                      {format.integer(report.total[kind].buckets[b.key])}
                    </td>
                  ))}
                  <td className="num">{median(report.total[kind])}</td>
                  {kind === 'lost' && <td className="num">{report.total.lost.earlyShare === null ? '—' : `${format.integer(report.total.lost.early)} (${format.integer(Math.round(report.total.lost.earlyShare * 100))} %)`}</td>}
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </section>
    );
  };

  return (
    <>
      <section className="panel" aria-labelledby="lo-outcomes-title">
        <div className="panel-header rp-panel-header">
          <h2 className="panel-title" id="lo-outcomes-title">
            {t('outcomes.title')}: {period}
          </h2>
          <ExportButtons kind="outcomes" filters={filters} />
        </div>
        <p className="field-hint">{t('outcomes.explain')}</p>
        <p className="lo-rule" data-testid="outcomes-rule">{t('outcomes.rule')}</p>
        {empty ? <p className="muted" data-testid="outcomes-empty">{t('common.empty')}</p> : <OutcomesChart report={report} />}
      </section>
      {!empty && table('sale')}
      {!empty && table('lost')}
      {open && <OperatorCallsModal operatorId={open.id} name={open.name} range={report.range} onClose={() => setOpen(null)} />}
    </>
  );
}
