import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { ContactLengthReport, FirstStageVerdict, LengthFigures, TalkBand } from '../api/length-outcomes.api';
import type { ReportFilters } from '../api/reports.types';
import { useContactLengthReport } from '../hooks/use-length-outcomes';
import { BandsChart } from './BandsChart';
import { ExportButtons } from './ExportButtons';
import { OperatorCallsModal } from './OperatorCallsModal';
import { ReportState } from './ReportState';
import './length-outcomes.css';

type Bands = ContactLengthReport['bands'];

function BandHeaders({ bands }: { bands: Bands }) {
  const { t } = useTranslation('reports');
  return (
    <>
      <th scope="col" className="num">{t('length.contacts')}</th>
      {bands.map((b) => (
        <th scope="col" className="num" key={b.key}>
          <span className={`lo-swatch lo-verdict-${b.verdict}`} aria-hidden="true" />
          {t(`length.bands.${b.key}`)}
        </th>
      ))}
      <th scope="col" className="num">{t('length.avgTalk')}</th>
    </>
  );
}

/** Count and share per band; at the first stages the band the verdict rests on is tinted. */
function BandCells({ f, bands, mark }: { f: LengthFigures; bands: Bands; mark?: FirstStageVerdict }) {
  const format = useFormat();
  const tint = (band: TalkBand) => {
    const verdict = bands.find((b) => b.key === band)!.verdict;
    return mark && verdict === mark ? ` lo-cell-${mark}` : '';
  };
  return (
    <>
      <td className="num">{format.integer(f.contacts)}</td>
      {bands.map((b) => (
        <td className={`num${tint(b.key)}`} key={b.key}>
          {format.integer(f.bands[b.key])}
          <span className="cell-sub lo-share">{f.shares[b.key] === null ? '—' : `${format.integer(Math.round(f.shares[b.key]! * 100))} %`}</span>
        </td>
      ))}
      <td className="num">{format.duration(f.avgTalkSeconds)}</td>
    </>
  );
}

export type ContactLengthViewProps = { filters: ReportFilters };

/** Talk-time bands per operator, at the first funnel stages (with the rule of thumb's verdict), and per stage. */
export function ContactLengthView({ filters }: ContactLengthViewProps) {
  const query = useContactLengthReport(filters);
  return <ReportState query={query}>{(report) => <ContactLengthBody report={report} filters={filters} />}</ReportState>;
}

