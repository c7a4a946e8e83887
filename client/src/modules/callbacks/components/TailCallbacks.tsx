import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';
import { useClientNames } from '../../clients/hooks/use-client-names';
import { useLatenessText } from '../../routing/hooks/use-duration-text';
import type { Team } from '../../teams/api/teams.api';
import type { DirectoryEntry } from '../../users/api/user.types';
import type { Callback } from '../api/callback.types';
import { useOverdueCallbacks } from '../hooks/use-tails';
import { ReassignControl } from './ReassignControl';

/** How many of one assignee's overdue callbacks are listed at once, oldest first. */
const LIMIT = 50;

export type TailCallbacksProps = {
  assigneeId: number | null;
  /** The operator's name (or "the pool"), for the table's label. */
  name: string;
  users: readonly DirectoryEntry[];
  teams: readonly Team[];
  now: number;
  onReassigned: (callback: Callback, clientName: string) => void;
};

/** One assignee's overdue callbacks, each with its client, lateness and a "Reassign to…" control. */
export function TailCallbacks({ assigneeId, name, users, teams, now, onReassigned }: TailCallbacksProps) {
  const { t } = useTranslation('routing');
  const format = useFormat();
  const errorText = useErrorText();
  const lateness = useLatenessText();
  const list = useOverdueCallbacks({ assigneeId, limit: LIMIT });
  const items = list.data?.items ?? [];
  const clientNames = useClientNames(items.map((c) => c.clientId));
  const clientName = (id: number) => clientNames.get(id) ?? `#${id}`;

  if (list.isPending) return <Spinner />;
  if (list.isError && !list.data) return <Alert>{errorText(list.error)}</Alert>;
  if (items.length === 0) return <p className="muted tail-none">{t('tails.none')}</p>;
  return (
    <div className="tail-callbacks">
      <div className={`table-wrap ${list.isPlaceholderData ? 'is-stale' : ''}`}>
        <table className="table table-compact" aria-label={t('tails.listLabel', { name })}>
          <thead>
            <tr>
              <th scope="col">{t('tails.columnsList.client')}</th>
              <th scope="col">{t('tails.columnsList.due')}</th>
              <th scope="col">{t('tails.columnsList.late')}</th>
              <th scope="col">{t('tails.columnsList.note')}</th>
              <th scope="col" className="num">
                {t('tails.columnsList.handovers')}
              </th>
              <th scope="col">{t('tails.columnsList.reassign')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-callback-id={c.id}>
                <td>
                  <Link to={`/clients/${c.clientId}`} className="strong">
                    {clientName(c.clientId)}
                  </Link>
                  <div className="cell-sub">{t('dryRun.callbackNumber', { id: c.id })}</div>
                </td>
                <td className="nowrap">{format.compactDateTime(c.dueAt)}</td>
                <td className="nowrap">
                  <span className="overdue">{lateness(c.dueAt, now)}</span>
                </td>
                <td className="cell-note" title={c.note ?? undefined}>
                  {c.note ?? <span className="muted">—</span>}
                </td>
                <td className="num">{format.integer(c.reassignCount)}</td>
                <td>
                  <ReassignControl callback={c} users={users} teams={teams} onReassigned={(done) => onReassigned(done, clientName(c.clientId))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && list.data.total > items.length && <p className="muted tail-more">{t('tails.shown', { shown: format.integer(items.length), total: format.integer(list.data.total) })}</p>}
    </div>
  );
}
