import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';

/** The clients list's way to the duplicates page (supervisors and up). */
export function DuplicatesLink() {
  const { t } = useTranslation('duplicates');
  const me = useCurrentUser();
  if (!hasRole(me.role, 'supervisor')) return null;
  return (
    <Link to="/clients/duplicates" className="btn btn-secondary" title={t('page.openHint')} data-testid="clients-duplicates">
      {t('page.open')}
    </Link>
  );
}
