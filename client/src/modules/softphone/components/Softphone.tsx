import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { formatPhone } from '../../../ui/format-phone';
import { CallTimer } from '../../console/components/CallTimer';
import { useSoftphoneSnapshot } from '../hooks/softphone-store';
import type { Softphone as SoftphoneModel, SoftphoneDeviceState } from '../hooks/use-softphone';
import './softphone.css';

const TONE: Record<SoftphoneDeviceState['phase'], BadgeTone> = { starting: 'slate', registering: 'slate', ready: 'green', error: 'red' };

/**
 * The browser softphone (Twilio Voice) for operators without a desk phone: its state, the ringing call
 * with Answer and Reject, then Mute and Hang up with the call's time. Who is calling (the client's
 * card, history) is the screen-pop's job below, as with any phone.
 */
export function Softphone() {
  const { t } = useTranslation('softphone');
  const snapshot = useSoftphoneSnapshot();
  if (!snapshot) return null;
  const { phone, extension } = snapshot;
  const { device, call } = phone;
  const state = device.phase === 'error' ? (device.problem === 'unreachable' ? 'unreachable' : 'error') : device.phase;
  return (
    <section className={`panel softphone${call?.phase === 'incoming' ? ' softphone-ringing' : ''}`} aria-labelledby="softphone-title" data-testid="softphone" data-state={state}>
      <div className="softphone-head">
        <h2 className="panel-title" id="softphone-title">
          {t('title')}
        </h2>
        <Badge tone={TONE[device.phase]}>{t(`state.${state}`)}</Badge>
        {device.phase === 'ready' && !call && <span className="muted softphone-hint">{t('readyHint', { ext: extension })}</span>}
      </div>
      {call ? <CallControls /> : <DeviceProblem phone={phone} />}
      <MicrophoneNotice phone={phone} />
    </section>
  );
}

function DeviceProblem({ phone }: { phone: SoftphoneModel }) {
  const { t } = useTranslation('softphone');
  const { device } = phone;
  if (device.phase !== 'error') return null;
  const retry = device.problem === 'no_extension' || device.problem === 'disabled' || device.problem === 'insecure' || device.problem === 'unsupported' ? null : (
    <button type="button" className="btn btn-sm btn-secondary" onClick={phone.retry}>
      {t('retry')}
    </button>
  );
  return (
    <Alert action={retry}>
      <span data-testid="softphone-problem" data-problem={device.problem}>
        {t(`problem.${device.problem}`)}
        {device.retrying && ` ${t('retrying')}`}
        {device.code !== undefined && <span className="muted"> {t('code', { code: device.code })}</span>}
      </span>
    </Alert>
  );
}

/** The call's line and buttons: Answer/Reject while it rings, then Mute and Hang up with its time. */
export function CallControls() {
  const { t } = useTranslation('softphone');
  const phone = useSoftphoneSnapshot()?.phone;
  const call = phone?.call;
  if (!phone || !call) return null;
  const who = call.from ? formatPhone(call.from) : t('hidden');
  if (call.phase === 'incoming') {
    return (
      <div className="softphone-call" role="status" data-testid="softphone-call" data-phase="incoming">
        <span className="softphone-who">{t('incoming', { who })}</span>
        <div className="softphone-buttons">
          <button type="button" className="btn btn-primary softphone-answer" onClick={phone.answer} autoFocus>
            {t('answer')}
          </button>
          <button type="button" className="btn softphone-reject" onClick={phone.reject}>
            {t('reject')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="softphone-call" data-testid="softphone-call" data-phase={call.phase}>
      <span className="softphone-who">
        {call.phase === 'connecting' ? t('connecting', { who }) : t('talking', { who })}
        {call.since && <CallTimer from={call.since} className="softphone-timer" />}
        {call.muted && <Badge tone="amber">{t('mutedBadge')}</Badge>}
        {call.reconnecting && <Badge tone="red">{t('reconnecting')}</Badge>}
      </span>
      <div className="softphone-buttons">
        <button type="button" className="btn btn-secondary" aria-pressed={call.muted} onClick={phone.toggleMute} disabled={call.phase !== 'talking'}>
          {call.muted ? t('unmute') : t('mute')}
        </button>
        <button type="button" className="btn softphone-hangup" onClick={phone.hangUp}>
          {t('hangUp')}
        </button>
      </div>
    </div>
  );
}

/** The microphone: blocked (how to allow it), missing, or not asked yet (ask now rather than while it rings). */
function MicrophoneNotice({ phone }: { phone: SoftphoneModel }) {
  const { t } = useTranslation('softphone');
  if (phone.device.phase === 'error' && (phone.device.problem === 'insecure' || phone.device.problem === 'unsupported')) return null;
  if (phone.mic === 'denied' || (phone.permission === 'denied' && phone.mic === null)) {
    return (
      <Alert>
        <span data-testid="softphone-mic" data-problem="denied">
          {t('mic.denied')}
        </span>
      </Alert>
    );
  }
  if (phone.mic === 'unavailable') {
    return (
      <Alert>
        <span data-testid="softphone-mic" data-problem="unavailable">
          {t('mic.unavailable')}
        </span>
      </Alert>
    );
  }
  if (phone.permission === 'prompt' && !phone.call) {
    return (
      <p className="field-hint softphone-mic-ask">
        {t('mic.ask')}{' '}
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => void phone.askMicrophone()}>
          {t('mic.allow')}
        </button>
      </p>
    );
  }
  return null;
}
