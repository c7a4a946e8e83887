import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LanguageSwitcher } from '../app/shell/LanguageSwitcher';
import { homeOf } from '../app/shell/nav-items';
import { LoginForm } from '../modules/auth/components/LoginForm';
import { DemoBanner } from '../modules/meta/components/DemoBanner';
import { useSession } from '../modules/auth/hooks/use-session';
import { Spinner } from '../ui/Spinner';

/** Where the guard sent the user from, if it is a page of this app. */
function returnPathOf(state: unknown): string | null {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const returnPath = returnPathOf(location.state);

  if (session.isPending) return <Spinner fullPage />;
  if (session.data) return <Navigate to={returnPath ?? homeOf(session.data.role)} replace />;

  return (
    <div className="login-page">
      <DemoBanner />
      <div className="login-card">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <p className="login-product">{t('app.name')}</p>
            <p className="login-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1 className="login-title">{t('auth.title')}</h1>
        <p className="login-subtitle">{t('auth.subtitle')}</p>
        <LoginForm onSignedIn={(user) => navigate(returnPath ?? homeOf(user.role), { replace: true })} />
        <div className="login-footer">
          <LanguageSwitcher />
        </div>
      </div>
    </div>
  );
}
