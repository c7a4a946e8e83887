import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { BirthdayPanel } from '../modules/messaging/components/BirthdayPanel';
import { MailingDetail } from '../modules/messaging/components/MailingDetail';
import { MailingsPanel } from '../modules/messaging/components/MailingsPanel';
import { OptOutsPanel } from '../modules/messaging/components/OptOutsPanel';
import { TemplatesPanel } from '../modules/messaging/components/TemplatesPanel';
import '../modules/messaging/components/messaging.css';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

const TABS = ['mailings', 'templates', 'optouts', 'birthday'] as const;
type MailingsTab = (typeof TABS)[number];
const isTab = (v: string | null): v is MailingsTab => (TABS as readonly (string | null)[]).includes(v);

/**
 * E-mail and SMS for managers: the mailings (a template to a saved segment, with progress and per-recipient
 * status), the templates, the unsubscribed addresses and the birthday greeting. The tab and the open mailing
 * are kept in the address (?tab=templates, ?mailing=12).
 */
export function MailingsPage() {
  const { t } = useTranslation('messaging');
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: MailingsTab = isTab(requested) ? requested : 'mailings';
  const opened = Number(params.get('mailing')) || null;
  return (
    <div className="page mailings-page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs label={t('page.tabsLabel')} tabs={TABS.map((key) => ({ key, label: t(`page.tabs.${key}`) }))} active={tab} onChange={(key) => setParams({ tab: key })}>
        <div className="page">
          {tab === 'mailings' && (opened ? <MailingDetail id={opened} onBack={() => setParams({ tab: 'mailings' })} /> : <MailingsPanel onOpen={(id) => setParams({ tab: 'mailings', mailing: String(id) })} />)}
          {tab === 'templates' && <TemplatesPanel />}
          {tab === 'optouts' && <OptOutsPanel />}
          {tab === 'birthday' && <BirthdayPanel />}
        </div>
      </Tabs>
    </div>
  );
}
