import { useTranslation } from 'react-i18next';
import { MailingsWorkspace } from '../modules/messaging/components/MailingsWorkspace';
import { PageHeader } from '../ui/PageHeader';

/** E-mail and SMS mailings, templates, opt-outs and birthday greetings (managers; also Administration → Рассылки). */
export function MailingsPage() {
  const { t } = useTranslation('messaging');
  return (
    <div className="page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <MailingsWorkspace />
    </div>
  );
}
