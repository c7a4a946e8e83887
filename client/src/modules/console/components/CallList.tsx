import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { formatPhone } from '../../../ui/format-phone';
import { needsWrapUp, type CallSession } from '../hooks/call-sessions.reducer';
import { useCallSessions } from '../hooks/use-call-sessions';

/** Every call the console holds, when there is more than one (say, a new call while one awaits its result). */
export function CallList() {
  const { t } = useTranslation();
  const format = useFormat();
  const { state, focus } = useCallSessions();
  if (state.sessions.length < 2) return null;
  const phaseLabel = (s: CallSession) => (needsWrapUp(s) ? t('console.calls.awaitingWrapUp') : s.wrappedUp ? t('console.wrapUp.saved') : t(`console.calls.phase.${s.phase}`));
  return (
    <section className="panel" aria-labelledby="call-list-title">
      <h2 className="panel-title" id="call-list-title">
        {t('console.calls.title')}
      </h2>
      <ul className="plain-list call-list">
        {[...state.sessions].reverse().map((s) => (
          <li key={s.key}>
            <button type="button" className="call-list-item" aria-current={s.key === state.focusedKey} onClick={() => focus(s.key)}>
              <span className="strong">{s.client?.name ?? (s.pop.externalNumber ? formatPhone(s.pop.externalNumber) : t('console.hiddenNumber'))}</span>
              <span className={needsWrapUp(s) ? 'call-list-due' : 'muted'}>
                <time dateTime={s.pop.at}>{format.time(s.pop.at)}</time> · {phaseLabel(s)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
