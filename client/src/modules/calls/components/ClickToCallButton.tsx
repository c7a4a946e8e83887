import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../ui/format-phone';
import { useCurrentUser } from '../../auth/hooks/use-session';
import type { CallSession } from '../../console/hooks/call-sessions.reducer';
import { CallSessionsContext } from '../../console/hooks/use-call-sessions';
import { useOriginate, useOriginateErrorText } from '../hooks/use-originate';

export type ClickToCallButtonProps = {
  number: string;
  /** The client the number belongs to: the PBX shows their name on the operator's phone. */
  clientId?: number | undefined;
};

/** How long an error, or the line saying how the call ended, stays. */
const RESULT_MS = 8_000;
/** The PBX gives up ringing the operator's own phone after ~30 s; the line goes a while after that. */
const OWN_PHONE_MS = 45_000;

/**
 * Where a click-to-call is, as the operator sees it: their own phone rings (the PBX accepted the request),
 * they picked up and the client is being rung (the call's pop came), the client answered, or how it ended.
 */
export type ClickToCallPhase = 'own-phone' | 'dialling' | 'answered' | 'ended' | 'busy' | 'no-answer' | 'failed';

const digits = (n: string | null) => (n ?? '').replace(/\D/g, '');
/** The same number, whatever the PBX made of it (a trunk prefix, a national form): the last ten digits agree. */
const sameNumber = (a: string | null, b: string) => digits(a).length >= 6 && digits(a).slice(-10) === digits(b).slice(-10);

export function phaseOf(session: CallSession | undefined): ClickToCallPhase {
  if (!session) return 'own-phone';
  if (session.phase === 'ringing') return 'dialling';
  if (session.phase !== 'ended') return 'answered';
  if (session.connected) return 'ended';
  return session.outcome === 'busy' ? 'busy' : session.outcome === 'no_answer' ? 'no-answer' : 'failed';
}

/** Click-to-call: the PBX rings the user's own phone, then dials `number`. Says how it goes, inline. */
export function ClickToCallButton({ number, clientId }: ClickToCallButtonProps) {
  const { t } = useTranslation();
  const { t: td } = useTranslation('desk');
  const me = useCurrentUser();
  const originate = useOriginate();
  const errorText = useOriginateErrorText();
  const sessions = useContext(CallSessionsContext);
  const pretty = formatPhone(number);
  const { reset, isIdle } = originate;
  /** The calls the console held when the button was pressed: the one this click places is a new one. */
  const [before, setBefore] = useState<ReadonlySet<string>>(new Set());

  const session =
    originate.isSuccess && sessions ? sessions.state.sessions.find((s) => !before.has(s.key) && s.pop.direction === 'outbound' && sameNumber(s.pop.externalNumber, originate.data.number)) : undefined;
  const phase = phaseOf(session);
  const over = phase === 'ended' || phase === 'busy' || phase === 'no-answer' || phase === 'failed';

  useEffect(() => {
    if (isIdle || originate.isPending) return;
    // An error or the end stays a few seconds; while the call goes on, its line stays.
    const after = originate.isError || over ? RESULT_MS : session ? null : OWN_PHONE_MS;
    if (after === null) return;
    const timer = setTimeout(reset, after);
    return () => clearTimeout(timer);
  }, [isIdle, originate.isPending, originate.isError, over, session, reset]);

  const shown = originate.isSuccess ? formatPhone(originate.data.number) : pretty;
  const phaseText: Record<ClickToCallPhase, string> = {
    'own-phone': td('clickToCall.ownPhone', { number: shown }),
    dialling: td('clickToCall.dialling', { number: shown }),
    answered: td('clickToCall.answered', { number: shown }),
    ended: td('clickToCall.ended', { number: shown }),
    busy: td('clickToCall.busy', { number: shown }),
    'no-answer': td('clickToCall.noAnswer', { number: shown }),
    failed: td('clickToCall.failed', { number: shown }),
  };

  return (
    <span className="click-to-call">
      <button
        type="button"
        className="btn btn-call btn-sm"
        disabled={originate.isPending || !me.extension}
        title={me.extension ? t('calls.originate.callNumber', { number: pretty }) : t('calls.originate.noExtension')}
        aria-label={t('calls.originate.callNumber', { number: pretty })}
        onClick={() => {
          setBefore(new Set(sessions?.state.sessions.map((s) => s.key) ?? []));
          originate.mutate({ number, ...(clientId !== undefined && { clientId }) });
        }}
      >
        <span aria-hidden="true">✆</span>
        {originate.isPending ? t('calls.originate.calling') : t('calls.originate.call')}
      </button>
      {originate.isSuccess && (
        <span className={`call-result ${phase === 'busy' || phase === 'no-answer' || phase === 'failed' ? 'call-result-error' : 'call-result-ok'}`} role="status" data-testid="click-to-call-status" data-phase={phase}>
          {phaseText[phase]}
        </span>
      )}
      {originate.isError && (
        <span className="call-result call-result-error" role="alert">
          {errorText(originate.error)}
        </span>
      )}
    </span>
  );
}
