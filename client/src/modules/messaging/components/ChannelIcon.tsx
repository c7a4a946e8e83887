import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/messaging.types';

const GLYPH: Record<Channel, string> = { email: '✉', sms: '💬' };

/** The channel as a small glyph with its name for screen readers and on hover. */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const { t } = useTranslation('messaging');
  return (
    <span className={`msg-channel msg-channel-${channel}`} role="img" aria-label={t(`channel.${channel}`)} title={t(`channel.${channel}`)}>
      {GLYPH[channel]}
    </span>
  );
}
