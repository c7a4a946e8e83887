import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { ContactFigures, ContactsReport, ContactsTop, ReportFilters } from '../api/reports.types';
import { useContactsReport, useContactsTop } from '../hooks/use-reports';
import { ContactsChart } from './ContactsChart';
import { ContactsTopPanels } from './ContactsTopPanels';
import { ExportButtons } from './ExportButtons';
import { OperatorCallsModal } from './OperatorCallsModal';
import { ReportState } from './ReportState';

/** The figure columns every contacts table shares, in order. */
function FigureHeaders() {
  const { t } = useTranslation('reports');
  return (
    <>
      <th scope="col" className="num">{t('contacts.contacts')}</th>
      <th scope="col" className="num">{t('contacts.effective')}</th>
      <th scope="col" className="num">{t('contacts.effectiveShare')}</th>
      <th scope="col" className="num">{t('contacts.withoutResult')}</th>
      <th scope="col" className="num">{t('contacts.avgTalk')}</th>
    </>
  );
}

function FigureCells({ f }: { f: ContactFigures }) {
  const format = useFormat();
  return (
    <>
      <td className="num">{format.integer(f.contacts)}</td>
      <td className="num">{format.integer(f.effective)}</td>
      <td className="num">{f.effectiveShare === null ? '—' : `${format.integer(Math.round(f.effectiveShare * 100))} %`}</td>
      <td className="num">{f.withoutResult > 0 ? <span className="badge badge-amber">{format.integer(f.withoutResult)}</span> : '0'}</td>
      <td className="num">{format.duration(f.avgTalkSeconds)}</td>
    </>
  );
}

export type ContactsViewProps = { filters: ReportFilters };

/**
 * Contacts per operator (chart and table, each row opening its calls), per team, top clients and organizations.
 * The operators' report (from the daily rollup) and the top lists (counted from every contact) are asked for
 * at once, apart: the operators' table shows while the top lists are still counted.
 */
export function ContactsView({ filters }: ContactsViewProps) {
  const query = useContactsReport(filters);
  const top = useContactsTop(filters);
  return <ReportState query={query}>{(report) => <ContactsBody report={report} top={top} filters={filters} />}</ReportState>;
}

function ContactsBody({ report, top, filters }: { report: ContactsReport; top: UseQueryResult<ContactsTop>; filters: ReportFilters }) {
  const { t } = useTranslation('reports');
  const format = useFormat();
  const [open, setOpen] = useState<{ id: number; name: string } | null>(null);
  const name = (id: number, n: string | null) => n ?? t('common.unknownUser', { id });
  const period = `${format.calendarDate(report.from)} – ${format.calendarDate(report.to)}`;

  return (
    <>
      <section className="panel" aria-labelledby="rp-contacts-title">
        <div className="panel-header rp-panel-header">
          <h2 className="panel-title" id="rp-contacts-title">
            {t('contacts.operatorsTitle')}: {period}
          </h2>
          <ExportButtons kind="contacts" filters={filters} />
        </div>
        <p className="field-hint">{t('contacts.explain')}</p>
        {report.items.length === 0 ? (
          <p className="muted" data-testid="contacts-empty">{t('common.empty')}</p>
        ) : (
          <>
            <ContactsChart rows={report.items.map((i) => ({ id: i.operatorId, name: name(i.operatorId, i.operatorName), effective: i.effective, other: i.contacts - i.effective - i.withoutResult, withoutResult: i.withoutResult }))} />
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('contacts.tableLabel')} data-testid="contacts-table">
                <thead>
                  <tr>
                    <th scope="col">{t('contacts.operator')}</th>
                    <FigureHeaders />
                    <th scope="col">
                      <span className="visually-hidden">{t('contacts.showCalls')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.items.map((i) => (
                    <tr key={i.operatorId}>
                      <td>{name(i.operatorId, i.operatorName)}</td>
                      <FigureCells f={i} />
                      <td>
                        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setOpen({ id: i.operatorId, name: name(i.operatorId, i.operatorName) })}>
                          {t('contacts.showCalls')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('common.total')}</th>
                    <FigureCells f={report.total} />
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
      </section>

      {report.items.length > 0 && (
        <div className="rp-grid">
          <section className="panel" aria-labelledby="rp-teams-title">
            <h2 className="panel-title" id="rp-teams-title">
              {t('contacts.teamsTitle')}
            </h2>
            <div className="table-wrap">
              <table className="table rp-table" aria-label={t('contacts.teamsTitle')}>
                <thead>
                  <tr>
                    <th scope="col">{t('contacts.team')}</th>
                    <FigureHeaders />
                  </tr>
                </thead>
                <tbody>
                  {report.teams.map((team) => (
                    <tr key={team.teamId ?? 'none'}>
                      <td>{team.teamId === null ? <span className="muted">{t('common.noTeam')}</span> : (team.teamName ?? `#${team.teamId}`)}</td>
                      <FigureCells f={team} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <ContactsTopPanels query={top} headers={<FigureHeaders />} cells={(f) => <FigureCells f={f} />} />
        </div>
      )}
      {open && <OperatorCallsModal operatorId={open.id} name={open.name} range={report.range} onClose={() => setOpen(null)} />}
    </>
  );
}
