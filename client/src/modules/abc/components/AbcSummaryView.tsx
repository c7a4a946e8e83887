import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { Spinner } from '../../../ui/Spinner';
import { useAbcSummary } from '../hooks/use-abc';
import { AbcExports } from './AbcExports';
import { AbcState } from './AbcState';

// recharts is heavy: loaded only when this tab draws its chart.
const ParetoChart = lazy(() => import('./ParetoChart').then((m) => ({ default: m.ParetoChart })));

/** Per class: clients, turnover, share and the average per client; the unclassified apart; the Pareto curve. */
export function AbcSummaryView() {
  const { t } = useTranslation('abc');
  const format = useFormat();
  const query = useAbcSummary();
  const pct = (v: number) => `${(v * 100).toLocaleString(format.locale, { maximumFractionDigits: 1 })} %`;
  return (
    <AbcState query={query}>
      {(r) => {
        const classified = r.classes.reduce((s, c) => s + c.clients, 0);
        return (
          <section className="panel" aria-labelledby="abc-summary-title">
            <div className="panel-header abc-panel-header">
              <h2 className="panel-title" id="abc-summary-title">
                {t('summary.title')}: {format.calendarDate(r.from)} – {format.calendarDate(r.to)}
              </h2>
              <AbcExports kind="summary" />
            </div>
            <p className="field-hint">{t('summary.explain', { a: r.shares[0], b: r.shares[1], c: r.shares[2] })}</p>
            <p className="field-hint">{r.recomputedAt ? t('summary.recomputed', { at: format.dateTime(r.recomputedAt) }) : t('summary.neverRecomputed')}</p>
            <div className="table-wrap">
              <table className="table abc-table" aria-label={t('summary.tableLabel')} data-testid="abc-summary-table">
                <thead>
                  <tr>
                    <th scope="col">{t('matrix.classCol')}</th>
                    <th scope="col" className="num">{t('common.clients')}</th>
                    <th scope="col" className="num">{t('common.turnover')}</th>
                    <th scope="col" className="num">{t('common.share')}</th>
                    <th scope="col" className="num">{t('common.avgPerClient')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.classes.map((c) => (
                    <tr key={c.class}>
                      <th scope="row">
                        <span className={`class-badge class-${c.class}`}>{c.class}</span>
                      </th>
                      <td className="num">{c.clients > 0 ? <Link to={`/clients?class=${c.class}&sort=revenue&order=desc`} title={t('common.openList')}>{format.integer(c.clients)}</Link> : '0'}</td>
                      <td className="num">{format.money(c.turnover)}</td>
                      <td className="num">{pct(c.share)}</td>
                      <td className="num">{format.money(c.avgPerClient)}</td>
                    </tr>
                  ))}
                  <tr className="abc-none-row">
                    <th scope="row">{t('common.none')}</th>
                    <td className="num">{format.integer(r.unclassified)}</td>
                    <td className="num muted" colSpan={3}>{t('common.noTurnover')}</td>
                  </tr>
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('common.total')}</th>
                    <td className="num">{format.integer(classified + r.unclassified)}</td>
                    <td className="num">{format.money(r.turnover)}</td>
                    <td className="num">{r.turnover > 0 ? '100 %' : '—'}</td>
                    <td className="num">{classified > 0 ? format.money(Math.round((r.turnover / classified) * 100) / 100) : '—'}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
            {classified === 0 ? (
              <p className="muted">{t('common.empty')}</p>
            ) : (
              <>
                <h3 className="abc-subtitle">{t('summary.chartTitle')}</h3>
                <Suspense fallback={<Spinner />}>
                  <ParetoChart points={r.pareto} totalClients={classified} totalTurnover={r.turnover} shares={r.shares} />
                </Suspense>
              </>
            )}
          </section>
        );
      }}
    </AbcState>
  );
}
