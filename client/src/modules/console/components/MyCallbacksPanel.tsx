import { useTranslation } from 'react-i18next';
import { Badge } from '../../../ui/Badge';

/** The operator's callbacks: the list comes with the lead router, so for now the panel says so. */
export function MyCallbacksPanel() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="my-callbacks-title" data-testid="my-callbacks">
      <div className="panel-header">
        <h2 className="panel-title" id="my-callbacks-title">
          {t('console.myCallbacks.title')}
        </h2>
        <Badge tone="amber">{t('placeholder.badge')}</Badge>
      </div>
      <p className="muted">{t('console.myCallbacks.text')}</p>
    </section>
  );
}
