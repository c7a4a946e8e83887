import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { Field } from '../../../ui/Field';
import { FUNNEL_STAGES, funnelExtra, type FunnelReport, type FunnelStage } from '../api/funnel.api';
import type { ReportFilters } from '../api/reports.types';
import { useFunnelReport, useZombieDays } from '../hooks/use-funnel';
import { ExportButtons } from './ExportButtons';
import { FunnelStagesChart, FunnelWeeksChart } from './FunnelCharts';
import { ReportState } from './ReportState';
import './funnel.css';

export type FunnelViewProps = { filters: ReportFilters };

/** The funnel: stages now with the period's flow and the forecast, the moves, the weeks, the zombies. */
export function FunnelView({ filters }: FunnelViewProps) {
  const { t } = useTranslation('reports');
  const [zombieDays, setZombieDays] = useZombieDays();
  const query = useFunnelReport(filters, zombieDays);
  return (
    <ReportState query={query}>
      {(report) => (
        <>
          <FunnelStages report={report} filters={filters} />
          <FunnelMoves report={report} />
          <FunnelWeeks report={report} />
          <FunnelZombies report={report} onDays={setZombieDays} />
        </>
      )}
    </ReportState>
  );
}

type PartProps = { report: FunnelReport };

function useStageName() {
  const { t } = useTranslation();
  return (s: FunnelStage) => t(`stage.${s}`);
}

