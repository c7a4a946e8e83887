import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { formatPhone } from '../../../ui/format-phone';
import { Spinner } from '../../../ui/Spinner';
import { MESSAGE_STATUSES, type Mailing, type MailingAction, type RecipientStatus } from '../api/messaging.types';
import { useMailing, useMailingAction, useRecipients } from '../hooks/use-messaging';
import { ChannelIcon } from './ChannelIcon';
import { MailingProgress } from './MailingProgress';
import { MailingStateBadge } from './MailingStateBadge';
import { MessageStatusBadge } from './MessageStatusBadge';
import { PagedTable } from './PagedTable';
import { useMessagingErrorText } from './use-messaging-error-text';
import { useReasonText } from './use-reason-text';

export type MailingDetailProps = { id: number; onBack: () => void };

const PAGE_SIZE = 50;

/** One mailing: its progress (read every 2 s while it runs), pause, resume and stop, and its recipients by status. */
export function MailingDetail({ id, onBack }: MailingDetailProps) {
  const { t } = useTranslation('messaging');
  const format = useFormat();
  const errorText = useMessagingErrorText();
  const mailing = useMailing(id);
  const act = useMailingAction();

  const back = (
    <button type="button" className="link-button back-link" onClick={onBack}>
      ← {t('mailings.back')}
    </button>
  );
  if (mailing.isPending) return <Spinner />;
  if (mailing.isError) {
    const missing = isApiError(mailing.error) && mailing.error.status === 404;
    return (
      <div className="stack">
        {back}
        {missing ? <EmptyState title={t('mailings.notFound')} /> : <Alert>{errorText(mailing.error)}</Alert>}
      </div>
    );
  }
  const m = mailing.data;
  const run = (action: MailingAction) => {
    if (action === 'cancel' && !window.confirm(t('mailings.cancelConfirm', { name: m.name }))) return;
    act.mutate({ id: m.id, action });
  };
  return (
    <div className="stack mailing-detail" data-mailing-id={m.id}>
      {back}
      <section className="panel stack" aria-labelledby="mailing-title">
        <div className="mailing-card-head">
          <h2 className="mailing-detail-title" id="mailing-title">
            <ChannelIcon channel={m.channel} /> {m.name}
          </h2>
          <MailingStateBadge state={m.state} />
        </div>
        <p className="muted mailing-card-meta">
          {t('mailings.template')}: {m.templateName ?? '—'} · {t('mailings.segment')}: {m.segmentName ?? '—'} · {t('mailings.rate', { rate: format.integer(m.ratePerMinute) })}
          <br />
          {t('mailings.createdBy', { name: m.createdByName ?? '—', when: format.dateTime(m.startedAt ?? m.createdAt) })}
          {m.finishedAt && <> · {t('mailings.finishedAt', { when: format.dateTime(m.finishedAt) })}</>}
        </p>
        <MailingProgress mailing={m} detailed />
        <MailingControls mailing={m} busy={act.isPending} onAct={run} />
        {act.isError && <Alert>{errorText(act.error)}</Alert>}
      </section>
      <RecipientsTable mailing={m} />
    </div>
  );
}

function MailingControls({ mailing, busy, onAct }: { mailing: Mailing; busy: boolean; onAct: (a: MailingAction) => void }) {
  const { t } = useTranslation('messaging');
  if (mailing.state === 'done' || mailing.state === 'cancelled') return null;
  return (
    <div className="mailing-card-actions">
      {mailing.state === 'running' && (
        <button type="button" className="btn btn-secondary btn-sm" disabled={busy} onClick={() => onAct('pause')}>
          {t('mailings.pause')}
        </button>
      )}
      {mailing.state === 'paused' && (
        <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => onAct('resume')}>
          {t('mailings.resume')}
        </button>
      )}
      <button type="button" className="btn btn-ghost btn-sm msg-danger" disabled={busy} onClick={() => onAct('cancel')}>
        {t('mailings.cancel')}
      </button>
    </div>
  );
}

function RecipientsTable({ mailing }: { mailing: Mailing }) {
  const { t } = useTranslation('messaging');
  const format = useFormat();
  const reasonText = useReasonText();
  const [status, setStatus] = useState<RecipientStatus | null>(null);
  const [page, setPage] = useState(1);
  const list = useRecipients(mailing.id, { ...(status && { status }), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, mailing.state === 'running');

  const columns = ['client', 'to', 'status', 'reason', 'sentAt'] as const;
  const table = (
    <PagedTable
      query={list}
      label={t('recipients.title')}
      empty={t('recipients.empty')}
      columns={columns.map((c) => t(`recipients.columns.${c}`))}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
      row={(r) => (
        <tr key={r.clientId} data-recipient-status={r.status}>
          <td data-label={t('recipients.columns.client')}>
            <Link to={`/clients/${r.clientId}`}>{r.clientName ?? `#${r.clientId}`}</Link>
          </td>
          <td data-label={t('recipients.columns.to')} className="msg-address">
            {r.to === null ? '—' : mailing.channel === 'sms' ? formatPhone(r.to) : r.to}
          </td>
          <td data-label={t('recipients.columns.status')}>
            <MessageStatusBadge status={r.status} />
          </td>
          <td data-label={t('recipients.columns.reason')} className="msg-reason">
            {reasonText(r.error) ?? '—'}
          </td>
          <td data-label={t('recipients.columns.sentAt')}>{format.compactDateTime(r.sentAt)}</td>
        </tr>
      )}
    />
  );

  return (
    <section className="panel stack" aria-labelledby="recipients-title">
      <div className="panel-header msg-toolbar">
        <h2 className="panel-title" id="recipients-title">
          {t('recipients.title')}
          {list.data && <span className="muted"> · {format.integer(list.data.total)}</span>}
        </h2>
        <label className="msg-inline-field">
          <span>{t('recipients.status')}</span>
          <select
            value={status ?? ''}
            onChange={(e) => {
              setStatus(MESSAGE_STATUSES.find((s) => s === e.target.value) ?? null);
              setPage(1);
            }}
          >
            <option value="">{t('recipients.all')}</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {table}
    </section>
  );
}
