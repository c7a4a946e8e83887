import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import type { Channel } from '../api/messaging.types';

/** The API's refusals of a message in words: an unsubscribed address, no address; the rest as usual. */
export function useMessagingErrorText(): (err: unknown, channel?: Channel) => string {
  const { t } = useTranslation('messaging');
  const errorText = useErrorText();
  return useCallback(
    (err: unknown, channel?: Channel) => {
      if (isApiError(err) && err.code === 'opted_out') return t('send.optedOut');
      if (isApiError(err) && err.code === 'channel_not_configured' && channel) return t(`channelOff.${channel}`);
      if (isApiError(err) && err.code === 'no_address') return t('send.noAddress', { channel: channel ? t(`channel.${channel}`) : '' });
      return errorText(err);
    },
    [t, errorText],
  );
}
