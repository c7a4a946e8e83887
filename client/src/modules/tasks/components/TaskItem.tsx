import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { toLocalInput } from '../../callbacks/components/local-time';
import { useCurrentUser } from '../../auth/hooks/use-session';
import type { Task } from '../api/tasks.api';
import { useSaveTask } from '../hooks/use-tasks';
import { TaskDialog } from './TaskDialog';
import { TaskIcon } from './TaskIcon';

export type TaskItemProps = {
  task: Task;
  /** How the time reads: the time of day alone (a day's list) or with the date. */
  when?: 'time' | 'dateTime';
  /** Hide the client's name (the client's own card). */
  hideClient?: boolean;
};

/** One task: when, what, for whom, its marks, and the buttons to finish, move, edit or cancel it. */
export function TaskItem({ task, when = 'dateTime', hideClient = false }: TaskItemProps) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const save = useSaveTask();
  const [dialog, setDialog] = useState<'edit' | 'move' | null>(null);
  const open = task.state === 'open';
  const time = when === 'time' ? format.time(task.dueAt) : format.compactDateTime(task.dueAt);
  const setState = (state: Task['state']) => save.mutate({ id: task.id, patch: { state } });
  return (
    <li className={`tk-item tk-kind-${task.kind}${task.overdue ? ' is-overdue' : ''}${open ? '' : ' is-closed'}`} data-testid="task-item" data-task-id={task.id} data-state={task.state}>
      <span className="tk-icon" aria-hidden="true">
        <TaskIcon name={task.kind} size={15} />
      </span>
      <div className="tk-main">
        <div className="tk-head">
          <time className={`tk-time${task.overdue ? ' overdue' : ''}`} dateTime={task.dueAt}>
            {time}
          </time>
          <span className="tk-title">{task.title}</span>
        </div>
        <div className="tk-meta">
          <span className="muted">{t(`kind.${task.kind}`)}</span>
          {task.durationMinutes !== null && task.kind === 'meeting' && <span className="muted">· {t('item.duration', { count: task.durationMinutes })}</span>}
          {!hideClient && (
            <Link to={`/clients/${task.clientId}`} className="tk-client">
              {task.clientName}
            </Link>
          )}
          {task.assigneeId !== me.id && <span className="muted">{t('item.assignee', { name: task.assigneeName ?? `#${task.assigneeId}` })}</span>}
          {task.overdue && <Badge tone="red">{t('item.overdue')}</Badge>}
          {!open && <Badge tone={task.state === 'done' ? 'green' : 'slate'}>{t(`state.${task.state}`)}</Badge>}
          {task.movedCount > 0 && <Badge tone="amber">{t('item.moved', { count: task.movedCount })}</Badge>}
          {open && task.remindBeforeMinutes !== null && task.remindAt && (
            <span className="muted tk-remind" title={format.dateTime(task.remindAt)}>
              <TaskIcon name="bell" size={13} /> {format.time(task.remindAt)}
            </span>
          )}
        </div>
        {task.note && <p className="tk-note">{task.note}</p>}
        {save.isError && <Alert>{errorText(save.error)}</Alert>}
      </div>
      <div className="tk-actions">
        {open ? (
          <>
            <button type="button" className="btn btn-primary btn-sm" disabled={save.isPending} onClick={() => setState('done')}>
              {t('item.done')}
            </button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => setDialog('move')}>
              {t('item.move')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setDialog('edit')}>
              {t('item.edit')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm tk-cancel" disabled={save.isPending} onClick={() => setState('cancelled')}>
              {t('item.cancel')}
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-ghost btn-sm" disabled={save.isPending} onClick={() => setState('open')}>
            {t('item.reopen')}
          </button>
        )}
      </div>
      {dialog === 'edit' && <TaskDialog task={task} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MoveDialog task={task} onClose={() => setDialog(null)} />}
    </li>
  );
}

/** Reschedules a task: an hour later, tomorrow or a week later at the same time, or a chosen time. */
export function MoveDialog({ task, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation('tasks');
  const errorText = useErrorText();
  const save = useSaveTask();
  // Moves count from the task's time, or from now when that has passed (an overdue call moved "+1 hour").
  const base = Math.max(Date.parse(task.dueAt), Date.now());
  const [value, setValue] = useState(toLocalInput(new Date(base + 3600_000)));
  const move = (at: Date) => save.mutate({ id: task.id, patch: { dueAt: at.toISOString() } }, { onSuccess: onClose });
  const sameTime = (days: number) => {
    const d = new Date(task.dueAt);
    const now = new Date();
    const target = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, d.getHours(), d.getMinutes());
    if (Date.parse(task.dueAt) > now.getTime()) target.setTime(new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, d.getHours(), d.getMinutes()).getTime());
    return target;
  };
  return (
    <Modal title={t('move.title')} onClose={onClose}>
      <div className="form" data-testid="move-form">
        <p className="strong">{task.title}</p>
        <div className="tk-quick">
          <button type="button" className="btn btn-secondary btn-sm" disabled={save.isPending} onClick={() => move(new Date(base + 3600_000))}>
            {t('move.plusHour')}
          </button>
          <button type="button" className="btn btn-secondary btn-sm" disabled={save.isPending} onClick={() => move(sameTime(1))}>
            {t('move.tomorrow')}
          </button>
          <button type="button" className="btn btn-secondary btn-sm" disabled={save.isPending} onClick={() => move(sameTime(7))}>
            {t('move.nextWeek')}
          </button>
        </div>
        <Field label={t('move.pick')}>{(id) => <input id={id} type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />}</Field>
        {save.isError && <Alert>{errorText(save.error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={save.isPending || Number.isNaN(new Date(value).getTime())} onClick={() => move(new Date(value))}>
            {t('move.save')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
