import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AdminPage } from '../pages/AdminPage';
import { AuditLogPage } from '../pages/AuditLogPage';
import { CampaignDetailPage, CampaignsPage, CampaignWorkPage } from '../pages/CampaignsPage';
import { ClientCardPage } from '../pages/ClientCardPage';
import { ClientsPage } from '../pages/ClientsPage';
import { DncPage } from '../pages/DncPage';
import { DuplicatesPage } from '../pages/DuplicatesPage';
import { ImportsPage } from '../pages/ImportsPage';
import { LoginPage } from '../pages/LoginPage';
import { MailingsPage } from '../pages/MailingsPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OperatorConsolePage } from '../pages/OperatorConsolePage';
import { RulesPage } from '../pages/RulesPage';
import { AgendaPage } from '../pages/AgendaPage';
import { createQueryClient } from './query-client';
import { AppShell } from './shell/AppShell';
import { HomeRedirect } from './shell/HomeRedirect';
import { RequireRole } from './shell/RequireRole';
import { RequireSession } from './shell/RequireSession';

// The wallboard brings the charts library: loaded only when a supervisor opens it.
const WallboardPage = lazy(() => import('../pages/WallboardPage').then((m) => ({ default: m.WallboardPage })));
// The reports bring the same charts library: loaded when opened.
// The A/B/C analysis brings the charts library too.
const AbcPage = lazy(() => import('../pages/AbcPage').then((m) => ({ default: m.AbcPage })));
const ReportsPage = lazy(() => import('../pages/ReportsPage').then((m) => ({ default: m.ReportsPage })));

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route element={<RequireSession />}>
            <Route element={<AppShell />}>
              <Route index element={<HomeRedirect />} />
              <Route path="clients" element={<ClientsPage />} />
              <Route path="clients/:id" element={<ClientCardPage />} />
              {/* The operators' workspace; supervisors and above may open it too (to take calls themselves). */}
              <Route path="console" element={<OperatorConsolePage />} />
              {/* Campaigns: operators see and work theirs; supervisors and above watch them all. */}
              <Route path="campaigns" element={<CampaignsPage />} />
              <Route path="agenda" element={<AgendaPage />} />
              <Route path="campaigns/:id/work" element={<CampaignWorkPage />} />
              <Route element={<RequireRole min="supervisor" />}>
                <Route path="clients/duplicates" element={<DuplicatesPage />} />
                <Route
                  path="wallboard"
                  element={
                    <Suspense fallback={null}>
                      <WallboardPage />
                    </Suspense>
                  }
                />
                {/* Supervisors read the rules and work the tails; managers also edit the rules. */}
                <Route path="rules" element={<RulesPage />} />
                <Route path="dnc" element={<DncPage />} />
                <Route path="campaigns/:id" element={<CampaignDetailPage />} />
                <Route
                  path="reports"
                  element={
                    <Suspense fallback={null}>
                      <ReportsPage />
                    </Suspense>
                  }
                />
                <Route
                  path="abc"
                  element={
                    <Suspense fallback={null}>
                      <AbcPage />
                    </Suspense>
                  }
                />
              </Route>
              <Route element={<RequireRole min="manager" />}>
                <Route path="audit" element={<AuditLogPage />} />
                <Route path="imports" element={<ImportsPage />} />
                <Route path="admin" element={<AdminPage />} />
                <Route path="mailings" element={<MailingsPage />} />
              </Route>
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
