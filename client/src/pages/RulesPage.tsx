import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PoolCallbacksPanel } from '../modules/callbacks/components/PoolCallbacksPanel';
import { TailsPanel } from '../modules/callbacks/components/TailsPanel';
import { useLiveCallbacks, useTails } from '../modules/callbacks/hooks/use-tails';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { RulesPanel } from '../modules/routing/components/RulesPanel';
import { useRules } from '../modules/routing/hooks/use-rules';
import { DispositionsPanel } from '../modules/dispositions/components/DispositionsPanel';
import { PageHeader } from '../ui/PageHeader';
import { Tabs } from '../ui/Tabs';

type RulesTab = 'rules' | 'tails' | 'codes';

/**
 * The lead router for managers and supervisors: the routing rules (managers edit, supervisors read) and
 * the tails, overdue callbacks per operator. The tab is kept in the address (?tab=tails); supervisors,
 * who cannot change rules, start on the tails. Managers also keep the result codes here (?tab=codes).
 */
export function RulesPage() {
  const { t } = useTranslation('routing');
  const { t: td } = useTranslation('dispositions');
  const me = useCurrentUser();
  const editable = hasRole(me.role, 'manager');
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: RulesTab = asked === 'rules' || asked === 'tails' || (asked === 'codes' && editable) ? asked : editable ? 'rules' : 'tails';
  const rules = useRules();
  const tails = useTails();
  // Handovers by the router or by colleagues refresh the tails, whichever tab is open.
  useLiveCallbacks();
  const overdue = tails.data?.items.reduce((sum, tail) => sum + tail.overdue, 0);

  return (
    <div className="page">
      <PageHeader title={t('page.title')} subtitle={t('page.subtitle')} />
      <Tabs
        label={t('page.tabsLabel')}
        tabs={[
          { key: 'rules', label: t('page.tabs.rules'), count: rules.data?.total },
          { key: 'tails', label: t('page.tabs.tails'), count: overdue },
          ...(editable ? [{ key: 'codes' as const, label: td('tab') }] : []),
        ]}
        active={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
      >
        <div className="page">
          {tab === 'rules' ? (
            <RulesPanel editable={editable} />
          ) : tab === 'codes' ? (
            <DispositionsPanel />
          ) : (
            <>
              <TailsPanel />
              {/* The pool before it is overdue: supervisors hand its callbacks out while there is time. */}
              <PoolCallbacksPanel />
            </>
          )}
        </div>
      </Tabs>
    </div>
  );
}
