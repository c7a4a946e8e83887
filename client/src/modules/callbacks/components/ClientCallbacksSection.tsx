import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Field } from '../../../ui/Field';
import { Spinner } from '../../../ui/Spinner';
import { useNow } from '../../../ui/use-now';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useUserName, useUsers } from '../../users/hooks/use-users';
import type { Callback } from '../api/callback.types';
import { useClientCallbacks } from '../hooks/use-callback-actions';
import { useCallbackNote } from '../hooks/use-callback-note';
import { useCompleteCallback, useCreateCallback } from '../hooks/use-my-callbacks';
import { futureInstant, localNow, toLocalInput } from './local-time';
import { RescheduleControl } from './RescheduleControl';
import './pool-callbacks.css';

/** `organization`: the card is an organization's: its contact people's callbacks are listed too. */
export type ClientCallbacksSectionProps = { clientId: number; organization?: boolean };

/** The server keeps a callback's note to this length. */
const NOTE_MAX = 2000;
const POOL = 'pool';

/**
 * A client's callbacks on their card: who calls back and when, overdue ones marked; schedule a new one
 * (for oneself, or the pool; supervisors for anyone), reschedule or close one's own (supervisors: any).
 */
export function ClientCallbacksSection({ clientId, organization = false }: ClientCallbacksSectionProps) {
  const { t } = useTranslation('desk');
  const errorText = useErrorText();
  const me = useCurrentUser();
  const supervisor = hasRole(me.role, 'supervisor');
  const [closedToo, setClosedToo] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [scheduled, setScheduled] = useState(false);
  const list = useClientCallbacks(clientId, closedToo, organization);
  const items = list.data?.items ?? [];

  return (
    <div className="stack" data-testid="client-callbacks">
      <div className="cb-toolbar">
        <label className="cb-toggle">
          <input type="checkbox" checked={closedToo} onChange={(e) => setClosedToo(e.target.checked)} /> {t('cardCallbacks.showClosed')}
        </label>
        {!scheduling && (
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={() => {
              setScheduled(false);
              setScheduling(true);
            }}
          >
            {t('cardCallbacks.schedule')}
          </button>
        )}
      </div>
      {scheduled && <Alert tone="success">{t('cardCallbacks.scheduled')}</Alert>}
      {scheduling && (
        <ScheduleForm
          clientId={clientId}
          supervisor={supervisor}
          onDone={(saved) => {
            setScheduling(false);
            setScheduled(saved);
          }}
        />
      )}
      {list.isPending ? (
        <Spinner />
      ) : list.isError && !list.data ? (
        <Alert>{errorText(list.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="muted">{t('cardCallbacks.none')}</p>
      ) : (
        <ul className="plain-list cb-list">
          {items.map((c) => (
            <CallbackRow key={c.id} callback={c} editable={supervisor || c.assigneeId === me.id} />
          ))}
        </ul>
      )}
    </div>
  );
}

type CallbackRowProps = { callback: Callback; editable: boolean };

function CallbackRow({ callback: c, editable }: CallbackRowProps) {
  const { t } = useTranslation('desk');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const userName = useUserName();
  const now = useNow();
  const complete = useCompleteCallback();
  const noteText = useCallbackNote();
  const pending = c.status === 'pending';
  const overdue = pending && Date.parse(c.dueAt) < now;
  return (
    <li className={`cb-item${overdue ? ' is-overdue' : ''}${pending ? '' : ' is-closed'}`} data-testid="client-callback" data-callback-id={c.id} data-status={c.status}>
      <div className="cb-item-head">
        <span className="strong">{c.assigneeId === null ? t('cardCallbacks.pool') : t('cardCallbacks.who', { name: userName(c.assigneeId) })}</span>
        {overdue ? <Badge tone="red">{t('pool.overdue')}</Badge> : <Badge tone={pending ? 'blue' : 'slate'}>{t(`cardCallbacks.status.${c.status}`)}</Badge>}
      </div>
      <div className="cb-item-when">
        {pending && <span className={overdue ? 'overdue' : 'strong'}>{format.relative(c.dueAt, now)} · </span>}
        <time dateTime={c.dueAt} className={pending ? 'muted' : undefined}>
          {format.dateTime(c.dueAt)}
        </time>
      </div>
      {c.note && <p className="cb-item-note">{noteText(c.note)}</p>}
      {pending && editable && (
        <div className="cb-item-actions">
          <RescheduleControl callback={c} />
          <button type="button" className="btn btn-secondary btn-sm" disabled={complete.isPending} onClick={() => complete.mutate(c.id)}>
            {complete.isPending ? tc('common.saving') : t('cardCallbacks.done')}
          </button>
        </div>
      )}
      {complete.isError && (
        <p className="cb-error" role="alert">
          {errorText(complete.error)}
        </p>
      )}
    </li>
  );
}

type ScheduleFormProps = { clientId: number; supervisor: boolean; onDone: (saved: boolean) => void };

/** A new callback to the client: when, a note, and who (oneself or the pool; supervisors pick anyone). */
function ScheduleForm({ clientId, supervisor, onDone }: ScheduleFormProps) {
  const { t } = useTranslation('desk');
  const errorText = useErrorText();
  const me = useCurrentUser();
  const { users } = useUsers();
  const create = useCreateCallback();
  const [when, setWhen] = useState(() => toLocalInput(new Date(Date.now() + 3_600_000)));
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState(String(me.id));
  const [bad, setBad] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const dueAt = futureInstant(when);
    if (!dueAt) return setBad(true);
    create.mutate(
      { clientId, assigneeId: assignee === POOL ? null : Number(assignee), dueAt: dueAt.toISOString(), note: note.trim().slice(0, NOTE_MAX) || null },
      { onSuccess: () => onDone(true) },
    );
  };

  return (
    <form className="form cb-schedule" onSubmit={submit} aria-label={t('cardCallbacks.schedule')} data-testid="schedule-callback">
      {create.isError && <Alert>{errorText(create.error)}</Alert>}
      <div className="form-row cb-schedule-row">
        <Field label={t('cardCallbacks.when')} hint={bad ? t('cardCallbacks.past') : undefined}>
          {(id, hint) => (
            <input
              id={id}
              type="datetime-local"
              aria-describedby={hint}
              aria-invalid={bad}
              min={localNow()}
              value={when}
              required
              onChange={(e) => {
                setBad(false);
                setWhen(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label={t('cardCallbacks.assignee')}>
          {(id) => (
            <select id={id} value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value={String(me.id)}>{t('cardCallbacks.me')}</option>
              <option value={POOL}>{t('cardCallbacks.pool')}</option>
              {supervisor &&
                users
                  .filter((u) => u.id !== me.id && u.active)
                  .map((u) => (
                    <option key={u.id} value={String(u.id)}>
                      {u.name}
                    </option>
                  ))}
            </select>
          )}
        </Field>
      </div>
      <Field label={t('cardCallbacks.note')}>{(id) => <textarea id={id} rows={2} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={() => onDone(false)}>
          {t('cardCallbacks.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? t('cardCallbacks.saving') : t('cardCallbacks.save')}
        </button>
      </div>
    </form>
  );
}
