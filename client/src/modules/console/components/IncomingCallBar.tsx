import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { formatPhone } from '../../../ui/format-phone';
import { needsWrapUp, type CallSession } from '../hooks/call-sessions.reducer';
import { useAcknowledgePop, useCallSessions } from '../hooks/use-call-sessions';

/** Under the app header on every page but the console: a call rings, is on, or waits for its result. */
export function IncomingCallBar() {
  const { focused } = useCallSessions();
  const { pathname } = useLocation();
  if (pathname === '/console' || !focused) return null;
  if (focused.phase !== 'ringing' && focused.phase !== 'talking' && !needsWrapUp(focused)) return null;
  return <Bar session={focused} />;
}

function Bar({ session }: { session: CallSession }) {
  const { t } = useTranslation();
  const { t: td } = useTranslation('desk');
  useAcknowledgePop(session.pop.popId);
  const who = session.client?.name ?? (session.pop.externalNumber ? formatPhone(session.pop.externalNumber) : t('console.hiddenNumber'));
  // A call this operator placed rings the other end: they are on the line already.
  const ringing = session.pop.direction === 'inbound' ? t('console.bar.ringing', { who }) : td('status.diallingWho', { who });
  const text = session.phase === 'ringing' ? ringing : session.phase === 'talking' ? t('console.bar.talking', { who }) : t('console.bar.wrapUp', { who });
  return (
    <div className={`call-bar call-bar-${session.phase === 'ringing' ? 'ringing' : 'active'}`} role="status" data-testid="call-bar">
      <div className="call-bar-inner">
        <span aria-hidden="true">✆</span>
        <span className="call-bar-text">{text}</span>
        <Link to="/console" className="btn btn-sm btn-primary">
          {t('console.bar.open')}
        </Link>
      </div>
    </div>
  );
}
