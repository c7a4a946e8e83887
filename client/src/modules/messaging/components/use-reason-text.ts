import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonOf } from '../api/messaging.types';

/** Why a message was not sent: our own reasons in words, the provider's (SMTP, Twilio) as they came. */
export function useReasonText(): (error: string | null) => string | null {
  const { t } = useTranslation('messaging');
  return useCallback(
    (error: string | null) => {
      const reason = reasonOf(error);
      return reason ? t(`reason.${reason}`) : error;
    },
    [t],
  );
}
