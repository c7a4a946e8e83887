import { useTranslation } from 'react-i18next';
import type { Channel } from '../api/messaging.types';

/** Outline glyphs (an envelope, a speech bubble): drawn, so they need no emoji font. */
const PATHS: Record<Channel, string> = {
  email: 'M3 6.5A1.5 1.5 0 0 1 4.5 5h15A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5zM3.5 6l8.5 7 8.5-7',
  sms: 'M4 5h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H10l-4.5 3.5V17H4a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zM7.5 11h.01M12 11h.01M16.5 11h.01',
};

/** The channel as a small icon with its name for screen readers and on hover. */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const { t } = useTranslation('messaging');
  return (
    <span className={`msg-channel msg-channel-${channel}`} role="img" aria-label={t(`channel.${channel}`)} title={t(`channel.${channel}`)}>
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d={PATHS[channel]} />
      </svg>
    </span>
  );
}
