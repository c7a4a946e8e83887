import { useTranslation } from 'react-i18next';
import { useNotificationPermission } from '../hooks/use-pop-notifications';

/** Asks for permission to notify about calls while the tab is hidden; the browser asks only on this click. */
export function NotificationToggle() {
  const { t } = useTranslation();
  const { permission, request } = useNotificationPermission();
  if (permission === 'unsupported') return null;
  if (permission === 'granted') return <span className="muted notifications-state">{t('console.notifications.enabled')}</span>;
  if (permission === 'denied') return <span className="muted notifications-state">{t('console.notifications.blocked')}</span>;
  return (
    <button type="button" className="btn btn-secondary btn-sm" onClick={() => void request()} title={t('console.notifications.why')}>
      {t('console.notifications.enable')}
    </button>
  );
}
