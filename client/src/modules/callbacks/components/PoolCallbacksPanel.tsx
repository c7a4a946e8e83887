import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Spinner } from '../../../ui/Spinner';
import { useNow } from '../../../ui/use-now';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useClientNames } from '../../clients/hooks/use-client-names';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUserName, useUsers } from '../../users/hooks/use-users';
import { usePoolCallbacks, useTakeCallback } from '../hooks/use-callback-actions';
import { useCallbackNote } from '../hooks/use-callback-note';
import { ReassignControl } from './ReassignControl';
import './pool-callbacks.css';

/** What became of the last "Take it", kept as data so it follows a change of language. */
type Outcome = { kind: 'taken'; clientId: number } | { kind: 'lost'; takerId: number | null } | { kind: 'closed' } | { kind: 'error'; error: unknown };

/**
 * The pool: pending callbacks nobody owns yet (missed calls from unknown numbers, callbacks handed back),
 * soonest due first, overdue ones marked. Anyone on the team takes one for themselves ("Take it"); of two
 * pressing at once one wins and the other is told who. Supervisors also hand one to someone.
 */
export function PoolCallbacksPanel() {
  const { t } = useTranslation('desk');
  const format = useFormat();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const userName = useUserName();
  const supervisor = hasRole(me.role, 'supervisor');
  const { users } = useUsers();
  const { teams } = useTeams();
  const now = useNow();
  const pool = usePoolCallbacks();
  const noteText = useCallbackNote();
  const take = useTakeCallback(me.id);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const items = pool.data?.items ?? [];
  const names = useClientNames([...items.map((c) => c.clientId), ...(outcome?.kind === 'taken' ? [outcome.clientId] : [])]);
  const clientName = (id: number) => names.get(id) ?? `#${id}`;

  const onTake = (id: number, clientId: number) => {
    setOutcome(null);
    take.mutate(id, {
      onSuccess: () => setOutcome({ kind: 'taken', clientId }),
      onError: (err) => {
        if (isApiError(err) && err.code === 'already_taken') {
          const takerId = (err.details as { assigneeId?: number } | undefined)?.assigneeId ?? null;
          setOutcome({ kind: 'lost', takerId });
        } else if (isApiError(err) && err.code === 'not_pending') setOutcome({ kind: 'closed' });
        else setOutcome({ kind: 'error', error: err });
      },
    });
  };

  const outcomeText = (o: Outcome) => {
    if (o.kind === 'taken') return t('pool.taken', { client: clientName(o.clientId) });
    if (o.kind === 'lost') return o.takerId === null ? t('pool.alreadyTakenSomeone') : t('pool.alreadyTaken', { name: userName(o.takerId) });
    if (o.kind === 'closed') return t('pool.closed');
    return errorText(o.error);
  };

  return (
    <section className="panel" aria-labelledby="pool-title" data-testid="pool-callbacks">
      <div className="panel-header">
        <h2 className="panel-title" id="pool-title">
          {t('pool.title')}
        </h2>
        {pool.data && <Badge tone={pool.data.total > 0 ? 'amber' : 'slate'}>{format.integer(pool.data.total)}</Badge>}
      </div>
      <p className="muted pool-hint">{t('pool.hint')}</p>
      {outcome && (
        <Alert tone={outcome.kind === 'taken' ? 'success' : outcome.kind === 'error' ? 'error' : 'info'}>
          <span data-testid="pool-outcome">{outcomeText(outcome)}</span>
        </Alert>
      )}
      {pool.isPending ? (
        <Spinner />
      ) : pool.isError && !pool.data ? (
        <Alert>{errorText(pool.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="muted">{t('pool.none')}</p>
      ) : (
        <ul className="plain-list pool-list">
          {items.map((c) => {
            const overdue = Date.parse(c.dueAt) < now;
            return (
              <li key={c.id} className={`pool-item${overdue ? ' is-overdue' : ''}`} data-testid="pool-callback" data-callback-id={c.id}>
                <div className="pool-item-head">
                  <Link to={`/clients/${c.clientId}`} className="strong">
                    {clientName(c.clientId)}
                  </Link>
                  {overdue && <Badge tone="red">{t('pool.overdue')}</Badge>}
                </div>
                <div className="pool-item-when">
                  <span className={overdue ? 'overdue' : 'strong'}>{format.relative(c.dueAt, now)}</span>
                  <span className="muted">
                    {' · '}
                    <time dateTime={c.dueAt}>{format.dateTime(c.dueAt)}</time>
                  </span>
                </div>
                {c.note && <p className="pool-item-note">{noteText(c.note)}</p>}
                <div className="pool-item-actions">
                  <button
                    type="button"
                    className="btn btn-primary btn-sm"
                    aria-label={t('pool.takeFor', { client: clientName(c.clientId) })}
                    disabled={take.isPending}
                    onClick={() => onTake(c.id, c.clientId)}
                  >
                    {take.isPending && take.variables === c.id ? t('pool.taking') : t('pool.take')}
                  </button>
                  {supervisor && <ReassignControl callback={c} users={users} teams={teams} onReassigned={() => setOutcome(null)} />}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {pool.data && pool.data.total > items.length && <p className="muted">{t('pool.shown', { shown: format.integer(items.length), total: format.integer(pool.data.total) })}</p>}
    </section>
  );
}
