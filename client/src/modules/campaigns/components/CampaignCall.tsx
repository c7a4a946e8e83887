import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { formatPhone } from '../../../ui/format-phone';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { phaseOf, type ClickToCallPhase } from '../../calls/components/ClickToCallButton';
import { useOriginateErrorText } from '../../calls/hooks/use-originate';
import { CallSessionsContext } from '../../console/hooks/use-call-sessions';
import type { CampaignMode } from '../api/campaigns.api';
import { useCallEntry } from '../hooks/use-campaigns';

export type CampaignCallProps = {
  campaignId: number;
  entryId: number;
  mode: CampaignMode;
  hasPhone: boolean;
  /** Call was already pressed for this client (the screen was reloaded): no automatic call again. */
  dialed: boolean;
  /** The client is no longer this operator's (a 409 from Call). */
  onLost: () => void;
};

/** Seconds shown before a progressive campaign dials by itself. */
export const AUTO_DIAL_SECONDS = 3;

/** Why the screen does not dial by itself now (the operator still may press Call), or null when it may. */
type Hold = 'noExtension' | 'noPhone' | 'break' | 'offline' | 'onCall' | null;

const digits = (n: string | null) => (n ?? '').replace(/\D/g, '');
/** The same number, whatever the PBX made of it: the last ten digits agree. */
const sameNumber = (a: string | null, b: string) => digits(a).length >= 6 && digits(a).slice(-10) === digits(b).slice(-10);

/**
 * "Call" for the held client, through the campaign (the server notes when it was pressed, so the call is
 * counted as this client's attempt). In a progressive campaign the call goes by itself after a visible
 * countdown the operator can cancel ("Don't dial": this client is then called by hand), and only while the
 * operator is available: on a break, offline or on another call the screen waits and says why.
 */
export function CampaignCall({ campaignId, entryId, mode, hasPhone, dialed, onLost }: CampaignCallProps) {
  const { t } = useTranslation('campaigns');
  const { t: td } = useTranslation('desk');
  const { t: tt } = useTranslation();
  const me = useCurrentUser();
  const call = useCallEntry(campaignId);
  const originateErrorText = useOriginateErrorText();
  const sessions = useContext(CallSessionsContext);
  /** The automatic call is still to come for this client (cancelled, or any call made, ends it). */
  const [auto, setAuto] = useState(mode === 'progressive' && !dialed);
  /** The console's calls when Call was pressed: the one it places is a new one. */
  const [before, setBefore] = useState<ReadonlySet<string>>(new Set());

  const lost = isApiError(call.error) && call.error.status === 409 && call.error.code !== 'campaign_not_running';
  useEffect(() => {
    if (lost) onLost();
  }, [lost, onLost]);

  const dial = () => {
    setAuto(false);
    setBefore(new Set(sessions?.state.sessions.map((s) => s.key) ?? []));
    call.mutate(entryId);
  };

  // wrap_up counts as ready: saving the previous client's result was the wrap-up, and Next asked for more.
  const hold: Hold = !me.extension ? 'noExtension' : !hasPhone ? 'noPhone' : me.state === 'break' ? 'break' : me.state === 'offline' ? 'offline' : me.state === 'ringing' || me.state === 'on_call' ? 'onCall' : null;
  const counting = auto && hold === null && call.isIdle;

  const session = call.isSuccess && sessions ? sessions.state.sessions.find((s) => !before.has(s.key) && s.pop.direction === 'outbound' && sameNumber(s.pop.externalNumber, call.data.number)) : undefined;
  const phase = phaseOf(session);
  const shown = call.isSuccess ? formatPhone(call.data.number) : '';
  const phaseText: Record<ClickToCallPhase, string> = {
    'own-phone': td('clickToCall.ownPhone', { number: shown }),
    dialling: td('clickToCall.dialling', { number: shown }),
    answered: td('clickToCall.answered', { number: shown }),
    ended: td('clickToCall.ended', { number: shown }),
    busy: td('clickToCall.busy', { number: shown }),
    'no-answer': td('clickToCall.noAnswer', { number: shown }),
    failed: td('clickToCall.failed', { number: shown }),
  };

  const errorText = (err: unknown) => {
    if (!isApiError(err)) return originateErrorText(err);
    if (err.code === 'do_not_call') {
      const reason = (err.details as { reason?: unknown } | undefined)?.reason;
      return typeof reason === 'string' && reason ? t('call.doNotCall', { reason }) : t('call.doNotCallNoReason');
    }
    if (err.code === 'pbx_unavailable' || err.status === 503) return t('call.pbxUnavailable');
    if (err.code === 'campaign_not_running') return t('call.notRunning');
    if (err.code === 'no_phone') return t('work.noPhone');
    return originateErrorText(err);
  };

  return (
    <div className="campaign-call" data-testid="campaign-call">
      <div className="campaign-call-row">
        <button
          type="button"
          className="btn btn-call"
          disabled={call.isPending || !me.extension || !hasPhone}
          title={me.extension ? undefined : tt('calls.originate.noExtension')}
          onClick={dial}
        >
          <span aria-hidden="true">✆</span> {call.isPending ? t('call.calling') : t('call.call')}
        </button>
        {call.isSuccess && (
          <span className={`call-result ${phase === 'busy' || phase === 'no-answer' || phase === 'failed' ? 'call-result-error' : 'call-result-ok'}`} role="status" data-testid="campaign-call-status" data-phase={phase}>
            {phaseText[phase]}
          </span>
        )}
      </div>
      {call.isError && !lost && (
        <p className="call-result call-result-error campaign-call-error" role="alert" data-testid="campaign-call-error" data-code={isApiError(call.error) ? call.error.code : undefined}>
          {errorText(call.error)}
        </p>
      )}
      {counting && <Countdown key={entryId} onDone={dial} onCancel={() => setAuto(false)} />}
      {auto && hold !== null && call.isIdle && (
        <p className="campaign-auto-hold" role="status" data-testid="campaign-auto-hold" data-hold={hold}>
          {t(`call.hold.${hold}`)}
        </p>
      )}
      {mode === 'progressive' && !auto && call.isIdle && <p className="field-hint">{t('call.manual')}</p>}
    </div>
  );
}

type CountdownProps = { onDone: () => void; onCancel: () => void };

/** 3, 2, 1 and the call goes; "Don't dial" stops it. Starts again from the top if it is taken away and comes back. */
function Countdown({ onDone, onCancel }: CountdownProps) {
  const { t } = useTranslation('campaigns');
  const [left, setLeft] = useState(AUTO_DIAL_SECONDS);
  useEffect(() => {
    if (left <= 0) {
      onDone();
      return;
    }
    const timer = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(timer);
    // onDone is called once, when the count reaches zero (a new onDone each render does not restart it).
  }, [left]);
  return (
    <div className="campaign-countdown" role="timer" aria-live="assertive" data-testid="campaign-countdown" data-left={left}>
      <span className="campaign-countdown-number" aria-hidden="true">
        {left}
      </span>
      <span className="campaign-countdown-text">{t('call.countdown', { count: left })}</span>
      <button type="button" className="btn btn-secondary btn-sm" onClick={onCancel} autoFocus>
        {t('call.dontDial')}
      </button>
    </div>
  );
}
