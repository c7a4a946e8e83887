import { useTranslation } from 'react-i18next';
import { useMeta } from '../hooks/use-meta';

/** On every page of a demo: the data is invented and the accounts' password is published. */
export function DemoBanner() {
  const { t } = useTranslation();
  const meta = useMeta();
  if (!meta.data?.demo) return null;
  return (
    <div className="demo-banner" role="status" data-testid="demo-banner">
      <strong>{t('demo.label')}</strong> {t('demo.text')}
    </div>
  );
}
