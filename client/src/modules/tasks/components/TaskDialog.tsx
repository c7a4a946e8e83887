import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { DebouncedInput } from '../../../ui/DebouncedInput';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { toLocalInput } from '../../callbacks/components/local-time';
import { useClientList } from '../../clients/hooks/use-client-list';
import { useUsers } from '../../users/hooks/use-users';
import { TASK_KINDS, type Task, type TaskKind } from '../api/tasks.api';
import { useSaveTask } from '../hooks/use-tasks';

export type TaskDialogProps = {
  /** The task to edit; a new one when absent. */
  task?: Task;
  /** A new task on this client (the card): no client picker. */
  client?: { id: number; name: string };
  /** A new task's suggested time (a calendar day). */
  defaultDueAt?: Date;
  onClose: (saved?: Task) => void;
};

const REMIND_OPTIONS = [null, 0, 5, 15, 30, 60, 1440] as const;
const TITLE_MAX = 200;
const NOTE_MAX = 2000;

/** The next whole hour: a new task's time unless the caller suggests one. */
function nextHour(): Date {
  const d = new Date();
  d.setHours(d.getHours() + 1, 0, 0, 0);
  return d;
}

/** Creates or edits a task: kind, what to do, client, when, a meeting's length, the reminder, assignee, comment. */
export function TaskDialog({ task, client, defaultDueAt, onClose }: TaskDialogProps) {
  const { t } = useTranslation('tasks');
  const errorText = useErrorText();
  const me = useCurrentUser();
  const supervisor = hasRole(me.role, 'supervisor');
  const save = useSaveTask();
  const [kind, setKind] = useState<TaskKind>(task?.kind ?? 'call');
  const [title, setTitle] = useState(task?.title ?? '');
  const [clientId, setClientId] = useState<number | null>(task?.clientId ?? client?.id ?? null);
  const [due, setDue] = useState(toLocalInput(task?.dueAt ?? defaultDueAt ?? nextHour()));
  const [duration, setDuration] = useState(String(task?.durationMinutes ?? 60));
  const [remind, setRemind] = useState<number | null>(task ? task.remindBeforeMinutes : 15);
  const [assigneeId, setAssigneeId] = useState(task?.assigneeId ?? me.id);
  const [note, setNote] = useState(task?.note ?? '');
  const [missing, setMissing] = useState(false);
  const dueAt = new Date(due);
  const past = !Number.isNaN(dueAt.getTime()) && dueAt.getTime() < Date.now() && (!task || due !== toLocalInput(task.dueAt));
  const remindOptions = remind !== null && !(REMIND_OPTIONS as readonly (number | null)[]).includes(remind) ? [...REMIND_OPTIONS, remind] : REMIND_OPTIONS;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || clientId === null || Number.isNaN(dueAt.getTime())) {
      setMissing(true);
      return;
    }
    const fields = {
      kind,
      title: title.trim(),
      note: note.trim() || null,
      durationMinutes: kind === 'meeting' ? Math.min(1440, Math.max(5, Number(duration) || 60)) : null,
      remindBeforeMinutes: remind,
      ...(supervisor && { assigneeId }),
    };
    const moved = task && due !== toLocalInput(task.dueAt);
    save.mutate(task ? { id: task.id, patch: { ...fields, ...(moved && { dueAt: dueAt.toISOString() }) } } : { input: { ...fields, clientId, dueAt: dueAt.toISOString() } }, { onSuccess: (saved) => onClose(saved) });
  };

  return (
    <Modal title={task ? t('form.editTitle') : t('form.newTitle')} onClose={() => onClose()}>
      <form className="form tk-form" onSubmit={submit} noValidate data-testid="task-form">
        <div className="segmented tk-kinds" role="group" aria-label={t('form.kind')}>
          {TASK_KINDS.map((k) => (
            <button key={k} type="button" className={`segment tk-kind-${k}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {t(`kind.${k}`)}
            </button>
          ))}
        </div>
        <Field label={t('form.title')}>
          {(id) => <input id={id} name="title" value={title} maxLength={TITLE_MAX} placeholder={t('form.titlePlaceholder')} onChange={(e) => setTitle(e.target.value)} autoFocus required />}
        </Field>
        {!task && !client && <ClientPicker value={clientId} onChange={setClientId} />}
        <div className="form-row">
          <Field label={t('form.dueAt')} hint={past ? t('form.pastDue') : undefined}>
            {(id, hint) => <input id={id} name="dueAt" type="datetime-local" value={due} aria-describedby={hint} onChange={(e) => setDue(e.target.value)} required />}
          </Field>
          {kind === 'meeting' ? (
            <Field label={t('form.duration')}>
              {(id) => <input id={id} name="duration" type="number" min={5} max={1440} step={5} value={duration} onChange={(e) => setDuration(e.target.value)} />}
            </Field>
          ) : (
            <RemindField value={remind} options={remindOptions} onChange={setRemind} />
          )}
        </div>
        {kind === 'meeting' && <RemindField value={remind} options={remindOptions} onChange={setRemind} />}
        {supervisor && <AssigneeField value={assigneeId} onChange={setAssigneeId} />}
        <Field label={t('form.note')}>
          {(id) => <textarea id={id} name="note" rows={3} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        {missing && <Alert>{t('form.required')}</Alert>}
        {save.isError && <Alert>{errorText(save.error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={() => onClose()}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {task ? t('form.save') : t('form.create')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

type RemindFieldProps = { value: number | null; options: readonly (number | null)[]; onChange: (v: number | null) => void };

function RemindField({ value, options, onChange }: RemindFieldProps) {
  const { t } = useTranslation('tasks');
  const label = (m: number | null) => {
    if (m === null) return t('form.remindNone');
    if (m === 0) return t('form.remindAtStart');
    if (m === 5 || m === 15 || m === 30 || m === 60 || m === 1440) return t(`form.remind${m}`);
    return t('item.remind', { when: t('item.duration', { count: m }) });
  };
  return (
    <Field label={t('form.remind')}>
      {(id) => (
        <select id={id} name="remind" value={value === null ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
          {options.map((m) => (
            <option key={m ?? 'none'} value={m === null ? '' : String(m)}>
              {label(m)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function AssigneeField({ value, onChange }: { value: number; onChange: (id: number) => void }) {
  const { t } = useTranslation('tasks');
  const { users } = useUsers();
  return (
    <Field label={t('form.assignee')}>
      {(id) => (
        <select id={id} name="assignee" value={value} onChange={(e) => onChange(Number(e.target.value))}>
          {!users.some((u) => u.id === value) && <option value={value}>#{value}</option>}
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const SHOWN = 20;

/** A client by name or phone: the search's first matches in a list (the first picked until one is chosen). */
function ClientPicker({ value, onChange }: { value: number | null; onChange: (id: number | null) => void }) {
  const { t } = useTranslation('tasks');
  const [q, setQ] = useState('');
  const list = useClientList({ q: q || undefined, sort: 'name', order: 'asc', limit: SHOWN, offset: 0 });
  const items = list.data?.items ?? [];
  const chosen = value !== null && items.some((c) => c.id === value) ? value : null;
  return (
    <Field label={t('form.client')}>
      {(id) => (
        <div className="tk-client-picker">
          <DebouncedInput type="search" aria-label={t('form.clientSearch')} placeholder={t('form.clientSearch')} value={q} onValueChange={(v) => setQ(v.trim())} />
          <select id={id} name="client" value={chosen ?? ''} onChange={(e) => onChange(Number(e.target.value) || null)} disabled={items.length === 0}>
            <option value="">{items.length === 0 ? t('form.noClients') : '—'}</option>
            {items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
                {c.organization && c.kind === 'person' ? ` · ${c.organization}` : ''}
              </option>
            ))}
          </select>
        </div>
      )}
    </Field>
  );
}
