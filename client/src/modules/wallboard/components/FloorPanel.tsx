import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../ui/format-phone';
import type { AgentState } from '../../users/api/user.types';
import type { FloorAgent, KpiTargets } from '../api/wallboard.types';
import { callOf, type FloorCall, type FloorState } from '../hooks/floor.reducer';
import { Elapsed, elapsedSeconds } from './Elapsed';
import { StateDot } from './StateDot';

/** The order states are counted in: the busy ones first. */
export const AGENT_STATES: readonly AgentState[] = ['on_call', 'ringing', 'wrap_up', 'available', 'break', 'offline'];

const DIRECTION_ICON = { inbound: '↙', outbound: '↗', internal: '↔' } as const;

export type FloorPanelProps = {
  floor: FloorState;
  now: number;
  targets: KpiTargets;
  /** What the viewer can do on an operator's call in progress (live coaching), shown under it. */
  callActions?: (agent: FloorAgent) => ReactNode;
};

/** Every operator's state with its ticking time, and the call of those on one. */
export function FloorPanel({ floor, now, targets, callActions }: FloorPanelProps) {
  const { t } = useTranslation('wallboard');
  const counts = new Map<AgentState, number>();
  for (const a of floor.agents) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
  return (
    <section className="panel wb-floor" aria-labelledby="wb-floor-title">
      <div className="panel-header">
        <h2 className="panel-title" id="wb-floor-title">
          {t('floor.title')}
        </h2>
        <ul className="wb-state-summary plain-list" aria-label={t('floor.summaryLabel')}>
          {AGENT_STATES.map((s) => (
            <li key={s} className={`wb-state-count ${counts.get(s) ? '' : 'is-zero'}`} data-testid={`state-count-${s}`} data-count={counts.get(s) ?? 0}>
              <StateDot state={s} />
              <span>{t(`states.${s}`)}</span>
              <strong>{counts.get(s) ?? 0}</strong>
            </li>
          ))}
        </ul>
      </div>
      {floor.agents.length === 0 ? (
        <p className="muted">{t('floor.empty')}</p>
      ) : (
        <ul className="wb-agents plain-list" aria-label={t('floor.listLabel')}>
          {floor.agents.map((agent) => (
            <AgentTile
              key={agent.id}
              agent={agent}
              call={agent.state === 'on_call' || agent.state === 'ringing' ? callOf(floor, agent.extension) : null}
              now={now}
              targets={targets}
              actions={agent.state === 'on_call' ? callActions?.(agent) : null}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

type AgentTileProps = { agent: FloorAgent; call: FloorCall | null; now: number; targets: KpiTargets; actions?: ReactNode };

function AgentTile({ agent, call, now, targets, actions }: AgentTileProps) {
  const { t } = useTranslation('wallboard');
  const talking = agent.state === 'on_call' && call?.answeredAt ? call.answeredAt : null;
  const limit = targets.longCallSeconds;
  const long = talking !== null && typeof limit === 'number' && elapsedSeconds(talking, now) > limit;
  return (
    <li className={`wb-agent wb-agent-${agent.state} ${long ? 'is-long' : ''}`} data-testid="floor-agent" data-ext={agent.extension ?? ''} data-state={agent.state} data-long={long}>
      <div className="wb-agent-head">
        <span className="wb-agent-name">{agent.name}</span>
        <span className="wb-agent-ext">{agent.extension ? t('floor.ext', { ext: agent.extension }) : t('floor.noExt')}</span>
      </div>
      <div className="wb-agent-state">
        <StateDot state={agent.state} />
        <span className="wb-agent-state-label">{t(`states.${agent.state}`)}</span>
        <Elapsed since={agent.stateSince} now={now} className="wb-agent-timer" title={(time) => t('floor.inState', { time })} />
      </div>
      {call && (
        <div className="wb-agent-call" data-testid="floor-agent-call">
          <span className={`direction direction-${call.direction}`} title={t(`directions.${call.direction}`)}>
            <span className="direction-icon" aria-hidden="true">
              {DIRECTION_ICON[call.direction]}
            </span>
            <span className="visually-hidden">{t(`directions.${call.direction}`)}</span>
          </span>
          <span className="wb-agent-number">{call.externalNumber ? formatPhone(call.externalNumber) : t('floor.hiddenNumber')}</span>
          {talking ? (
            <Elapsed since={talking} now={now} className="wb-agent-talk" title={(time) => t('floor.talk', { time })} />
          ) : agent.state === 'on_call' ? (
            <span className="wb-agent-talk muted">{t('floor.dialing')}</span>
          ) : null}
          {long && <span className="wb-long-badge">{t('floor.longCall')}</span>}
        </div>
      )}
      {actions}
    </li>
  );
}