function ContactLengthBody({ report, filters }: { report: ContactLengthReport; filters: ReportFilters }) {
  const { t } = useTranslation('reports');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState<{ id: number; name: string } | null>(null);
  const name = (id: number, n: string | null) => n ?? t('common.unknownUser', { id });
  const period = `${format.calendarDate(report.from)} – ${format.calendarDate(report.to)}`;
  const stageName = (s: string | null) => (s === null ? t('length.noStage') : tc(`stage.${s}` as 'stage.lead'));
  const callsButton = (id: number, n: string | null) => (
    <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen({ id, name: name(id, n) })}>
      {t('length.showCalls')}
    </button>
  );
  const verdictBadge = (v: FirstStageVerdict) =>
    v === null ? <span className="badge badge-slate">{t('length.even')}</span> : <span className={`badge ${v === 'prepared' ? 'badge-green' : 'badge-red'}`}>{t(`length.verdicts.${v}`)}</span>;

  return (
    <>
      <section className="panel" aria-labelledby="lo-length-title">
        <div className="panel-header rp-panel-header">
          <h2 className="panel-title" id="lo-length-title">
            {t('length.title')}: {period}
          </h2>
          <ExportButtons kind="length" filters={filters} />
        </div>
        <p className="field-hint">{t('length.explain')}</p>
        <p className="lo-rule" data-testid="length-rule">{t('length.rule')}</p>
        {report.items.length === 0 ? (
          <p className="muted" data-testid="length-empty">{t('common.empty')}</p>
        ) : (
          <>
            <BandsChart rows={report.items.map((i) => ({ key: String(i.operatorId), name: name(i.operatorId, i.operatorName), figures: i }))} bands={report.bands} label={t('length.chartLabel')} testId="length-chart" />
            <div className="table-wrap">
              <table className="table rp-table lo-table" aria-label={t('length.tableLabel')} data-testid="length-table">
                <thead>
                  <tr>
                    <th scope="col">{t('length.operator')}</th>
                    <BandHeaders bands={report.bands} />
                    <th scope="col">
                      <span className="visually-hidden">{t('length.showCalls')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.operatorId}>
                      <td>{name(i.operatorId, i.operatorName)}</td>
                      <BandCells f={i} bands={report.bands} />
                      <td>{callsButton(i.operatorId, i.operatorName)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('common.total')}</th>
                    <BandCells f={report.total} bands={report.bands} />
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </section>

      {report.items.length > 0 && (
        <>
          <section className="panel" aria-labelledby="lo-first-title">
            <h2 className="panel-title" id="lo-first-title">
              {t('length.firstTitle')}
            </h2>
            <p className="field-hint">{t('length.firstExplain')}</p>
            {report.firstStageItems.length === 0 ? (
              <p className="muted">{t('common.empty')}</p>
            ) : (
              <>
                <BandsChart rows={report.firstStageItems.map((i) => ({ key: String(i.operatorId), name: name(i.operatorId, i.operatorName), figures: i }))} bands={report.bands} label={t('length.firstChartLabel')} testId="length-first-chart" />
                <div className="table-wrap">
                  <table className="table rp-table lo-table" aria-label={t('length.firstTableLabel')} data-testid="length-first-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('length.operator')}</th>
                        <th scope="col">{t('length.verdict')}</th>
                        <BandHeaders bands={report.bands} />
                        <th scope="col">
                          <span className="visually-hidden">{t('length.showCalls')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.firstStageItems.map((i) => (
                        <Fragment key={i.operatorId}>
                          <tr className={i.verdict === 'unprepared' ? 'lo-row-alert' : undefined} data-verdict={i.verdict ?? 'even'}>
                            <td>{name(i.operatorId, i.operatorName)}</td>
                            <td>{verdictBadge(i.verdict)}</td>
                            <BandCells f={i} bands={report.bands} mark={i.verdict} />
                            <td>{callsButton(i.operatorId, i.operatorName)}</td>
                          </tr>
                          {i.byStage.map((s) => (
                            <tr key={`${i.operatorId}-${s.stage}`} className="lo-subrow">
                              <td className="lo-indent">{stageName(s.stage)}</td>
                              <td />
                              <BandCells f={s} bands={report.bands} />
                              <td />
                            </tr>
                          ))}
                        </Fragment>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('common.total')}</th>
                        <td />
                        <BandCells f={report.firstStageTotal} bands={report.bands} />
                        <td />
                      </tr>
                    </tfoot>
                  </table>
                </div>
              </>
            )}
          </section>

          <section className="panel" aria-labelledby="lo-stages-title">
            <h2 className="panel-title" id="lo-stages-title">
              {t('length.stagesTitle')}
            </h2>
            <p className="field-hint">{t('length.stagesExplain')}</p>
            <BandsChart rows={report.stages.filter((s) => s.contacts > 0).map((s) => ({ key: String(s.stage), name: stageName(s.stage), figures: s }))} bands={report.bands} label={t('length.stagesChartLabel')} testId="length-stages-chart" />
            <div className="table-wrap">
              <table className="table rp-table lo-table" aria-label={t('length.stagesTableLabel')} data-testid="length-stages-table">
                <thead>
                  <tr>
                    <th scope="col">{t('length.stage')}</th>
                    <BandHeaders bands={report.bands} />
                  </tr>
                </thead>
                <tbody>
                  {report.stages.map((s) => (
                    <tr key={String(s.stage)}>
                      <td>
                        {stageName(s.stage)}
                        {s.stage !== null && report.firstStages.includes(s.stage) && <div className="cell-sub">{t('length.firstStage')}</div>}
                      </td>
                      <BandCells f={s} bands={report.bands} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
      {open && <OperatorCallsModal operatorId={open.id} name={open.name} range={report.range} onClose={() => setOpen(null)} />}
    </>
  );
}
