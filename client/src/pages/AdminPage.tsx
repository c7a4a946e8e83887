import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { CampaignsPanel } from '../modules/campaigns/components/CampaignsPanel';
import { DncPanel } from '../modules/dnc/components/DncPanel';
import { LeadSourcesPanel } from '../modules/leads/components/LeadSourcesPanel';
import { MailingsWorkspace } from '../modules/messaging/components/MailingsWorkspace';
import { RecordingRetentionPanel } from '../modules/recordings/components/RecordingRetentionPanel';
import { ReviewChecklistPanel } from '../modules/reviews/components/ReviewChecklistPanel';
import { FloorSettingsPanel } from '../modules/settings/components/FloorSettingsPanel';
import { TeamsPanel } from '../modules/teams/components/TeamsPanel';
import { UsersPanel } from '../modules/users/components/UsersPanel';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

const ADMIN_TABS = ['users', 'teams', 'floor', 'leads', 'dnc', 'campaigns', 'reviews', 'recordings', 'mailings'] as const;
type AdminTab = (typeof ADMIN_TABS)[number];
const isAdminTab = (v: string | null): v is AdminTab => (ADMIN_TABS as readonly (string | null)[]).includes(v);

/**
 * Administration for managers and admins: the users (create, edit, deactivate, a new password, within the
 * signed-in user's rights), the teams with their supervisors, and the floor's working hours and phone
 * regions, the website lead sources, the do-not-call list (also /dnc), the outbound campaigns (also /campaigns) and how long call recordings are kept. The tab is kept in the address (?tab=teams).
 */
export function AdminPage() {
  const { t } = useTranslation('admin');
  const { t: tl } = useTranslation('leads');
  const { t: tn } = useTranslation('dnc');
  const { t: tc } = useTranslation('campaigns');
  const { t: tr } = useTranslation('reviews');
  const { t: trec } = useTranslation('recordings');
  const { t: tm } = useTranslation('messaging');
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: AdminTab = isAdminTab(requested) ? requested : 'users';
  return (
    <div className="page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs label={t('page.tabsLabel')} tabs={ADMIN_TABS.map((key) => ({ key, label: key === 'leads' ? tl('tab') : key === 'dnc' ? tn('title') : key === 'campaigns' ? tc('title') : key === 'reviews' ? tr('tab') : key === 'recordings' ? trec('retention.tab') : key === 'mailings' ? tm('page.title') : t(`page.tabs.${key}`) }))} active={tab} onChange={(key) => setParams({ tab: key }, { replace: true })}>
        <div className="page">
          {tab === 'users' && <UsersPanel />}
          {tab === 'teams' && <TeamsPanel />}
          {tab === 'floor' && <FloorSettingsPanel canEdit={hasRole(me.role, 'manager')} />}
          {tab === 'leads' && <LeadSourcesPanel />}
          {tab === 'dnc' && <DncPanel />}
          {tab === 'campaigns' && <CampaignsPanel />}
          {tab === 'reviews' && <ReviewChecklistPanel />}
          {tab === 'recordings' && <RecordingRetentionPanel />}
          {tab === 'mailings' && <MailingsWorkspace />}
        </div>
      </Tabs>
    </div>
  );
}
