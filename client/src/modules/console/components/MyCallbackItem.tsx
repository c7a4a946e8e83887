import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { Badge } from '../../../ui/Badge';
import { RescheduleControl } from '../../callbacks/components/RescheduleControl';
import { ClickToCallButton } from '../../calls/components/ClickToCallButton';
import type { Callback } from '../../callbacks/api/callback.types';
import { useCallbackNote } from '../../callbacks/hooks/use-callback-note';
import { useClient } from '../../clients/hooks/use-client';

export type MyCallbackItemProps = {
  callback: Callback;
  clientName: string;
  now: number;
  /** The server reminded of it (`callback:due`) while the console was open. */
  reminded: boolean;
  completing: boolean;
  onDone: () => void;
};

/** One promised callback: whom, when (relative and absolute), the note, a call button and "Done". */
export function MyCallbackItem({ callback, clientName, now, reminded, completing, onDone }: MyCallbackItemProps) {
  const { t } = useTranslation();
  const format = useFormat();
  // The same cached query as the client's name: the card gives the number to call.
  const client = useClient(callback.clientId);
  const noteText = useCallbackNote();
  const phone = client.data?.phones[0];
  const number = phone ? (phone.e164 ?? phone.raw) : null;
  const overdue = Date.parse(callback.dueAt) < now;

  return (
    <li className={`my-callback${overdue ? ' is-overdue' : ''}${reminded ? ' is-due' : ''}`} data-testid="my-callback" data-callback-id={callback.id} data-overdue={overdue}>
      <div className="my-callback-head">
        <Link to={`/clients/${callback.clientId}`} className="strong">
          {clientName}
        </Link>
        {reminded ? <Badge tone="amber">{t('console.myCallbacks.dueNow')}</Badge> : overdue && <Badge tone="red">{t('console.myCallbacks.overdue')}</Badge>}
      </div>
      <div className="my-callback-when">
        <span className={overdue ? 'overdue' : 'strong'}>{format.relative(callback.dueAt, now)}</span>
        <span className="muted">
          {' · '}
          <time dateTime={callback.dueAt}>{format.dateTime(callback.dueAt)}</time>
        </span>
      </div>
      {callback.note && <p className="pop-list-text">{noteText(callback.note)}</p>}
      <div className="my-callback-actions">
        {number && <ClickToCallButton number={number} clientId={callback.clientId} />}
        <RescheduleControl callback={callback} />
        <button type="button" className="btn btn-secondary btn-sm" onClick={onDone} disabled={completing} aria-label={t('console.myCallbacks.doneFor', { client: clientName })}>
          {completing ? t('common.saving') : t('console.myCallbacks.done')}
        </button>
      </div>
    </li>
  );
}
