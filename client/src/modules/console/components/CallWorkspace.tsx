import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { needsWrapUp, type CallSession } from '../hooks/call-sessions.reducer';
import { useAcknowledgePop, useCallSessions } from '../hooks/use-call-sessions';
import { CallStatusBar } from './CallStatusBar';
import { NewCallerCard } from './NewCallerCard';
import { PopCallbacks } from './PopCallbacks';
import { PopClientCard } from './PopClientCard';
import { PopDeals } from './PopDeals';
import { PopHistory } from './PopHistory';
import { PopLastNote } from './PopLastNote';
import { WrapUpForm } from './WrapUpForm';

export type CallWorkspaceProps = { session: CallSession };

/** One call on screen: its status and timer, the wrap-up once it is over, and the caller's card and history. */
export function CallWorkspace({ session }: CallWorkspaceProps) {
  const { t } = useTranslation();
  const { linkClient, updateDraft, markWrappedUp, dismiss } = useCallSessions();
  const { pop, client } = session;
  useAcknowledgePop(pop.popId);
  const fromPop = session.clientOrigin === 'pop';

  return (
    <div className="stack" data-testid="pop-panel">
      <CallStatusBar session={session} onDismiss={() => dismiss(session.key)} />
      {needsWrapUp(session) && (
        <WrapUpForm key={session.key} session={session} onDraftChange={(draft) => updateDraft(session.key, draft)} onSaved={() => markWrappedUp(session.key)} onSkip={() => dismiss(session.key)} />
      )}
      {session.wrappedUp && (
        <Alert tone="success" action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => dismiss(session.key)}>{t('common.close')}</button>}>
          {t('console.wrapUp.saved')}
        </Alert>
      )}
      <div className="pop-grid">
        {client ? (
          <PopClientCard client={client} origin={session.clientOrigin} organization={fromPop ? pop.organization : null} people={fromPop ? pop.people : []} />
        ) : (
          <NewCallerCard number={pop.externalNumber} suggestedName={pop.externalName} onLinked={(c, origin) => linkClient(session.key, c, origin)} />
        )}
        <div className="stack">
          <PopHistory calls={fromPop ? pop.recentCalls : session.clientOrigin === 'created' ? [] : null} clientId={client?.id ?? null} current={pop} people={fromPop ? pop.people : []} />
          {client && (
            <div className="pop-extras">
              <PopCallbacks callbacks={fromPop ? pop.openCallbacks : []} />
              <PopDeals deals={fromPop ? pop.recentDeals : []} />
              <PopLastNote note={fromPop ? pop.lastNote : null} />
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
