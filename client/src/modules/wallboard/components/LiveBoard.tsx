import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionStatusBadge } from '../../../app/realtime/ConnectionStatusBadge';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';
import { useNow } from '../../../ui/use-now';
import { CoachingButtons } from '../../coaching/components/CoachingButtons';
import { useMayCoach } from '../../coaching/hooks/use-coaching';
import { useTeams } from '../../teams/hooks/use-teams';
import type { KpiIntervals, KpiSnapshot, KpiTargets, KpiWindow, Kpis } from '../api/wallboard.types';
import type { FloorState } from '../hooks/floor.reducer';
import { bucketCalls, type EndedCall } from '../hooks/interval-series';
import { useIntervalSeries } from '../hooks/use-interval-series';
import { useFloor } from '../hooks/use-floor';
import { useFullscreen } from '../hooks/use-fullscreen';
import { useKpiTargets } from '../hooks/use-kpi-targets';
import { useKpis } from '../hooks/use-kpis';
import { useResyncOnReconnect } from '../hooks/use-resync-on-reconnect';
import { CallsPerIntervalChart } from './CallsPerIntervalChart';
import { FloorPanel } from './FloorPanel';
import { KpiTable, type KpiRow } from './KpiTable';
import { NO_KPIS } from './kpi-columns';
import { KpiTiles } from './KpiTiles';
import { QueuePanel } from './QueuePanel';
import { TailsPanel } from './TailsPanel';
import { TalkTimeChart } from './TalkTimeChart';
import { TargetsPanel } from './TargetsPanel';
import { WindowSwitch } from './WindowSwitch';
import './wallboard.css';

export type LiveBoardProps = {
  /** Managers change the targets. */
  canEditTargets: boolean;
  /** Kept mounted while the history is shown, so the live state and the chart's calls are not lost. */
  hidden?: boolean;
};

/**
 * The live board: the floor's KPIs for the chosen period, every operator's state, the queue, the charts
 * and the tables, from the snapshots and then the socket. It can fill the screen, in large type.
 */
export function LiveBoard({ canEditTargets, hidden = false }: LiveBoardProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const errorText = useErrorText();
  const boardRef = useRef<HTMLDivElement>(null);
  const fullscreen = useFullscreen(boardRef);
  const [kpiWindow, setKpiWindow] = useState<KpiWindow>('today');
  const { targets, query: targetsQuery } = useKpiTargets();
  const floor = useFloor();
  const kpis = useKpis(kpiWindow);
  const hour = useIntervalSeries();
  useResyncOnReconnect();

  return (
    <div ref={boardRef} className={`wb-board ${fullscreen.active ? 'is-fullscreen' : ''}`} hidden={hidden} data-testid="wallboard">
      <div className="wb-toolbar">
        {fullscreen.active && <h1 className="wb-board-title">{t('page.title')}</h1>}
        <WindowSwitch value={kpiWindow} onChange={setKpiWindow} />
        {kpis.data && (
          <span className="muted wb-as-of" data-testid="kpi-as-of">
            {t('window.asOf', { time: format.time(kpis.data.at) })}
          </span>
        )}
        <div className="wb-toolbar-end">
          <ConnectionStatusBadge />
          {fullscreen.supported && (
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void fullscreen.toggle()} aria-pressed={fullscreen.active} data-testid="fullscreen-toggle">
              <span aria-hidden="true">{fullscreen.active ? '⤡' : '⤢'}</span>
              {fullscreen.active ? t('fullscreen.exit') : t('fullscreen.enter')}
            </button>
          )}
        </div>
      </div>

      <TargetsPanel targets={targets} failed={targetsQuery.isError} canEdit={canEditTargets} />

      <section className="panel" aria-labelledby="wb-kpi-floor-title">
        <div className="panel-header">
          <h2 className="panel-title" id="wb-kpi-floor-title">
            {t('kpi.floorTitle')}: {t(`window.long.${kpiWindow}`)}
          </h2>
        </div>
        {kpis.isPending ? (
          <Spinner />
        ) : kpis.isError ? (
          <Alert action={<RetryButton onClick={() => void kpis.refetch()} />}>{`${t('kpi.loadFailed')} ${errorText(kpis.error)}`}</Alert>
        ) : (
          <KpiTiles kpis={kpis.data.floor} targets={targets} scope="floor" />
        )}
      </section>

      {floor.isPending ? (
        <section className="panel">
          <Spinner />
        </section>
      ) : floor.isError ? (
        <Alert action={<RetryButton onClick={() => void floor.refetch()} />}>{`${t('floor.loadFailed')} ${errorText(floor.error)}`}</Alert>
      ) : (
        <LiveFloor floor={floor.data} targets={targets} />
      )}

      <TailsPanel />

      <div className="wb-charts">
        <IntervalChart series={hour.series} calls={hour.calls} failed={hour.failed} onRetry={hour.retry} large={fullscreen.active} />
        <TalkTimeChart
          title={t('charts.talkTitle', { window: t(`window.long.${kpiWindow}`) })}
          rows={kpis.data?.operators ?? EMPTY}
          targets={targets}
          large={fullscreen.active}
        />
      </div>

      {kpis.data && <KpiTables kpis={kpis.data} floor={floor.data ?? null} targets={targets} />}
    </div>
  );
}

