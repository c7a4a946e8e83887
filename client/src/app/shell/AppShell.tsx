import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { useCurrentUser } from '../../modules/auth/hooks/use-session';
import { CallSessionsProvider } from '../../modules/console/components/CallSessionsProvider';
import { IncomingCallBar } from '../../modules/console/components/IncomingCallBar';
import { DemoBanner } from '../../modules/meta/components/DemoBanner';
import { SoftphoneHost } from '../../modules/softphone/components/SoftphoneHost';
import { TaskReminders } from '../../modules/tasks/components/TaskReminders';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { LanguageSwitcher } from './LanguageSwitcher';
import { homeOf, NAV_ITEMS } from './nav-items';
import { UserMenu } from './UserMenu';

/**
 * The frame around every signed-in page: product, navigation for the user's role, language, user. It
 * holds the session's live connection and the calls it brings, so a call is not lost between pages.
 */
export function AppShell() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  // On a phone the navigation folds away behind a menu button (see styles.css, narrow screens).
  const [navOpen, setNavOpen] = useState(false);
  return (
    <RealtimeProvider key={me.id} userId={me.id}>
      <CallSessionsProvider>
        <div className="shell">
          <DemoBanner />
          <header className="app-header">
            <div className="app-header-inner">
              <Link to={homeOf(me.role)} className="brand">
                <img src="/favicon.svg" alt="" width={28} height={28} />
                <span>{t('app.name')}</span>
              </Link>
              <button type="button" className="nav-toggle" aria-expanded={navOpen} aria-controls="main-nav" onClick={() => setNavOpen((open) => !open)}>
                <span aria-hidden="true">☰</span>
                {t('nav.menu')}
              </button>
              <nav id="main-nav" className={`main-nav ${navOpen ? 'is-open' : ''}`} aria-label={t('nav.label')}>
                {NAV_ITEMS.filter((item) => item.visible(me.role)).map((item) => (
                  <NavLink key={item.to} to={item.to} className="nav-link" onClick={() => setNavOpen(false)}>
                    {t(item.label)}
                  </NavLink>
                ))}
              </nav>
              <div className="header-end">
                <LanguageSwitcher className="on-dark" />
                <UserMenu />
              </div>
            </div>
          </header>
          <IncomingCallBar />
          <SoftphoneHost />
          <TaskReminders />
          <main className="app-main">
            <Outlet />
          </main>
        </div>
      </CallSessionsProvider>
    </RealtimeProvider>
  );
}
