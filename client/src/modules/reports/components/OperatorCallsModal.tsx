import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Modal } from '../../../ui/Modal';
import { Spinner } from '../../../ui/Spinner';
import { listCalls } from '../../calls/api/calls.api';
import { CallDirection } from '../../calls/components/CallDirection';
import { useDispositionLabel } from '../../calls/hooks/use-dispositions';

const LIMIT = 100;

export type OperatorCallsModalProps = { operatorId: number; name: string; range: { from: string; to: string }; onClose: () => void };

/** The calls behind an operator's row: their answered calls of the period, newest first, each with its client. */
export function OperatorCallsModal({ operatorId, name, range, onClose }: OperatorCallsModalProps) {
  const { t } = useTranslation('reports');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const label = useDispositionLabel();
  const calls = useQuery({
    queryKey: ['calls', 'report', operatorId, range.from, range.to],
    queryFn: ({ signal }) => listCalls({ operatorId, from: range.from, to: range.to, outcome: 'answered', limit: LIMIT, offset: 0 }, signal),
  });
  // Internal calls are not contacts: the list leaves them out as the report does.
  const items = calls.data?.items.filter((c) => c.direction !== 'internal') ?? [];
  return (
    <Modal title={t('contacts.callsTitle', { name })} onClose={onClose}>
      {calls.isPending ? (
        <Spinner />
      ) : calls.isError ? (
        <Alert>{errorText(calls.error)}</Alert>
      ) : (
        <>
          {calls.data.total > LIMIT && <p className="muted">{t('contacts.callsShown', { shown: LIMIT, total: calls.data.total })}</p>}
          <div className="table-wrap">
            <table className="table" aria-label={t('contacts.callsTitle', { name })}>
              <thead>
                <tr>
                  <th scope="col">{tc('calls.when')}</th>
                  <th scope="col">{tc('calls.direction')}</th>
                  <th scope="col" className="num">{tc('calls.duration')}</th>
                  <th scope="col">{t('contacts.client')}</th>
                  <th scope="col">{tc('calls.disposition')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((c) => (
                  <tr key={c.id}>
                    <td className="nowrap">{format.compactDateTime(c.startedAt)}</td>
                    <td>
                      <CallDirection direction={c.direction} />
                    </td>
                    <td className="num">{format.duration(c.talkSeconds)}</td>
                    <td>{c.clientId === null ? <span className="muted">{c.externalNumber ?? '—'}</span> : <Link to={`/clients/${c.clientId}`}>{c.externalNumber ?? `#${c.clientId}`}</Link>}</td>
                    <td>{c.disposition === null ? <span className="badge badge-amber">{t('contacts.withoutResult')}</span> : label(c.disposition)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Modal>
  );
}
