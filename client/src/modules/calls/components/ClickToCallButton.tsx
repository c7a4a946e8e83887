import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../../ui/format-phone';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { useOriginate, useOriginateErrorText } from '../hooks/use-originate';

export type ClickToCallButtonProps = {
  number: string;
  /** The client the number belongs to: the PBX shows their name on the operator's phone. */
  clientId?: number | undefined;
};

/** How long the "your phone will ring" or error line stays. */
const RESULT_MS = 8_000;

/** Click-to-call: the PBX rings the user's own phone, then dials `number`. Says how it went, inline. */
export function ClickToCallButton({ number, clientId }: ClickToCallButtonProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const originate = useOriginate();
  const errorText = useOriginateErrorText();
  const pretty = formatPhone(number);
  const { reset, isIdle } = originate;

  useEffect(() => {
    if (isIdle || originate.isPending) return;
    const timer = setTimeout(reset, RESULT_MS);
    return () => clearTimeout(timer);
  }, [isIdle, originate.isPending, reset]);

  return (
    <span className="click-to-call">
      <button
        type="button"
        className="btn btn-call btn-sm"
        disabled={originate.isPending || !me.extension}
        title={me.extension ? t('calls.originate.callNumber', { number: pretty }) : t('calls.originate.noExtension')}
        aria-label={t('calls.originate.callNumber', { number: pretty })}
        onClick={() => originate.mutate({ number, ...(clientId !== undefined && { clientId }) })}
      >
        <span aria-hidden="true">✆</span>
        {originate.isPending ? t('calls.originate.calling') : t('calls.originate.call')}
      </button>
      {originate.isSuccess && (
        <span className="call-result call-result-ok" role="status">
          {t('calls.originate.started', { number: formatPhone(originate.data.number) })}
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
