import { useTranslation } from 'react-i18next';
import { DncPanel } from '../modules/dnc/components/DncPanel';
import { PageHeader } from '../ui/PageHeader';

/** The do-not-call list (supervisors and above; managers also remove, import and export). */
export function DncPage() {
  const { t } = useTranslation('dnc');
  return (
    <div className="page">
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <DncPanel />
    </div>
  );
}
