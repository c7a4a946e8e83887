import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { formatPhone } from '../../../ui/format-phone';
import type { Channel, OptOut } from '../api/messaging.types';
import { useAddOptOut, useOptOuts, useRemoveOptOut } from '../hooks/use-messaging';
import { ChannelIcon } from './ChannelIcon';
import { ChannelOptions, channelOf } from './ChannelFields';
import { PagedTable } from './PagedTable';
import { useMessagingErrorText } from './use-messaging-error-text';

const PAGE_SIZE = 50;
type Notice = { kind: 'added' | 'already' | 'resubscribed'; address: string };

/** Who gets no mailings (by the link, a STOP reply or by hand): add one by hand, subscribe one again. */
export function OptOutsPanel() {
  const { t } = useTranslation('messaging');
  const format = useFormat();
  const errorText = useMessagingErrorText();
  const [channel, setChannel] = useState<Channel | null>(null);
  const [page, setPage] = useState(1);
  const list = useOptOuts({ ...(channel && { channel }), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const add = useAddOptOut();
  const remove = useRemoveOptOut();
  const [newChannel, setNewChannel] = useState<Channel>('email');
  const [address, setAddress] = useState('');
  const [notice, setNotice] = useState<Notice | null>(null);

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const value = address.trim();
    if (!value) return;
    setNotice(null);
    add.mutate(
      { channel: newChannel, address: value },
      {
        onSuccess: ({ created }) => {
          setNotice({ kind: created ? 'added' : 'already', address: value });
          setAddress('');
        },
      },
    );
  };
  const onResubscribe = (o: OptOut) => {
    if (!window.confirm(t('optouts.resubscribeConfirm', { address: o.address }))) return;
    setNotice(null);
    remove.mutate(o.id, { onSuccess: () => setNotice({ kind: 'resubscribed', address: o.address }) });
  };

  const columns = ['channel', 'address', 'source', 'client', 'createdAt'] as const;
  const table = (
    <PagedTable
      query={list}
      label={t('optouts.title')}
      empty={t('optouts.empty')}
      columns={[...columns.map((c) => t(`optouts.columns.${c}`)), <span className="visually-hidden">{t('optouts.columns.actions')}</span>]}
      page={page}
      pageSize={PAGE_SIZE}
      onPageChange={setPage}
      row={(o) => (
        <tr key={o.id} data-optout-address={o.address}>
          <td data-label={t('optouts.columns.channel')}>
            <ChannelIcon channel={o.channel} /> {t(`channel.${o.channel}`)}
          </td>
          <td data-label={t('optouts.columns.address')} className="msg-address">
            {o.channel === 'sms' ? formatPhone(o.address) : o.address}
          </td>
          <td data-label={t('optouts.columns.source')}>{t(`optouts.source.${o.source}`)}</td>
          <td data-label={t('optouts.columns.client')}>{o.clientId !== null ? <Link to={`/clients/${o.clientId}`}>{o.clientName ?? `#${o.clientId}`}</Link> : '—'}</td>
          <td data-label={t('optouts.columns.createdAt')}>{format.compactDateTime(o.createdAt)}</td>
          <td className="msg-actions">
            <button type="button" className="btn btn-secondary btn-sm" disabled={remove.isPending} aria-label={`${t('optouts.resubscribe')}: ${o.address}`} onClick={() => onResubscribe(o)}>
              {t('optouts.resubscribe')}
            </button>
          </td>
        </tr>
      )}
    />
  );

  return (
    <div className="stack">
      <section className="panel" aria-labelledby="optout-add-title">
        <h2 className="panel-title" id="optout-add-title">
          {t('optouts.addTitle')}
        </h2>
        <form className="form optout-add" onSubmit={onAdd}>
          <Field label={t('optouts.channel')}>
            {(id) => (
              <select id={id} value={newChannel} onChange={(e) => setNewChannel(channelOf(e.target.value) ?? 'email')}>
                <ChannelOptions />
              </select>
            )}
          </Field>
          <Field label={`${t('optouts.address')} *`}>
            {(id) => <input id={id} required maxLength={320} autoComplete="off" placeholder={t('optouts.addressPlaceholder')} value={address} onChange={(e) => setAddress(e.target.value)} />}
          </Field>
          <div>
            <button type="submit" className="btn btn-primary" disabled={add.isPending || !address.trim()}>
              {t('optouts.add')}
            </button>
          </div>
        </form>
        {add.isError && <Alert>{errorText(add.error)}</Alert>}
      </section>
      <section className="panel stack" aria-labelledby="optouts-title">
        <div className="panel-header msg-toolbar">
          <div>
            <h2 className="panel-title" id="optouts-title">
              {t('optouts.title')}
              {list.data && <span className="muted"> · {format.integer(list.data.total)}</span>}
            </h2>
            <p className="field-hint">{t('optouts.subtitle')}</p>
          </div>
          <label className="msg-inline-field">
            <span>{t('optouts.channel')}</span>
            <select
              value={channel ?? ''}
              onChange={(e) => {
                setChannel(channelOf(e.target.value));
                setPage(1);
              }}
            >
              <option value="">{t('optouts.all')}</option>
              <ChannelOptions />
            </select>
          </label>
        </div>
        {notice && <Alert tone="success">{t(`optouts.${notice.kind}`, { address: notice.address })}</Alert>}
        {remove.isError && <Alert>{errorText(remove.error)}</Alert>}
        {table}
      </section>
    </div>
  );
}
