import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import type { ReportKind } from '../modules/reports/api/reports.types';
import { ContactLengthView } from '../modules/reports/components/ContactLengthView';
import { ContactsView } from '../modules/reports/components/ContactsView';
import { FunnelView } from '../modules/reports/components/FunnelView';
import { HeatmapView } from '../modules/reports/components/HeatmapView';
import { ReportFiltersForm } from '../modules/reports/components/ReportFiltersForm';
import { RepeatView } from '../modules/reports/components/RepeatView';
import { OutcomesView } from '../modules/reports/components/OutcomesView';
import { SalesView } from '../modules/reports/components/SalesView';
import { SourcesView } from '../modules/reports/components/SourcesView';
import { TailsView } from '../modules/reports/components/TailsView';
import { ReviewsReportView } from '../modules/reviews/components/ReviewsReportView';
import { TasksReportView } from '../modules/tasks/components/TasksReportView';
import { useReportFilters } from '../modules/reports/hooks/report-filters';
import '../modules/reports/components/reports.css';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

/** Supervisors' reports: contacts, lead sources, tails; filters and the tab are kept in the address. */
export function ReportsPage() {
  const { t } = useTranslation('reports');
  const { t: tr } = useTranslation('reviews');
  const { t: tt } = useTranslation('tasks');
  const me = useCurrentUser();
  const { kind, filters, update } = useReportFilters();
  const tabs: { key: ReportKind; label: string }[] = [
    { key: 'contacts', label: t('page.tabs.contacts') },
    { key: 'length', label: t('page.tabs.length') },
    { key: 'outcomes', label: t('page.tabs.outcomes') },
    { key: 'sources', label: t('page.tabs.sources') },
    { key: 'tails', label: t('page.tabs.tails') },
    { key: 'funnel', label: t('page.tabs.funnel') },
    { key: 'sales', label: t('page.tabs.sales') },
    { key: 'repeat', label: t('page.tabs.repeat') },
    { key: 'heatmap', label: t('page.tabs.heatmap') },
    { key: 'reviews', label: tr('report.tab') },
    { key: 'tasks', label: tt('report.tab') },
  ];
  return (
    <div className="page rp-page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs label={t('page.tabsLabel')} tabs={tabs} active={kind} onChange={(k) => update({ kind: k })}>
        <div className="stack">
          <ReportFiltersForm key={`${kind}/${filters.from}/${filters.to}/${filters.days}`} kind={kind} filters={filters} onChange={update} />
          {kind === 'contacts' && <ContactsView filters={filters} />}
          {kind === 'sources' && <SourcesView filters={filters} canEditSpend={hasRole(me.role, 'manager')} />}
          {kind === 'tails' && <TailsView filters={filters} />}
          {kind === 'length' && <ContactLengthView filters={filters} />}
          {kind === 'outcomes' && <OutcomesView filters={filters} />}
          {kind === 'funnel' && <FunnelView filters={filters} />}
          {kind === 'sales' && <SalesView filters={filters} />}
          {kind === 'repeat' && <RepeatView filters={filters} />}
          {kind === 'heatmap' && <HeatmapView filters={filters} />}
          {kind === 'reviews' && <ReviewsReportView filters={filters} />}
          {kind === 'tasks' && <TasksReportView filters={filters} />}
        </div>
      </Tabs>
    </div>
  );
}
