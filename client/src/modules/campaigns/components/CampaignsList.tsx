import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useCampaigns } from '../hooks/use-campaigns';
import { CampaignActions } from './CampaignActions';
import { CampaignProgressBars } from './CampaignProgressBars';
import { CampaignStatusBadge } from './CampaignStatusBadge';

/**
 * Campaigns as cards with their status and progress, read again every few seconds. Managers start, pause
 * and stop them; supervisors and managers open the progress; whoever works a running campaign opens its
 * work screen (operators see only theirs, running or paused).
 */
export function CampaignsList() {
  const { t } = useTranslation('campaigns');
  const errorText = useErrorText();
  const me = useCurrentUser();
  const list = useCampaigns();
  const watcher = hasRole(me.role, 'supervisor');
  if (list.isPending) return <Spinner />;
  if (list.isError) return <Alert>{errorText(list.error)}</Alert>;
  if (list.data.items.length === 0) return watcher ? <EmptyState title={t('empty')} /> : <EmptyState title={t('emptyOperator')} text={t('emptyOperatorText')} />;
  return (
    <ul className="campaign-list" aria-label={t('title')}>
      {list.data.items.map((c) => (
        <li key={c.id} className="panel campaign-card" data-campaign-id={c.id}>
          <div className="campaign-card-head">
            <h2 className="campaign-card-title">{watcher ? <Link to={`/campaigns/${c.id}`}>{c.name}</Link> : c.name}</h2>
            <CampaignStatusBadge status={c.status} />
          </div>
          <CampaignProgressBars progress={c.progress} />
          <div className="campaign-card-actions">
            {c.status === 'running' && (
              <Link className="btn btn-primary btn-sm" to={`/campaigns/${c.id}/work`}>
                {t('actions.work')}
              </Link>
            )}
            {watcher && (
              <Link className="btn btn-secondary btn-sm" to={`/campaigns/${c.id}`}>
                {t('actions.open')}
              </Link>
            )}
            {hasRole(me.role, 'manager') && <CampaignActions campaign={c} />}
          </div>
        </li>
      ))}
    </ul>
  );
}
