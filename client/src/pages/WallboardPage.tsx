import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { HistoryView, type HistoryPeriod } from '../modules/wallboard/components/HistoryView';
import { LiveBoard } from '../modules/wallboard/components/LiveBoard';
import { addDays, dayOf } from '../modules/wallboard/hooks/history-range';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

type View = 'live' | 'history';

/**
 * The supervisors' wallboard: the live floor and today's KPIs (full screen for the room), and the same
 * KPIs for a past period. The view and the period are kept in the address.
 */
export function WallboardPage() {
  const { t } = useTranslation('wallboard');
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'history' ? 'history' : 'live';
  const yesterday = addDays(dayOf(new Date()), -1);
  const period: HistoryPeriod = { first: params.get('from') ?? yesterday, last: params.get('to') ?? params.get('from') ?? yesterday };

  const setView = (next: View) =>
    setParams((p) => {
      const q = new URLSearchParams(p);
      if (next === 'history') q.set('view', 'history');
      else q.delete('view');
      return q;
    });
  const setPeriod = (next: HistoryPeriod) =>
    setParams((p) => {
      const q = new URLSearchParams(p);
      q.set('from', next.first);
      q.set('to', next.last);
      return q;
    });

  return (
    <div className="page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs
        label={t('page.tabsLabel')}
        tabs={[
          { key: 'live', label: t('page.tabs.live') },
          { key: 'history', label: t('page.tabs.history') },
        ]}
        active={view}
        onChange={setView}
      >
        {/* The live board stays mounted under the history: its state and the chart's calls live on. */}
        <LiveBoard canEditTargets={hasRole(me.role, 'manager')} hidden={view !== 'live'} />
        {view === 'history' && <HistoryView key={`${period.first}/${period.last}`} period={period} onPeriodChange={setPeriod} />}
      </Tabs>
    </div>
  );
}
