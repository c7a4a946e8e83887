import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { listCalls } from '../../calls/api/calls.api';
import type { Call } from '../../calls/api/call.types';
import { CallDirection } from '../../calls/components/CallDirection';
import { CallOutcomeBadge } from '../../calls/components/CallOutcomeBadge';
import { useDispositionLabel } from '../../calls/hooks/use-dispositions';
import { RecordingPlayer } from '../../recordings/components/RecordingPlayer';
import { useUserName } from '../../users/hooks/use-users';

/** As many earlier calls as the pop brings. */
const HISTORY_SIZE = 10;

export type PopHistoryProps = {
  /** The pop's history; null when the client was linked after the pop (then it is loaded here). */
  calls: readonly Call[] | null;
  clientId: number | null;
  /** The call in progress, left out of its own history. */
  current: { pbx: string; callId: string };
  /** An organization's contact people: their calls in its history name who talked. */
  people?: readonly { id: number; name: string }[];
};

/** The caller's last calls, newest first: when, which way, how long, who took it, how it ended and why. */
export function PopHistory({ calls, clientId, current, people = [] }: PopHistoryProps) {
  const { t } = useTranslation();
  const loaded = useQuery({
    queryKey: ['calls', 'by-client', { clientId, limit: HISTORY_SIZE + 1, offset: 0 }],
    queryFn: ({ signal }) => listCalls({ clientId: clientId ?? 0, limit: HISTORY_SIZE + 1, offset: 0 }, signal),
    enabled: calls === null && clientId !== null,
  });
  const rows = calls ?? loaded.data?.items.filter((c) => !(c.pbx === current.pbx && c.pbxCallId === current.callId)).slice(0, HISTORY_SIZE) ?? null;

  return (
    <section className="panel" aria-labelledby="pop-history-title">
      <div className="panel-header">
        <h2 className="panel-title" id="pop-history-title">
          {t('console.history.title')}
        </h2>
        {rows && rows.length > 0 && <span className="muted">{t('console.history.count', { n: rows.length })}</span>}
      </div>
      {rows === null ? clientId === null ? <EmptyState title={t('console.history.none')} /> : <Spinner /> : rows.length === 0 ? <EmptyState title={t('console.history.none')} /> : <HistoryTable calls={rows} people={people} />}
    </section>
  );
}

function HistoryTable({ calls, people }: { calls: readonly Call[]; people: readonly { id: number; name: string }[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const dispositionLabel = useDispositionLabel();
  const none = <span className="muted">{t('common.empty')}</span>;
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label={t('console.history.title')} data-testid="pop-history">
        <thead>
          <tr>
            <th scope="col">{t('calls.when')}</th>
            <th scope="col" className="num">
              {t('console.history.talk')}
            </th>
            <th scope="col">{t('calls.operator')}</th>
            <th scope="col">{t('calls.outcome')}</th>
            <th scope="col">{t('console.history.note')}</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.id}>
              <td className="nowrap">
                {format.compactDateTime(call.startedAt)}
                <div className="cell-sub">
                  <CallDirection direction={call.direction} />
                </div>
                {people.some((p) => p.id === call.clientId) && <div className="cell-sub">{people.find((p) => p.id === call.clientId)!.name}</div>}
                {/* Under the date, not in a column of its own: the pop's table is narrow and the first column always shows. */}
                {call.hasRecording && <div className="cell-sub"><RecordingPlayer call={call} /></div>}
              </td>
              <td className="num">{call.answeredAt ? format.duration(call.talkSeconds) : none}</td>
              <td>{call.operatorId === null ? none : userName(call.operatorId)}</td>
              <td>
                <CallOutcomeBadge outcome={call.outcome} />
                {call.disposition && (
                  <div className="cell-sub" title={t('calls.disposition')}>
                    {dispositionLabel(call.disposition)}
                  </div>
                )}
              </td>
              <td className="cell-note" title={call.note ?? undefined}>
                {call.note ?? none}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
