import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TeamsPanel } from '../modules/teams/components/TeamsPanel';
import { UsersPanel } from '../modules/users/components/UsersPanel';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

type AdminTab = 'users' | 'teams';

/**
 * Administration for managers and admins: the users (create, edit, deactivate, a new password, within the
 * signed-in user's rights) and the teams with their supervisors. The tab is kept in the address (?tab=teams).
 */
export function AdminPage() {
  const { t } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const tab: AdminTab = params.get('tab') === 'teams' ? 'teams' : 'users';
  return (
    <div className="page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs
        label={t('page.tabsLabel')}
        tabs={[
          { key: 'users', label: t('page.tabs.users') },
          { key: 'teams', label: t('page.tabs.teams') },
        ]}
        active={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
      >
        <div className="page">{tab === 'users' ? <UsersPanel /> : <TeamsPanel />}</div>
      </Tabs>
    </div>
  );
}
