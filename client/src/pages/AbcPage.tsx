import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { AbcMatrixView } from '../modules/abc/components/AbcMatrixView';
import { AbcMovementView } from '../modules/abc/components/AbcMovementView';
import { AbcSettingsForm } from '../modules/abc/components/AbcSettingsForm';
import { AbcState } from '../modules/abc/components/AbcState';
import { AbcSummaryView } from '../modules/abc/components/AbcSummaryView';
import { useAbcSettings } from '../modules/abc/hooks/use-abc';
import '../modules/abc/components/abc.css';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

const TABS = ['summary', 'matrix', 'movement', 'settings'] as const;
type AbcTab = (typeof TABS)[number];

/** A/B/C analysis for supervisors and up: the summary, class × potential, movement; managers change the settings. */
export function AbcPage() {
  const { t } = useTranslation('abc');
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const tab: AbcTab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as AbcTab) : 'summary';
  const settings = useAbcSettings();
  return (
    <div className="page abc-page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs label={t('page.tabsLabel')} tabs={TABS.map((key) => ({ key, label: t(`page.tabs.${key}`) }))} active={tab} onChange={(k) => setParams(k === 'summary' ? {} : { tab: k }, { replace: true })}>
        {tab === 'summary' && <AbcSummaryView />}
        {tab === 'matrix' && <AbcMatrixView />}
        {tab === 'movement' && <AbcMovementView />}
        {tab === 'settings' && <AbcState query={settings}>{(s) => <AbcSettingsForm initial={s} canEdit={hasRole(me.role, 'manager')} />}</AbcState>}
      </Tabs>
    </div>
  );
}
