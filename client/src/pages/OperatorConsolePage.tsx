import { useTranslation } from 'react-i18next';
import { ConnectionStatusBadge } from '../app/realtime/ConnectionStatusBadge';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { PoolCallbacksPanel } from '../modules/callbacks/components/PoolCallbacksPanel';
import { useDispositions } from '../modules/calls/hooks/use-dispositions';
import { AgentStatePanel } from '../modules/console/components/AgentStatePanel';
import { CallList } from '../modules/console/components/CallList';
import { CallWorkspace } from '../modules/console/components/CallWorkspace';
import { MyCallbacksPanel } from '../modules/console/components/MyCallbacksPanel';
import { MyCallsTodayPanel } from '../modules/console/components/MyCallsTodayPanel';
import { MyFiguresPanel } from '../modules/console/components/MyFiguresPanel';
import { MyReviewsPanel } from '../modules/reviews/components/MyReviewsPanel';
import { NotificationToggle } from '../modules/console/components/NotificationToggle';
import { useCallSessions } from '../modules/console/hooks/use-call-sessions';
import { Softphone } from '../modules/softphone/components/Softphone';
import { useUsers } from '../modules/users/hooks/use-users';
import { Alert } from '../ui/Alert';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';

/**
 * The operator's workspace, built for a headset and a keyboard: the caller's card and history pop up
 * while the phone rings, the timer runs while they talk, and the result is logged as the call ends.
 */
export function OperatorConsolePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { focused } = useCallSessions();
  // Loaded now, not when the phone rings: colleagues' names for the pop's history, the wrap-up's results.
  useUsers();
  useDispositions();

  return (
    <div className="page">
      <PageHeader
        title={t('nav.console')}
        subtitle={me.extension ? t('console.extension', { ext: me.extension }) : undefined}
        actions={
          <div className="console-header-actions">
            <NotificationToggle />
            <ConnectionStatusBadge />
          </div>
        }
      />
      {!me.extension && <Alert tone="info">{t('console.noExtension')}</Alert>}
      {/* Twilio installs with the API key and TwiML app: operators answer in the browser (app shell's SoftphoneHost). */}
      <Softphone />
      <div className="console-grid">
        <div className="console-main">
          {focused ? (
            <CallWorkspace key={focused.key} session={focused} />
          ) : (
            <section className="panel console-idle" data-testid="console-idle">
              <EmptyState title={t('console.idle.title')} text={t('console.idle.text')} />
            </section>
          )}
        </div>
        <aside className="console-side stack" aria-label={t('console.sideLabel')}>
          <AgentStatePanel />
          <CallList />
          <MyCallsTodayPanel />
          <MyCallbacksPanel />
          <MyFiguresPanel />
          <MyReviewsPanel />
          <PoolCallbacksPanel />
        </aside>
      </div>
    </div>
  );
}
