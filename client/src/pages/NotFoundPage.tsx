import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../ui/EmptyState';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <EmptyState title={t('notFound.title')} text={t('notFound.text')}>
        <Link to="/" className="btn btn-primary">
          {t('notFound.home')}
        </Link>
      </EmptyState>
    </div>
  );
}
