import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Pagination } from '../../../ui/Pagination';
import { Spinner } from '../../../ui/Spinner';
import { useClientNames } from '../../clients/hooks/use-client-names';
import { useUserName } from '../../users/hooks/use-users';
import { Link } from 'react-router';
import { CALLS_PAGE_SIZE, useClientCalls } from '../hooks/use-client-calls';
import { useDispositionLabel } from '../hooks/use-dispositions';
import { ReviewCallButton } from '../../reviews/components/ReviewCallButton';
import { RecordingPlayer } from '../../recordings/components/RecordingPlayer';
import { useMayHearRecording } from '../../recordings/hooks/use-may-hear-recording';
import { CallDirection } from './CallDirection';
import { CallOutcomeBadge } from './CallOutcomeBadge';
import './call-history.css';

/** `organization`: the card is an organization's: its people's calls are listed too, each naming who talked. */
export type CallHistoryProps = { clientId: number; organization?: boolean };

/** A client's calls, newest first: when, which way, how long, who took it and how it ended. */
export function CallHistory({ clientId, organization = false }: CallHistoryProps) {
  const { t } = useTranslation();
  const { t: to } = useTranslation('organizations');
  const { t: trec } = useTranslation('recordings');
  const mayHear = useMayHearRecording();
  const format = useFormat();
  const errorText = useErrorText();
  const userName = useUserName();
  const [page, setPage] = useState(1);
  const calls = useClientCalls(clientId, page, organization);
  const contacts = useClientNames(organization ? (calls.data?.items ?? []).flatMap((c) => (c.clientId !== null && c.clientId !== clientId ? [c.clientId] : [])) : []);
  const dispositionLabel = useDispositionLabel();

  if (calls.isPending) return <Spinner />;
  if (calls.isError) return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void calls.refetch()}>{t('common.retry')}</button>}>{errorText(calls.error)}</Alert>;
  if (calls.data.total === 0) return <EmptyState title={t('calls.empty')} />;

  // A recordings column only on a page with one this user may hear.
  const recorded = calls.data.items.some(mayHear);
  const disposition = (d: string | null) => (d === null ? <span className="muted">{t('common.empty')}</span> : dispositionLabel(d));

  return (
    <>
      <div className={`table-wrap ${calls.isPlaceholderData ? 'is-stale' : ''}`}>
        <table className="table" aria-label={t('calls.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('calls.when')}</th>
              <th scope="col">{t('calls.direction')}</th>
              {organization && <th scope="col">{to('contact')}</th>}
              <th scope="col" className="num">{t('calls.duration')}</th>
              <th scope="col">{t('calls.operator')}</th>
              <th scope="col">{t('calls.outcome')}</th>
              <th scope="col">{t('calls.disposition')}</th>
              {recorded && <th scope="col">{trec('column')}</th>}
            </tr>
          </thead>
          <tbody>
            {calls.data.items.map((call) => (
              <tr key={call.id}>
                <td className="nowrap">{format.compactDateTime(call.startedAt)}</td>
                <td>
                  <CallDirection direction={call.direction} />
                </td>
                {organization && (
                  <td>{call.clientId !== null && call.clientId !== clientId ? <Link to={`/clients/${call.clientId}`}>{contacts.get(call.clientId) ?? '…'}</Link> : <span className="muted">{to('switchboard')}</span>}</td>
                )}
                <td className="num">{call.answeredAt ? format.duration(call.talkSeconds) : <span className="muted">{t('common.empty')}</span>}</td>
                <td>{call.operatorId === null ? <span className="muted">{t('common.empty')}</span> : userName(call.operatorId)}</td>
                <td>
                  <CallOutcomeBadge outcome={call.outcome} />
                </td>
                <td className="call-history-result">
                  {disposition(call.disposition)}
                  {/* The wrap-up's note belongs with its result. */}
                  {call.note && <div className="call-history-note">{call.note}</div>}
                  <ReviewCallButton call={call} />
                </td>
                {recorded && <td>{call.hasRecording && <RecordingPlayer call={call} />}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {calls.data.total > CALLS_PAGE_SIZE && <Pagination page={page} pageSize={CALLS_PAGE_SIZE} total={calls.data.total} onPageChange={setPage} busy={calls.isFetching} />}
    </>
  );
}
