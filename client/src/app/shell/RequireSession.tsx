import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useErrorText } from '../../i18n/error-text';
import { useSession } from '../../modules/auth/hooks/use-session';
import { useUserLanguage } from '../../modules/users/hooks/use-user-language';
import { Alert } from '../../ui/Alert';
import { Spinner } from '../../ui/Spinner';

/** Lets signed-in users through; sends everyone else to the sign-in page and back here afterwards. */
export function RequireSession() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const errorText = useErrorText();
  useUserLanguage(session.data);

  if (session.isPending) return <Spinner fullPage />;
  if (session.isError) {
    return (
      <div className="center-page">
        <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void session.refetch()}>{t('common.retry')}</button>}>{errorText(session.error)}</Alert>
      </div>
    );
  }
  if (!session.data) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <Outlet />;
}
