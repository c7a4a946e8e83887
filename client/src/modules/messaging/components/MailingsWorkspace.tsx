import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Tabs } from '../../../ui/Tabs';
import { BirthdayPanel } from './BirthdayPanel';
import { MailingDetail } from './MailingDetail';
import { MailingsPanel } from './MailingsPanel';
import './messaging.css';
import { OptOutsPanel } from './OptOutsPanel';
import { TemplatesPanel } from './TemplatesPanel';

const SECTIONS = ['mailings', 'templates', 'optouts', 'birthday'] as const;
type Section = (typeof SECTIONS)[number];
const isSection = (v: string | null): v is Section => (SECTIONS as readonly (string | null)[]).includes(v);

/**
 * E-mail and SMS for managers: the mailings (a template to a saved segment, with progress and per-recipient
 * status), the templates, the unsubscribed addresses and the birthday greeting. The section and the open
 * mailing are kept in the address (?section=templates, ?mailing=12) beside whatever else it holds (the
 * administration's ?tab=mailings).
 */
export function MailingsWorkspace() {
  const { t } = useTranslation('messaging');
  const [params, setParams] = useSearchParams();
  const requested = params.get('section');
  const section: Section = isSection(requested) ? requested : 'mailings';
  const opened = Number(params.get('mailing')) || null;
  const go = (next: Section, mailing?: number) =>
    setParams((p) => {
      const q = new URLSearchParams(p);
      q.set('section', next);
      if (mailing) q.set('mailing', String(mailing));
      else q.delete('mailing');
      return q;
    });
  return (
    <Tabs label={t('page.tabsLabel')} tabs={SECTIONS.map((key) => ({ key, label: t(`page.tabs.${key}`) }))} active={section} onChange={(key) => go(key)}>
      <div className="page mailings-workspace">
        {section === 'mailings' && (opened ? <MailingDetail id={opened} onBack={() => go('mailings')} /> : <MailingsPanel onOpen={(id) => go('mailings', id)} />)}
        {section === 'templates' && <TemplatesPanel />}
        {section === 'optouts' && <OptOutsPanel />}
        {section === 'birthday' && <BirthdayPanel />}
      </div>
    </Tabs>
  );
}
