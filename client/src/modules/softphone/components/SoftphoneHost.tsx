import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { publishSoftphone } from '../hooks/softphone-store';
import { useSoftphone } from '../hooks/use-softphone';
import { useSoftphoneStatus } from '../hooks/use-softphone-status';
import { CallControls } from './Softphone';
import './softphone.css';

/**
 * Holds the browser softphone for the whole signed-in session (mounted once in the app shell), so
 * opening a client's card from the pop does not drop the call. The console shows the full panel; on
 * any other page a ringing or live call gets a bar under the header with its buttons.
 */
export function SoftphoneHost() {
  const me = useCurrentUser();
  const status = useSoftphoneStatus();
  const enabled = status.data?.enabled === true && !!me.extension;
  const phone = useSoftphone(enabled);
  const { device, call, mic, permission } = phone;
  const snapshot = useMemo(
    () => (enabled && me.extension ? { phone, extension: me.extension } : null),
    // phone's actions are stable: a new snapshot when its state changes
    [enabled, me.extension, device, call, mic, permission],
  );
  useEffect(() => publishSoftphone(snapshot), [snapshot]);
  useEffect(() => () => publishSoftphone(null), []);
  const { pathname } = useLocation();
  if (!snapshot || !call || pathname === '/console') return null;
  return <SoftphoneBar />;
}

function SoftphoneBar() {
  const { t } = useTranslation('softphone');
  return (
    <div className="softphone-bar" data-testid="softphone-bar" aria-label={t('title')}>
      <div className="softphone-bar-inner">
        <CallControls />
      </div>
    </div>
  );
}
