import { useTranslation } from 'react-i18next';
import { useRealtime } from './realtime-context';

/** Whether live events (pops, call updates, states) reach this browser right now. */
export function ConnectionStatusBadge() {
  const { t } = useTranslation();
  const { status } = useRealtime();
  return (
    <span className={`connection connection-${status}`} role="status" title={t('realtime.label')} data-testid="connection-status" data-status={status}>
      <span className="connection-dot" aria-hidden="true" />
      {t(`realtime.${status}`)}
    </span>
  );
}
