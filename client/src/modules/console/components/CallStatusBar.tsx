import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../ui/format-phone';
import { CallDirection } from '../../calls/components/CallDirection';
import { useUsers } from '../../users/hooks/use-users';
import type { CallSession } from '../hooks/call-sessions.reducer';
import { CallTimer } from './CallTimer';

export type CallStatusBarProps = { session: CallSession; onDismiss: () => void };

type Look = 'ringing' | 'talking' | 'transferred' | 'ended' | 'missed';

/** The strip across the top of the console: who is calling and what the call is doing, with its timer. */
export function CallStatusBar({ session, onDismiss }: CallStatusBarProps) {
  const { t } = useTranslation();
  const { t: td } = useTranslation('desk');
  const { users } = useUsers();
  const { pop, phase } = session;
  const colleague = (ext: string | null) => {
    const user = ext ? users.find((u) => u.extension === ext) : undefined;
    return user ? t('console.colleague', { name: user.name, ext }) : t('console.extension', { ext: ext ?? t('common.empty') });
  };

  let look: Look;
  let label: string;
  if (phase === 'ringing') {
    look = 'ringing';
    // Inbound: this phone rings. Placed by this operator (click-to-call, dialled): they are on the line
    // and the client's (or a colleague's) phone rings.
    label = pop.direction === 'inbound' ? t('console.status.ringing') : pop.direction === 'outbound' ? td('status.dialling') : td('status.diallingColleague');
  } else if (phase === 'talking') {
    look = 'talking';
    label = t('console.status.talking');
  } else if (phase === 'transferred') {
    look = 'transferred';
    label = t('console.status.transferred', { to: colleague(session.otherExtension) });
  } else if (phase === 'taken') {
    look = 'missed';
    label = t('console.status.taken', { by: colleague(session.otherExtension) });
  } else if (session.connected) {
    look = 'ended';
    label = t('console.status.ended');
  } else if (pop.direction === 'outbound' && (session.outcome === 'busy' || session.outcome === 'no_answer' || session.outcome === 'failed')) {
    // A call this operator placed that the client did not pick up: say why.
    look = 'missed';
    label = session.outcome === 'busy' ? td('status.busy') : session.outcome === 'no_answer' ? td('status.noAnswer') : td('status.failed');
  } else {
    look = 'missed';
    label = session.otherExtension ? t('console.status.taken', { by: colleague(session.otherExtension) }) : t('console.status.missed');
  }

  const number = pop.externalNumber ? formatPhone(pop.externalNumber) : t('console.hiddenNumber');
  // A call that needs nothing more can be closed here (a saved wrap-up has its own Close).
  const settled = !session.wrappedUp && !session.connected && (phase === 'ended' || phase === 'taken');

  return (
    <section className={`call-status call-status-${look}`} aria-live="polite" data-testid="call-status" data-phase={phase}>
      <span className="call-status-icon" aria-hidden="true">
        ✆
      </span>
      <div className="call-status-main">
        <p className="call-status-label">{label}</p>
        <p className="call-status-caller">
          <span className="call-status-number">{number}</span>
          {pop.externalName && pop.externalName !== session.client?.name && <span className="call-status-name">{pop.externalName}</span>}
        </p>
        <p className="call-status-meta">
          <CallDirection direction={pop.direction} />
          {pop.queue && <span>{t('console.queue', { queue: pop.queue })}</span>}
          <span>{t('console.extension', { ext: pop.extension })}</span>
        </p>
      </div>
      <div className="call-status-end">
        {session.talkFrom ? (
          <CallTimer className="call-timer" from={session.talkFrom} to={session.talkTo} />
        ) : phase === 'ringing' ? (
          <CallTimer className="call-timer call-timer-ring" from={pop.at} />
        ) : null}
        {settled && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={onDismiss}>
            {t('common.close')}
          </button>
        )}
      </div>
    </section>
  );
}
