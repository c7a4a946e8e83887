import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';
import { useClientTasks } from '../hooks/use-tasks';
import { TaskDialog } from './TaskDialog';
import { TaskItem } from './TaskItem';
import './tasks.css';

export type ClientTasksSectionProps = { client: { id: number; name: string } };

/** The client card's Tasks tab: the client's tasks by due time (open first), and "New task". */
export function ClientTasksSection({ client }: ClientTasksSectionProps) {
  const { t } = useTranslation('tasks');
  const errorText = useErrorText();
  const [closedToo, setClosedToo] = useState(false);
  const [creating, setCreating] = useState(false);
  const list = useClientTasks(client.id);
  const all = list.data?.items ?? [];
  const items = [...all.filter((x) => x.state === 'open'), ...(closedToo ? all.filter((x) => x.state !== 'open').reverse() : [])];
  return (
    <div className="stack" data-testid="client-tasks">
      <div className="tk-toolbar">
        <label className="tk-toggle">
          <input type="checkbox" checked={closedToo} onChange={(e) => setClosedToo(e.target.checked)} /> {t('card.showClosed')}
        </label>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setCreating(true)}>
          {t('card.new')}
        </button>
      </div>
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <Alert>{errorText(list.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="muted">{t('card.none')}</p>
      ) : (
        <ul className="plain-list tk-list">
          {items.map((task) => (
            <TaskItem key={task.id} task={task} hideClient />
          ))}
        </ul>
      )}
      {creating && <TaskDialog client={client} onClose={() => setCreating(false)} />}
    </div>
  );
}
