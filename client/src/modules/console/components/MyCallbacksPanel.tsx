import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import type { CallbackReassigned } from '../../../app/realtime/realtime.types';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Spinner } from '../../../ui/Spinner';
import { useNow } from '../../../ui/use-now';
import { useCurrentUser } from '../../auth/hooks/use-session';
import type { Callback } from '../../callbacks/api/callback.types';
import { callbackKeys } from '../../callbacks/hooks/callback-keys';
import { useCompleteCallback, usePendingCallbacks } from '../../callbacks/hooks/use-my-callbacks';
import { useLiveCallbacks } from '../../callbacks/hooks/use-tails';
import { getClient } from '../../clients/api/clients.api';
import { clientKeys } from '../../clients/hooks/client-keys';
import { useClientNames } from '../../clients/hooks/use-client-names';
import { useReasonText } from '../../routing/hooks/use-reason-text';
import { useUserName } from '../../users/hooks/use-users';
import { notifyIfHidden } from '../hooks/use-pop-notifications';
import { MyCallbackItem } from './MyCallbackItem';
import './my-callbacks.css';

/** How long the "a callback was taken away" notice stays. */
const NOTICE_MS = 20_000;

/**
 * The signed-in operator's pending callbacks, overdue ones first and marked. The list follows the socket:
 * a callback assigned to them appears, one a rule (or a supervisor) takes away leaves with a short notice
 * saying why, and a reminder (`callback:due`) highlights its row and, with the tab hidden, notifies.
 */
export function MyCallbacksPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const reasonText = useReasonText();
  const userName = useUserName();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const now = useNow();
  const list = usePendingCallbacks(me.id);
  const complete = useCompleteCallback();
  const [reminded, setReminded] = useState<ReadonlySet<number>>(new Set());
  const [takenAway, setTakenAway] = useState<CallbackReassigned | null>(null);
  useLiveCallbacks();

  const items = list.data?.items ?? [];
  // The API sorts by due time, so the overdue ones already lead; kept explicit as the panel's promise.
  const overdue = items.filter((c) => Date.parse(c.dueAt) < now);
  const upcoming = items.filter((c) => Date.parse(c.dueAt) >= now);
  const clientNames = useClientNames([...items.map((c) => c.clientId), ...(takenAway ? [takenAway.callback.clientId] : [])]);
  const clientName = (id: number) => clientNames.get(id) ?? t('console.myCallbacks.clientNumber', { id });

  const remindIfHidden = async (callback: Callback) => {
    if (document.visibilityState !== 'hidden') return;
    const name =
      clientNames.get(callback.clientId) ??
      (await queryClient.fetchQuery({ queryKey: clientKeys.detail(callback.clientId), queryFn: ({ signal }) => getClient(callback.clientId, signal) }).then(
        (c) => c.name,
        () => clientName(callback.clientId),
      ));
    notifyIfHidden(t('console.myCallbacks.dueTitle', { client: name }), callback.note ?? format.dateTime(callback.dueAt), `callback:${callback.id}`, () => navigate('/console'));
  };

  useRealtimeEvent('callback:reassigned', (change) => {
    if (change.fromId === me.id && change.toId !== me.id) setTakenAway(change);
  });
  useRealtimeEvent('callback:due', (callback) => {
    if (callback.assigneeId !== me.id) return;
    setReminded((ids) => new Set(ids).add(callback.id));
    void queryClient.invalidateQueries({ queryKey: callbackKeys.pending(me.id) });
    void remindIfHidden(callback);
  });

  useEffect(() => {
    if (!takenAway) return;
    const timer = setTimeout(() => setTakenAway(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [takenAway]);

  const takenAwayText = (change: CallbackReassigned) => {
    const values = { client: clientName(change.callback.clientId), to: change.toId === null ? t('console.myCallbacks.pool') : userName(change.toId), reason: reasonText(change.reason) };
    return change.ruleId !== null ? t('console.myCallbacks.takenByRule', values) : t('console.myCallbacks.takenByHand', values);
  };

  const body = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data)
      return (
        <Alert
          action={
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </button>
          }
        >
          {errorText(list.error)}
        </Alert>
      );
    if (items.length === 0) return <p className="muted">{t('console.myCallbacks.none')}</p>;
    return (
      <ul className="plain-list my-callbacks-list">
        {[...overdue, ...upcoming].map((c) => (
          <MyCallbackItem
            key={c.id}
            callback={c}
            clientName={clientName(c.clientId)}
            now={now}
            reminded={reminded.has(c.id)}
            completing={complete.isPending && complete.variables === c.id}
            onDone={() => complete.mutate(c.id)}
          />
        ))}
      </ul>
    );
  };

  return (
    <section className="panel" aria-labelledby="my-callbacks-title" data-testid="my-callbacks">
      <div className="panel-header">
        <h2 className="panel-title" id="my-callbacks-title">
          {t('console.myCallbacks.title')}
        </h2>
        {list.data && (
          <span className="my-callbacks-counts">
            {overdue.length > 0 && <Badge tone="red">{t('console.myCallbacks.overdueCount', { n: format.integer(overdue.length) })}</Badge>}
            <Badge tone="slate">{format.integer(list.data.total)}</Badge>
          </span>
        )}
      </div>
      {takenAway && (
        <Alert
          tone="info"
          action={
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setTakenAway(null)}>
              {t('common.close')}
            </button>
          }
        >
          {takenAwayText(takenAway)}
        </Alert>
      )}
      {complete.isError && <Alert>{errorText(complete.error)}</Alert>}
      {body()}
      {list.data && list.data.total > items.length && (
        <p className="muted">{t('console.myCallbacks.shown', { shown: format.integer(items.length), total: format.integer(list.data.total) })}</p>
      )}
    </section>
  );
}
