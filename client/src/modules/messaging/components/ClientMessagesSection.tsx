import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { formatPhone } from '../../../ui/format-phone';
import { Pagination } from '../../../ui/Pagination';
import { Spinner } from '../../../ui/Spinner';
import type { Client } from '../../clients/api/client.types';
import type { Message } from '../api/messaging.types';
import { useClientMessages } from '../hooks/use-messaging';
import { ChannelIcon } from './ChannelIcon';
import { MessageStatusBadge } from './MessageStatusBadge';
import { SendMessageDialog } from './SendMessageDialog';
import './messaging.css';
import { useMessagingErrorText } from './use-messaging-error-text';
import { useReasonText } from './use-reason-text';

export type ClientMessagesSectionProps = { client: Pick<Client, 'id' | 'name' | 'emails' | 'phones'> };

const PAGE_SIZE = 20;

/** The first line of a text, for the collapsed row. */
const firstLine = (s: string) => s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';

/** The client's e-mails and SMS (by hand, mailings, greetings), newest first, each opening to its text; and "Write". */
export function ClientMessagesSection({ client }: ClientMessagesSectionProps) {
  const { t } = useTranslation('messaging');
  const format = useFormat();
  const errorText = useMessagingErrorText();
  const reasonText = useReasonText();
  const [page, setPage] = useState(1);
  const list = useClientMessages(client.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const [writing, setWriting] = useState(false);
  const [sent, setSent] = useState<Message | null>(null);
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const body = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError && !list.data) return <Alert>{errorText(list.error)}</Alert>;
    const items = list.data.items;
    if (items.length === 0) return <EmptyState title={t('card.empty')} />;
    return (
      <>
        <ul className="msg-history" aria-label={t('card.listLabel')}>
          {items.map((m) => {
            const expanded = open.has(m.id);
            const title = m.channel === 'email' ? (m.subject ?? t('card.noSubject')) : firstLine(m.body);
            return (
              <li key={m.id} className="msg-item" data-message-id={m.id} data-message-status={m.status}>
                <button type="button" className="msg-item-head" aria-expanded={expanded} onClick={() => toggle(m.id)} title={expanded ? t('card.hideBody') : t('card.showBody')}>
                  <ChannelIcon channel={m.channel} />
                  <span className="msg-item-title">{title}</span>
                  <MessageStatusBadge status={m.status} />
                </button>
                <div className="msg-item-meta muted">
                  {format.compactDateTime(m.sentAt ?? m.createdAt)} · {m.userName ? t('card.by', { name: m.userName }) : t('card.system')} · {t(`kind.${m.kind}`)}
                  {m.to && <> · {m.channel === 'sms' ? formatPhone(m.to) : m.to}</>}
                </div>
                {m.error && <div className="msg-item-error">{t('card.failedWhy', { error: reasonText(m.error) ?? '' })}</div>}
                {expanded && <div className="msg-item-body">{m.body}</div>}
              </li>
            );
          })}
        </ul>
        <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPageChange={setPage} busy={list.isPlaceholderData} />
      </>
    );
  };

  return (
    <div className="stack client-messages">
      <div className="msg-toolbar">
        <span className="muted">{list.data ? format.integer(list.data.total) : ''}</span>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setWriting(true)}>
          {t('card.write')}
        </button>
      </div>
      {sent && <Alert tone="success">{t('send.sent', { to: sent.to ? (sent.channel === 'sms' ? formatPhone(sent.to) : sent.to) : client.name })}</Alert>}
      {body()}
      {writing && (
        <SendMessageDialog
          client={client}
          onClose={() => setWriting(false)}
          onSent={(m) => {
            setWriting(false);
            setSent(m);
            setPage(1);
          }}
        />
      )}
    </div>
  );
}
