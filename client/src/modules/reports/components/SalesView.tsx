import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { ReportFilters } from '../api/reports.types';
import type { SalesFigures, SalesReport } from '../api/sales.types';
import { useSalesReport } from '../hooks/use-sales-reports';
import { ExportButtons } from './ExportButtons';
import { OperatorCallsModal } from './OperatorCallsModal';
import { ParetoOperatorsChart } from './ParetoOperatorsChart';
import { ReportState } from './ReportState';
import { SalesChart } from './SalesChart';
import './sales.css';

/** Percent with at most one decimal, and plain decimals, in the UI language. */
export function useShareFormat() {
  const format = useFormat();
  return useMemo(() => {
    const percent = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 });
    const decimal = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 });
    return { share: (v: number | null) => (v === null ? '—' : percent.format(v)), decimal: (v: number | null) => (v === null ? '—' : decimal.format(v)) };
  }, [format.locale]);
}

function FigureCells({ f }: { f: SalesFigures }) {
  const format = useFormat();
  const { share, decimal } = useShareFormat();
  return (
    <>
      <td className="num">{format.integer(f.contacts)}</td>
      <td className="num">{format.integer(f.effective)}</td>
      <td className="num">{format.integer(f.saleCalls)}</td>
      <td className="num">{format.integer(f.sales)}</td>
      <td className="num">{format.money(f.turnover)}</td>
      <td className="num">{decimal(f.contactsPerSale)}</td>
      <td className="num">{share(f.conversion)}</td>
      <td className="num">{f.avgDeal === null ? '—' : format.money(f.avgDeal)}</td>
    </>
  );
}

export type SalesViewProps = { filters: ReportFilters };

/** Sales beside contacts per operator (chart and table, each row opening its calls) and the Pareto of operators. */
export function SalesView({ filters }: SalesViewProps) {
  const query = useSalesReport(filters);
  return <ReportState query={query}>{(report) => <SalesBody report={report} filters={filters} />}</ReportState>;
}

function SalesBody({ report, filters }: { report: SalesReport; filters: ReportFilters }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const { share } = useShareFormat();
  const [open, setOpen] = useState<{ id: number; name: string } | null>(null);
  const name = (id: number, n: string | null) => n ?? t('common.unknownUser', { id });
  const period = `${format.calendarDate(report.from)} – ${format.calendarDate(report.to)}`;

  return (
    <>
      <section className="panel" aria-labelledby="rp-sales-title">
        <div className="panel-header rp-panel-header">
          <h2 className="panel-title" id="rp-sales-title">
            {t('sales.title')}: {period}
          </h2>
          <ExportButtons kind="sales" filters={filters} />
        </div>
        <p className="field-hint">{t('sales.explain')}</p>
        {report.items.length === 0 ? (
          <p className="muted" data-testid="sales-empty">{t('common.empty')}</p>
        ) : (
          <>
            <SalesChart rows={report.items.map((i) => ({ id: i.operatorId, name: name(i.operatorId, i.operatorName), contacts: i.contacts, sales: i.sales }))} />
            <div className="table-wrap">
              <table className="table rp-table rp-sales-table" aria-label={t('sales.tableLabel')} data-testid="sales-table">
                <thead>
                  <tr>
                    <th scope="col">{t('sales.operator')}</th>
                    <th scope="col" className="num">{t('sales.contacts')}</th>
                    <th scope="col" className="num">{t('sales.effective')}</th>
                    <th scope="col" className="num">{t('sales.saleCalls')}</th>
                    <th scope="col" className="num">{t('sales.sales')}</th>
                    <th scope="col" className="num">{t('sales.turnover')}</th>
                    <th scope="col" className="num">{t('sales.contactsPerSale')}</th>
                    <th scope="col" className="num">{t('sales.conversion')}</th>
                    <th scope="col" className="num">{t('sales.avgDeal')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('sales.showCalls')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.operatorId}>
                      <td>{name(i.operatorId, i.operatorName)}</td>
                      <FigureCells f={i} />
                      <td>
                        {i.contacts > 0 && (
                          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen({ id: i.operatorId, name: name(i.operatorId, i.operatorName) })}>
                            {t('sales.showCalls')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-testid="sales-total">
                    <th scope="row">{t('common.total')}</th>
                    <FigureCells f={report.total} />
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
        {report.unattributed.sales > 0 && <p className="muted rp-note">{t('sales.unattributed', { n: format.integer(report.unattributed.sales), turnover: format.money(report.unattributed.turnover) })}</p>}
      </section>

      {report.items.length > 0 && (
        <section className="panel" aria-labelledby="rp-pareto-title">
          <h2 className="panel-title" id="rp-pareto-title">
            {t('sales.paretoTitle')}
          </h2>
          {report.pareto.items.length === 0 ? (
            <p className="muted">{t('sales.paretoEmpty')}</p>
          ) : (
            <>
              <p className="rp-pareto-summary" data-testid="pareto-summary">
                {t('sales.paretoSummary', { top: report.pareto.topOperators, operators: report.pareto.operators, share: share(report.pareto.threshold) })}
              </p>
              <ParetoOperatorsChart threshold={report.pareto.threshold} rows={report.pareto.items.map((p) => ({ id: p.operatorId, name: name(p.operatorId, p.operatorName), turnover: p.turnover, cumulativeShare: p.cumulativeShare, top: p.top }))} />
              <div className="table-wrap">
                <table className="table rp-table" aria-label={t('sales.paretoTableLabel')} data-testid="pareto-table">
                  <thead>
                    <tr>
                      <th scope="col" className="num">{t('sales.rank')}</th>
                      <th scope="col">{t('sales.operator')}</th>
                      <th scope="col" className="num">{t('sales.turnover')}</th>
                      <th scope="col" className="num">{t('sales.share')}</th>
                      <th scope="col" className="num">{t('sales.cumulativeShare')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('sales.inTop', { share: share(report.pareto.threshold) })}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.pareto.items.map((p, i) => (
                      <tr key={p.operatorId}>
                        <td className="num">{i + 1}</td>
                        <td>{name(p.operatorId, p.operatorName)}</td>
                        <td className="num">{format.money(p.turnover)}</td>
                        <td className="num">{share(p.share)}</td>
                        <td className="num">{share(p.cumulativeShare)}</td>
                        <td>{p.top && <span className="badge badge-green">{t('sales.inTop', { share: share(report.pareto.threshold) })}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
      {open && <OperatorCallsModal operatorId={open.id} name={open.name} range={report.range} onClose={() => setOpen(null)} />}
    </>
  );
}
