import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { useFormat } from '../../../i18n/format';
import { notifyIfHidden } from '../../console/hooks/use-pop-notifications';
import type { Task } from '../api/tasks.api';
import { taskKeys } from '../hooks/use-tasks';
import { TaskIcon } from './TaskIcon';
import './tasks.css';

/** At most this many reminders stay on screen (the oldest go first). */
const SHOWN = 4;

/**
 * Reminders of one's tasks (`task:reminder`), on every page: a notice with the client's link that stays
 * until dismissed; with the tab hidden, a system notification too.
 */
export function TaskReminders() {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [items, setItems] = useState<Task[]>([]);
  useRealtimeEvent('task:reminder', (task) => {
    setItems((list) => [...list.filter((x) => x.id !== task.id), task].slice(-SHOWN));
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    notifyIfHidden(t('reminder.title', { title: task.title }), t('reminder.at', { kind: t(`kind.${task.kind}`), time: format.time(task.dueAt), client: task.clientName }), `task:${task.id}`, () => navigate(`/clients/${task.clientId}`));
  });
  if (items.length === 0) return null;
  const dismiss = (id: number) => setItems((list) => list.filter((x) => x.id !== id));
  return (
    <div className="tk-reminders" role="region" aria-label={t('reminder.label')} aria-live="polite">
      {items.map((task) => (
        <div key={task.id} className={`tk-reminder tk-kind-${task.kind}`} role="alert" data-testid="task-reminder" data-task-id={task.id}>
          <div className="tk-reminder-body">
            <p className="strong tk-reminder-title">
              <TaskIcon name="bell" /> {t('reminder.title', { title: task.title })}
            </p>
            <p className="muted">{t('reminder.at', { kind: t(`kind.${task.kind}`), time: format.time(task.dueAt), client: task.clientName })}</p>
          </div>
          <div className="tk-reminder-actions">
            <Link to={`/clients/${task.clientId}`} className="btn btn-primary btn-sm" onClick={() => dismiss(task.id)}>
              {t('reminder.open')}
            </Link>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => dismiss(task.id)}>
              {t('reminder.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
