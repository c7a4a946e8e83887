import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useMailings } from '../hooks/use-messaging';
import { ChannelIcon } from './ChannelIcon';
import { MailingProgress } from './MailingProgress';
import { MailingStateBadge } from './MailingStateBadge';
import { NewMailingDialog } from './NewMailingDialog';
import { useMessagingErrorText } from './use-messaging-error-text';

export type MailingsPanelProps = { onOpen: (id: number) => void };

/** The mailings as cards with their state and progress (read again every 2 s while one runs), and "New mailing". */
export function MailingsPanel({ onOpen }: MailingsPanelProps) {
  const { t } = useTranslation('messaging');
  const format = useFormat();
  const errorText = useMessagingErrorText();
  const list = useMailings();
  const [creating, setCreating] = useState(false);

  const body = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError) return <Alert>{errorText(list.error)}</Alert>;
    if (list.data.items.length === 0) return <EmptyState title={t('mailings.empty')} text={t('mailings.emptyText')} />;
    return (
      <ul className="mailing-list" aria-label={t('mailings.title')}>
        {list.data.items.map((m) => (
          <li key={m.id} className="panel mailing-card" data-mailing-id={m.id}>
            <div className="mailing-card-head">
              <h3 className="mailing-card-title">
                <ChannelIcon channel={m.channel} />
                <button type="button" className="link-button" onClick={() => onOpen(m.id)}>
                  {m.name}
                </button>
              </h3>
              <MailingStateBadge state={m.state} />
            </div>
            <p className="mailing-card-meta muted">
              {t('mailings.template')}: {m.templateName ?? '—'} · {t('mailings.segment')}: {m.segmentName ?? '—'}
              <br />
              {format.compactDateTime(m.createdAt)}
              {m.createdByName && ` · ${m.createdByName}`}
            </p>
            <MailingProgress mailing={m} />
            <div className="mailing-card-actions">
              <button type="button" className="btn btn-secondary btn-sm" aria-label={`${t('mailings.open')}: ${m.name}`} onClick={() => onOpen(m.id)}>
                {t('mailings.open')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    );
  };

  return (
    <div className="stack">
      <div className="msg-toolbar">
        <h2 className="panel-title">{t('mailings.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          {t('mailings.new')}
        </button>
      </div>
      {body()}
      {creating && (
        <NewMailingDialog
          onClose={() => setCreating(false)}
          onCreated={(m) => {
            setCreating(false);
            onOpen(m.id);
          }}
        />
      )}
    </div>
  );
}
