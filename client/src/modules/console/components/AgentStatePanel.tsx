import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { CHOSEN_STATES, useAgentState } from '../hooks/use-agent-state';

/** The operator's own state, and the three they choose themselves. */
export function AgentStatePanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const { state, since, choose, pending, failed, canChoose } = useAgentState();
  return (
    <section className="panel" aria-labelledby="agent-state-title">
      <div className="panel-header">
        <h2 className="panel-title" id="agent-state-title">
          {t('agentState.title')}
        </h2>
      </div>
      <p className={`agent-state agent-state-${state}`} data-testid="agent-state" data-state={state}>
        <span className="agent-state-dot" aria-hidden="true" />
        <span className="agent-state-label">{t(`agentState.states.${state}`)}</span>
        <span className="muted">{t('agentState.since', { time: format.time(since) })}</span>
      </p>
      <div className="state-buttons" role="group" aria-label={t('agentState.choose')}>
        {CHOSEN_STATES.map((s) => (
          <button key={s} type="button" className={`btn btn-sm state-button state-button-${s}`} aria-pressed={state === s} disabled={!canChoose || pending !== null} onClick={() => void choose(s)}>
            {t(`agentState.states.${s}`)}
          </button>
        ))}
      </div>
      {failed && <Alert>{t('agentState.failed')}</Alert>}
      {!canChoose && <p className="field-hint">{t('agentState.offlineHint')}</p>}
      {(state === 'ringing' || state === 'on_call' || state === 'wrap_up') && <p className="field-hint">{t('agentState.phoneHint')}</p>}
    </section>
  );
}
