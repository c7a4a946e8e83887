import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { formatPhone } from '../../../ui/format-phone';
import { Modal } from '../../../ui/Modal';
import type { Client } from '../../clients/api/client.types';
import { CHANNELS, type Channel, type Message, type SendMessageInput } from '../api/messaging.types';
import { useChannelStatus, useSendMessage, useTemplates } from '../hooks/use-messaging';
import { SmsCounter } from './SmsCounter';
import { TemplatePreviewBox } from './TemplatePreviewBox';
import { ChannelRadios, TemplateOptions } from './ChannelFields';
import { useMessagingErrorText } from './use-messaging-error-text';
import { useReasonText } from './use-reason-text';

export type SendMessageDialogProps = { client: Pick<Client, 'id' | 'name' | 'emails' | 'phones'>; onClose: () => void; onSent: (message: Message) => void };

type Mode = 'template' | 'free';

/** The client's addresses for a channel: e-mails, or phones the install could read. */
const addressesOf = (client: SendMessageDialogProps['client'], channel: Channel): string[] =>
  channel === 'email' ? client.emails : client.phones.flatMap((p) => (p.e164 ? [p.e164] : []));

/**
 * An e-mail or SMS to one client from the card: a template (previewed as the client will get it) or the
 * user's own text. Channels the server cannot send on are shown disabled with why; so is a channel the
 * client has no address for. An unsubscribed address or a missing one is said plainly.
 */
export function SendMessageDialog({ client, onClose, onSent }: SendMessageDialogProps) {
  const { t } = useTranslation('messaging');
  const { t: tc } = useTranslation();
  const errorText = useMessagingErrorText();
  const reasonText = useReasonText();
  const status = useChannelStatus();
  const send = useSendMessage(client.id);
  const off = (c: Channel) => status.data !== undefined && !status.data[c];
  const [channel, setChannel] = useState<Channel>(() => CHANNELS.find((c) => !off(c) && addressesOf(client, c).length > 0) ?? 'email');
  const [mode, setMode] = useState<Mode>('template');
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failed, setFailed] = useState<Message | null>(null);
  // The channels' status may come after the dialog opened: leave a channel the server cannot send on.
  useEffect(() => {
    if (!status.data || status.data[channel]) return;
    const usable = CHANNELS.find((c) => status.data[c] && addressesOf(client, c).length > 0) ?? CHANNELS.find((c) => status.data[c]);
    if (usable) setChannel(usable);
  }, [status.data, channel, client]);
  const templates = useTemplates({ channel });
  const items = templates.data?.items ?? [];
  const addresses = addressesOf(client, channel);
  const show = (a: string) => (channel === 'sms' ? formatPhone(a) : a);

  const pickChannel = (c: Channel) => {
    setChannel(c);
    setTemplateId(null);
    setTo('');
    setProblem(null);
    setFailed(null);
    send.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFailed(null);
    let input: SendMessageInput;
    if (mode === 'template') {
      if (templateId === null) return setProblem(t('mailingForm.needTemplate'));
      input = { channel, templateId };
    } else {
      if (channel === 'email' && !subject.trim()) return setProblem(t('send.needSubject'));
      if (!body.trim()) return setProblem(t('send.needText'));
      input = { channel, body, ...(channel === 'email' && { subject: subject.trim() }) };
    }
    if (to) input.to = to;
    setProblem(null);
    send.mutate(input, { onSuccess: (m) => (m.status === 'failed' ? setFailed(m) : onSent(m)) });
  };

  return (
    <Modal title={t('send.title', { name: client.name })} onClose={onClose}>
      <form className="form send-form" onSubmit={submit}>
        <ChannelRadios
          legend={t('send.channel')}
          name="send-channel"
          value={channel}
          off={off}
          onChange={pickChannel}
          note={(c) => (addressesOf(client, c).length === 0 ? <span className="muted"> ({t('send.noAddressHint')})</span> : null)}
        />
        {addresses.length > 1 && (
          <Field label={t('send.to')}>
            {(id) => (
              <select id={id} value={to} onChange={(e) => setTo(e.target.value)}>
                {addresses.map((a, i) => (
                  <option key={a} value={i === 0 ? '' : a}>
                    {show(a)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {addresses.length === 1 && (
          <p className="field-hint">
            {t('send.to')}: <strong>{show(addresses[0]!)}</strong>
          </p>
        )}
        {addresses.length === 0 && <Alert tone="info">{t('send.noAddress', { channel: t(`channel.${channel}`) })}</Alert>}
        <div className="segmented msg-mode" role="group" aria-label={t('send.mode')}>
          {(['template', 'free'] as const).map((m) => (
            <button key={m} type="button" className="segment" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {t(m === 'template' ? 'send.useTemplate' : 'send.freeText')}
            </button>
          ))}
        </div>
        {mode === 'template' ? (
          <>
            <Field label={t('send.template')} hint={templates.data && items.length === 0 ? t('send.noTemplates') : undefined}>
              {(id, hint) => (
                <select id={id} aria-describedby={hint} value={templateId ?? ''} onChange={(e) => setTemplateId(Number(e.target.value) || null)}>
                  <TemplateOptions items={items} choose={t('send.chooseTemplate')} />
                </select>
              )}
            </Field>
            <div className="send-preview">
              <span className="field-label">{t('send.preview')}</span>
              <TemplatePreviewBox templateId={templateId} clientId={client.id} channel={channel} emptyText={t('send.previewEmpty')} />
            </div>
          </>
        ) : (
          <>
            {channel === 'email' && <Field label={`${t('send.subject')} *`}>{(id) => <input id={id} maxLength={300} value={subject} onChange={(e) => setSubject(e.target.value)} />}</Field>}
            <Field label={`${t('send.body')} *`}>{(id) => <textarea id={id} rows={channel === 'email' ? 8 : 4} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)} />}</Field>
            {channel === 'sms' && <SmsCounter text={body} />}
          </>
        )}
        {problem && <Alert>{problem}</Alert>}
        {send.isError && <Alert>{errorText(send.error, channel)}</Alert>}
        {failed && <Alert>{t('send.failed', { error: reasonText(failed.error) ?? '' })}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={send.isPending || off(channel)}>
            {send.isPending ? t('send.sending') : t('send.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