const EMPTY: never[] = [];

type RetryButtonProps = { onClick: () => void };

function RetryButton({ onClick }: RetryButtonProps) {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn btn-secondary btn-sm" onClick={onClick}>
      {t('common.retry')}
    </button>
  );
}

type LiveFloorProps = { floor: FloorState; targets: KpiTargets };

/** The part that ticks every second: states, talk and queue times; live coaching on the calls the viewer may join. */
function LiveFloor({ floor, targets }: LiveFloorProps) {
  const now = useNow(1000);
  const mayCoach = useMayCoach();
  return (
    <div className="wb-floor-grid">
      <FloorPanel floor={floor} now={now} targets={targets} callActions={(agent) => (mayCoach(agent) ? <CoachingButtons operatorId={agent.id} operatorName={agent.name} /> : null)} />
      <QueuePanel floor={floor} now={now} />
    </div>
  );
}

type IntervalChartProps = { series: KpiIntervals | undefined; calls: readonly EndedCall[]; failed: boolean; onRetry: () => void; large: boolean };

/** The intervals move on with the clock: recounted every ten seconds, with every ended call and every server read. */
function IntervalChart({ series, calls, failed, onRetry, large }: IntervalChartProps) {
  const now = useNow(10_000);
  const buckets = useMemo(() => bucketCalls(series, calls, now), [series, calls, now]);
  return <CallsPerIntervalChart buckets={buckets} failed={failed} onRetry={onRetry} large={large} />;
}

type KpiTablesProps = { kpis: KpiSnapshot; floor: FloorState | null; targets: KpiTargets };

function KpiTables({ kpis, floor, targets }: KpiTablesProps) {
  const { t } = useTranslation('wallboard');
  const { teams } = useTeams();
  // The snapshot lists the operators and teams the server's KPIs know; one added since it started (or
  // everyone, on a fresh database) is missing until their first call. Everyone is shown: without calls, with none.
  const teamRows = useMemo<KpiRow[]>(() => {
    const rows: KpiRow[] = kpis.teams.map(({ id, name, ...k }) => ({ id, name, kpis: k }));
    const known = new Set(rows.map((r) => r.id));
    return [...rows, ...teams.filter((team) => !known.has(team.id)).map((team) => ({ id: team.id, name: team.name, kpis: NO_KPIS }))];
  }, [kpis.teams, teams]);
  const operatorRows = useMemo<KpiRow[]>(() => {
    const teamName = new Map([...teams.map((team) => [team.id, team.name] as const), ...kpis.teams.map((team) => [team.id, team.name] as const)]);
    const stateOf = new Map(floor?.agents.map((a) => [a.id, a.state]));
    const row = (id: number, name: string, teamId: number | null, k: Kpis): KpiRow => {
      const state = stateOf.get(id);
      return { id, name, kpis: k, ...(teamId !== null && { team: teamName.get(teamId) ?? `#${teamId}` }), ...(state && { state }) };
    };
    const rows = kpis.operators.map(({ id, name, teamId, ...k }) => row(id, name, teamId, k));
    const known = new Set(rows.map((r) => r.id));
    return [...rows, ...(floor?.agents ?? []).filter((a) => !known.has(a.id)).map((a) => row(a.id, a.name, a.teamId, NO_KPIS))];
  }, [kpis.operators, kpis.teams, teams, floor?.agents]);

  return (
    <>
      <section className="panel" aria-labelledby="wb-teams-title">
        <div className="panel-header">
          <h2 className="panel-title" id="wb-teams-title">
            {t('kpi.teamsTitle')}
          </h2>
        </div>
        <KpiTable label={t('kpi.teamsLabel')} rows={teamRows} remainder={kpis.unassigned} total={kpis.floor} targets={targets} testId="teams-table" />
        <p className="muted wb-table-note">{t('kpi.teamsNote')}</p>
      </section>
      <section className="panel" aria-labelledby="wb-operators-title">
        <div className="panel-header">
          <h2 className="panel-title" id="wb-operators-title">
            {t('kpi.operatorsTitle')}
          </h2>
        </div>
        {operatorRows.length === 0 ? (
          <p className="muted">{t('kpi.noOperators')}</p>
        ) : (
          <KpiTable label={t('kpi.operatorsLabel')} rows={operatorRows} targets={targets} showTeam showState testId="operators-table" />
        )}
      </section>
    </>
  );
}
