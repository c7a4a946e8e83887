import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PageHeader } from '../ui/PageHeader';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { CampaignDetail } from '../modules/campaigns/components/CampaignDetail';
import { CampaignsPanel } from '../modules/campaigns/components/CampaignsPanel';
import { WorkCampaign } from '../modules/campaigns/components/WorkCampaign';
import '../modules/campaigns/components/campaigns.css';
import { NotFoundPage } from './NotFoundPage';

/**
 * Outbound campaigns. Managers create, start, pause and stop them (also from the administration's tab);
 * supervisors and managers watch their progress; operators see the running and paused campaigns they work
 * and open the work screen.
 */
export function CampaignsPage() {
  const { t } = useTranslation('campaigns');
  const me = useCurrentUser();
  return (
    <div className="page">
      <PageHeader title={t('title')} subtitle={hasRole(me.role, 'supervisor') ? t('subtitle') : t('subtitleOperator')} />
      <CampaignsPanel />
    </div>
  );
}

const idOf = (raw: string | undefined) => {
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** One campaign's progress and settings (supervisors and above). */
export function CampaignDetailPage() {
  const id = idOf(useParams().id);
  return id ? <CampaignDetail key={id} id={id} /> : <NotFoundPage />;
}

/** The operator's screen for working a campaign ("Next client", the card, the script, the result). */
export function CampaignWorkPage() {
  const id = idOf(useParams().id);
  return id ? <WorkCampaign key={id} id={id} /> : <NotFoundPage />;
}