function FunnelStages({ report, filters }: PartProps & { filters: ReportFilters }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const stageName = useStageName();
  const forecast = new Map(report.forecast.stages.map((f) => [f.stage, f]));
  const percent = (r: number | null | undefined) => (r === null || r === undefined ? '—' : `${(r * 100).toLocaleString(format.locale, { maximumFractionDigits: 1 })} %`);
  const decimal = (x: number) => x.toLocaleString(format.locale, { maximumFractionDigits: 1 });
  const clientsOf = (s: FunnelStage) => `/clients?stage=${s}${filters.operatorId ? `&owner=${filters.operatorId}` : ''}`;
  return (
    <section className="panel" aria-labelledby="rp-funnel-title" data-testid="funnel-report">
      <div className="panel-header rp-panel-header">
        <h2 className="panel-title" id="rp-funnel-title">
          {t('funnel.title')}: {format.calendarDate(report.from)} – {format.calendarDate(report.to)}
        </h2>
        <ExportButtons kind="funnel" filters={filters} extra={funnelExtra(report.zombieDays)} />
      </div>
      <p className="field-hint">{t('funnel.explain')}</p>
      <FunnelStagesChart rows={report.stages.map((s) => ({ name: stageName(s.stage), active: s.clients - s.zombies, zombies: s.zombies, entered: s.entered }))} />
      <div className="table-wrap">
        <table className="table rp-table" aria-label={t('funnel.tableLabel')} data-testid="funnel-table">
          <thead>
            <tr>
              <th scope="col">{t('funnel.stage')}</th>
              <th scope="col" className="num">{t('funnel.now')}</th>
              <th scope="col" className="num">{t('funnel.entered')}</th>
              <th scope="col" className="num">{t('funnel.left')}</th>
              <th scope="col" className="num">{t('funnel.zombies')}</th>
              <th scope="col" className="num">{t('funnel.toNext')}</th>
              <th scope="col" className="num">{t('funnel.toCustomer')}</th>
              <th scope="col" className="num">{t('funnel.expected')}</th>
            </tr>
          </thead>
          <tbody>
            {report.stages.map((s) => {
              const f = forecast.get(s.stage);
              return (
                <tr key={s.stage} data-stage={s.stage}>
                  <th scope="row">
                    <Link to={clientsOf(s.stage)}>{stageName(s.stage)}</Link>
                  </th>
                  <td className="num">{format.integer(s.clients)}</td>
                  <td className="num">{format.integer(s.entered)}</td>
                  <td className="num">{format.integer(s.left)}</td>
                  <td className="num">{s.zombies > 0 ? <span className="badge badge-amber">{format.integer(s.zombies)}</span> : f ? '0' : '—'}</td>
                  <td className="num">{percent(f?.toNextRate)}</td>
                  <td className="num">{percent(f?.toCustomerRate)}</td>
                  <td className="num">{f ? decimal(f.expectedCustomers) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('common.total')}</th>
              <td className="num" data-testid="funnel-total-clients">
                {format.integer(report.total.clients)}
              </td>
              <td className="num">{format.integer(report.total.entered)}</td>
              <td className="num">{format.integer(report.total.left)}</td>
              <td className="num">{format.integer(report.total.zombies)}</td>
              <td />
              <td />
              <td className="num">{decimal(report.forecast.expectedCustomers)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="field-hint">{t('funnel.forecastExplain', { days: report.forecast.windowDays })}</p>
    </section>
  );
}

function FunnelMoves({ report }: PartProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const stageName = useStageName();
  const count = new Map(report.moves.map((m) => [`${m.from ?? 'new'}>${m.to}`, m.count]));
  const rows: (FunnelStage | null)[] = [null, ...FUNNEL_STAGES.filter((s) => report.moves.some((m) => m.from === s))];
  return (
    <section className="panel" aria-labelledby="rp-funnel-moves">
      <div className="panel-header">
        <h2 className="panel-title" id="rp-funnel-moves">
          {t('funnel.movesTitle')}
        </h2>
      </div>
      <p className="field-hint">{t('funnel.movesExplain')}</p>
      {report.moves.length === 0 ? (
        <p className="muted">{t('funnel.noMoves')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table rp-table fn-matrix" aria-label={t('funnel.movesLabel')} data-testid="funnel-moves">
            <thead>
              <tr>
                <th scope="col">{t('funnel.fromTo')}</th>
                {FUNNEL_STAGES.map((s) => (
                  <th key={s} scope="col" className="num">
                    {stageName(s)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((from) => (
                <tr key={from ?? 'new'}>
                  <th scope="row">{from === null ? t('funnel.new') : stageName(from)}</th>
                  {FUNNEL_STAGES.map((to) => {
                    const n = count.get(`${from ?? 'new'}>${to}`) ?? 0;
                    return (
                      <td key={to} className={n > 0 ? (to === 'lost' ? 'num fn-lost' : to === 'customer' ? 'num fn-won' : 'num') : 'num muted'}>
                        {n > 0 ? format.integer(n) : '·'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FunnelWeeks({ report }: PartProps) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const short = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;
  const sum = report.weeks.reduce((a, w) => ({ newClients: a.newClients + w.newClients, won: a.won + w.won, lost: a.lost + w.lost }), { newClients: 0, won: 0, lost: 0 });
  return (
    <section className="panel" aria-labelledby="rp-funnel-weeks">
      <div className="panel-header">
        <h2 className="panel-title" id="rp-funnel-weeks">
          {t('funnel.weeksTitle')}
        </h2>
      </div>
      <FunnelWeeksChart rows={report.weeks.map((w) => ({ name: short(w.week), newClients: w.newClients, won: w.won, lost: w.lost }))} />
      <div className="table-wrap fn-weeks">
        <table className="table rp-table" aria-label={t('funnel.weeksTableLabel')} data-testid="funnel-weeks">
          <thead>
            <tr>
              <th scope="col">{t('funnel.week')}</th>
              <th scope="col" className="num">{t('funnel.newClients')}</th>
              <th scope="col" className="num">{t('funnel.won')}</th>
              <th scope="col" className="num">{t('funnel.lost')}</th>
            </tr>
          </thead>
          <tbody>
            {report.weeks.map((w) => (
              <tr key={w.week}>
                <td className="nowrap">{format.calendarDate(w.week)}</td>
                <td className="num">{format.integer(w.newClients)}</td>
                <td className="num">{format.integer(w.won)}</td>
                <td className="num">{format.integer(w.lost)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('common.total')}</th>
              <td className="num">{format.integer(sum.newClients)}</td>
              <td className="num">{format.integer(sum.won)}</td>
              <td className="num">{format.integer(sum.lost)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

function FunnelZombies({ report, onDays }: PartProps & { onDays: (days: number) => void }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const stageName = useStageName();
  const [draft, setDraft] = useState(String(report.zombieDays));
  const days = Number(draft);
  const valid = Number.isInteger(days) && days >= 1 && days <= 365;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) onDays(days);
  };
  return (
    <section className="panel" aria-labelledby="rp-funnel-zombies" data-testid="funnel-zombies">
      <div className="panel-header rp-panel-header">
        <h2 className="panel-title" id="rp-funnel-zombies">
          {t('funnel.zombiesTitle', { days: report.zombieDays })}
        </h2>
        <form className="fn-days" onSubmit={submit}>
          <Field label={t('funnel.zombieDays')}>{(id) => <input id={id} type="number" min={1} max={365} step={1} value={draft} onChange={(e) => setDraft(e.target.value)} required className="rp-days" />}</Field>
          <button type="submit" className="btn btn-secondary btn-sm" disabled={!valid}>
            {t('filters.show')}
          </button>
        </form>
      </div>
      {report.total.zombies === 0 ? (
        <p className="muted">{t('funnel.noZombies', { days: report.zombieDays })}</p>
      ) : (
        <>
          <p className="field-hint">{t('funnel.zombiesExplain', { days: report.zombieDays, count: report.zombies.length })}</p>
          <ul className="fn-chips" aria-label={t('funnel.zombies')}>
            {report.stages
              .filter((s) => s.zombies > 0)
              .map((s) => (
                <li key={s.stage}>
                  <span className="badge badge-amber">
                    {stageName(s.stage)}: {format.integer(s.zombies)}
                  </span>
                </li>
              ))}
          </ul>
          <div className="table-wrap fn-zombie-list">
            <table className="table rp-table" aria-label={t('funnel.zombiesLabel')} data-testid="funnel-zombies-table">
              <thead>
                <tr>
                  <th scope="col">{t('funnel.client')}</th>
                  <th scope="col">{t('funnel.stage')}</th>
                  <th scope="col">{t('funnel.owner')}</th>
                  <th scope="col">{t('funnel.lastContact')}</th>
                  <th scope="col">{t('funnel.since')}</th>
                </tr>
              </thead>
              <tbody>
                {report.zombies.map((z) => (
                  <tr key={z.clientId}>
                    <td>
                      <Link to={`/clients/${z.clientId}`}>{z.name}</Link>
                    </td>
                    <td className="nowrap">{stageName(z.stage)}</td>
                    <td>{z.ownerId === null ? <span className="muted">{t('funnel.noOwner')}</span> : (z.ownerName ?? t('common.unknownUser', { id: z.ownerId }))}</td>
                    <td className="nowrap">{z.lastContactAt === null ? <span className="muted">{t('funnel.never')}</span> : format.date(z.lastContactAt)}</td>
                    <td className="nowrap">{format.date(z.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
