import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCurrentUser } from '../modules/auth/hooks/use-session';
import { hasRole } from '../modules/auth/roles';
import { AgendaSections } from '../modules/tasks/components/AgendaSections';
import { BirthdaysPanel } from '../modules/tasks/components/BirthdaysPanel';
import { TaskCalendar } from '../modules/tasks/components/TaskCalendar';
import { TaskDialog } from '../modules/tasks/components/TaskDialog';
import '../modules/tasks/components/tasks.css';
import { useUsers } from '../modules/users/hooks/use-users';
import { PageHeader } from '../ui/PageHeader';

type View = 'agenda' | 'calendar';

/**
 * The operator's agenda (every role, each their own; supervisors and managers may look at anyone's):
 * overdue, today and this week beside the birthdays coming up, or the calendar. The view is in the address.
 */
export function AgendaPage() {
  const { t } = useTranslation('tasks');
  const me = useCurrentUser();
  const { users } = useUsers();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'calendar' ? 'calendar' : 'agenda';
  const [whose, setWhose] = useState<number | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const supervisor = hasRole(me.role, 'supervisor');
  return (
    <div className="page tk-page">
      <PageHeader
        title={t('page.title')}
        subtitle={t('page.subtitle')}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            + {t('page.newTask')}
          </button>
        }
      />
      <div className="tk-toolbar">
        <div className="segmented tk-views" role="group" aria-label={t('page.views')}>
          {(['agenda', 'calendar'] as const).map((v) => (
            <button key={v} type="button" className="segment" aria-pressed={view === v} onClick={() => setParams(v === 'agenda' ? {} : { view: v }, { replace: true })}>
              {t(`page.${v}`)}
            </button>
          ))}
        </div>
        {supervisor && (
          <select aria-label={t('page.whose')} className="tk-owner" value={whose ?? ''} onChange={(e) => setWhose(e.target.value ? Number(e.target.value) : undefined)}>
            <option value="">{t('page.mine')}</option>
            {users
              .filter((u) => u.id !== me.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        )}
      </div>
      {view === 'agenda' ? (
        <div className="tk-layout">
          <AgendaSections assigneeId={whose} />
          <aside className="tk-side">
            <BirthdaysPanel />
          </aside>
        </div>
      ) : (
        <TaskCalendar assigneeId={whose} />
      )}
      {creating && <TaskDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
