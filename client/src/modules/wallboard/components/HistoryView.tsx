import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Spinner } from '../../../ui/Spinner';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUsers } from '../../users/hooks/use-users';
import { addDays, dayOf, rangeOf, type Day } from '../hooks/history-range';
import { useKpiTargets } from '../hooks/use-kpi-targets';
import { useKpiHistory } from '../hooks/use-kpi-history';
import type { Kpis } from '../api/wallboard.types';
import { NO_KPIS } from './kpi-columns';
import { KpiTable, type KpiRow } from './KpiTable';
import { KpiTiles } from './KpiTiles';
import { TalkTimeChart } from './TalkTimeChart';
import './wallboard.css';

export type HistoryPeriod = { first: Day; last: Day };

export type HistoryViewProps = {
  period: HistoryPeriod;
  onPeriodChange: (period: HistoryPeriod) => void;
};

/** The same KPIs for a past day or period, from the database; operators' names from the directory. */
export function HistoryView({ period, onPeriodChange }: HistoryViewProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const errorText = useErrorText();
  const { targets } = useKpiTargets();
  const today = dayOf(new Date());
  const [draft, setDraft] = useState(period);
  const draftRange = rangeOf(draft.first, draft.last);
  const range = rangeOf(period.first, period.last);
  const history = useKpiHistory(range);
  const { users } = useUsers();
  const { teamName } = useTeams();

  // Operators who worked in the period, then the other active operators, with no calls.
  const rows = useMemo<KpiRow[]>(() => {
    const byId = new Map(users.map((u) => [u.id, u]));
    const row = (id: number, kpis: Kpis): KpiRow => {
      const user = byId.get(id);
      return { id, name: user?.name ?? `#${id}`, kpis, ...(user?.teamId != null && { team: teamName(user.teamId) }) };
    };
    const worked = (history.data?.operators ?? []).map(({ id, ...kpis }) => row(id, kpis));
    if (!history.data) return worked;
    const known = new Set(worked.map((r) => r.id));
    return [...worked, ...users.filter((u) => u.role === 'operator' && u.active && !known.has(u.id)).map((u) => row(u.id, NO_KPIS))];
  }, [history.data, users, teamName]);

  const choose = (next: HistoryPeriod) => {
    setDraft(next);
    if (rangeOf(next.first, next.last)) onPeriodChange(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draftRange) onPeriodChange(draft);
  };

  return (
    <div className="wb-history stack" data-testid="history">
      <section className="panel">
        <form className="wb-history-form" onSubmit={submit} aria-label={t('history.formLabel')}>
          <Field label={t('history.from')}>{(id) => <input id={id} type="date" max={today} value={draft.first} onChange={(e) => setDraft((d) => ({ ...d, first: e.target.value }))} required />}</Field>
          <Field label={t('history.to')}>{(id) => <input id={id} type="date" max={today} value={draft.last} onChange={(e) => setDraft((d) => ({ ...d, last: e.target.value }))} required />}</Field>
          <button type="submit" className="btn btn-primary" disabled={!draftRange}>
            {t('history.show')}
          </button>
          <div className="wb-history-presets" role="group" aria-label={t('history.formLabel')}>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => choose({ first: addDays(today, -1), last: addDays(today, -1) })}>
              {t('history.yesterday')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => choose({ first: addDays(today, -6), last: today })}>
              {t('history.last7')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => choose({ first: addDays(today, -29), last: today })}>
              {t('history.last30')}
            </button>
          </div>
        </form>
        <p className={draftRange ? 'field-hint' : 'field-hint wb-invalid'} role={draftRange ? undefined : 'alert'}>
          {draftRange ? t('history.hint') : t('history.invalid')}
        </p>
      </section>

      {!range ? (
        <p className="muted">{t('history.choose')}</p>
      ) : history.isPending ? (
        <Spinner />
      ) : history.isError ? (
        <Alert>{errorText(history.error)}</Alert>
      ) : (
        <div className={`stack ${history.isPlaceholderData ? 'is-stale' : ''}`} aria-busy={history.isFetching}>
          <section className="panel" aria-labelledby="wb-history-floor-title">
            <div className="panel-header">
              <h2 className="panel-title" id="wb-history-floor-title" data-testid="history-period">
                {t('kpi.floorTitle')}: {t('history.period', { from: format.calendarDate(period.first), to: format.calendarDate(period.last) })}
              </h2>
            </div>
            {history.data.floor.calls === 0 ? <p className="muted">{t('history.empty')}</p> : <KpiTiles kpis={history.data.floor} targets={targets} scope="history" />}
          </section>
          <TalkTimeChart title={t('charts.talkTitle', { window: t('history.period', { from: format.calendarDate(period.first), to: format.calendarDate(period.last) }) })} rows={rows.map((r) => ({ id: r.id, name: r.name, avgTalkSeconds: r.kpis.avgTalkSeconds, longestTalkSeconds: r.kpis.longestTalkSeconds }))} targets={targets} large={false} />
          <section className="panel" aria-labelledby="wb-history-operators-title">
            <div className="panel-header">
              <h2 className="panel-title" id="wb-history-operators-title">
                {t('kpi.operatorsTitle')}
              </h2>
              <span className="muted">{t('history.noTeams')}</span>
            </div>
            {rows.length === 0 ? <p className="muted">{t('kpi.noOperators')}</p> : <KpiTable label={t('kpi.operatorsLabel')} rows={rows} targets={targets} showTeam testId="history-operators-table" />}
          </section>
        </div>
      )}
    </div>
  );
}
