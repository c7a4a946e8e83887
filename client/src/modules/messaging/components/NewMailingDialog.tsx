import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { SegmentPicker } from '../../segments';
import type { Channel, Mailing } from '../api/messaging.types';
import { useChannelStatus, useCreateMailing, useTemplates } from '../hooks/use-messaging';
import { ChannelRadios, TemplateOptions } from './ChannelFields';
import { useMessagingErrorText } from './use-messaging-error-text';

export type NewMailingDialogProps = { onClose: () => void; onCreated: (mailing: Mailing) => void };

const DEFAULT_RATE = 60;

/** A new mailing: name, channel, a template of that channel, a saved segment (with its count now) and the rate; it starts at once. */
export function NewMailingDialog({ onClose, onCreated }: NewMailingDialogProps) {
  const { t } = useTranslation('messaging');
  const { t: tc } = useTranslation();
  const errorText = useMessagingErrorText();
  const status = useChannelStatus();
  const create = useCreateMailing();
  const [name, setName] = useState('');
  const [channel, setChannel] = useState<Channel>('email');
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [segmentId, setSegmentId] = useState<number | null>(null);
  const [rate, setRate] = useState(String(DEFAULT_RATE));
  const [problem, setProblem] = useState<string | null>(null);
  const templates = useTemplates({ channel, purpose: 'general' });
  const items = templates.data?.items ?? [];
  const off = (c: Channel) => status.data !== undefined && !status.data[c];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const perMinute = Number(rate);
    const wrong = !name.trim()
      ? t('mailingForm.needName')
      : templateId === null
        ? t('mailingForm.needTemplate')
        : segmentId === null
          ? t('mailingForm.needSegment')
          : !Number.isInteger(perMinute) || perMinute < 1 || perMinute > 6000
            ? t('mailingForm.badRate')
            : null;
    setProblem(wrong);
    if (wrong || templateId === null || segmentId === null) return;
    create.mutate({ name: name.trim(), channel, templateId, segmentId, ratePerMinute: perMinute }, { onSuccess: onCreated });
  };

  return (
    <Modal title={t('mailingForm.title')} onClose={onClose}>
      <form className="form mailing-form" onSubmit={submit}>
        {problem && <Alert>{problem}</Alert>}
        {create.isError && <Alert>{errorText(create.error)}</Alert>}
        <Field label={`${t('mailingForm.name')} *`}>{(id) => <input id={id} maxLength={200} placeholder={t('mailingForm.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}</Field>
        <ChannelRadios
          legend={t('mailingForm.channel')}
          name="mailing-channel"
          value={channel}
          off={off}
          onChange={(c) => {
            setChannel(c);
            setTemplateId(null);
          }}
        />
        <Field label={`${t('mailingForm.template')} *`} hint={templates.data && items.length === 0 ? t('mailingForm.noTemplates', { channel: t(`channel.${channel}`) }) : undefined}>
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={templateId ?? ''} onChange={(e) => setTemplateId(Number(e.target.value) || null)}>
              <TemplateOptions items={items} choose={t('mailingForm.chooseTemplate')} />
            </select>
          )}
        </Field>
        <div className="field mailing-segment">
          <SegmentPicker value={segmentId} onChange={setSegmentId} label={`${t('mailingForm.segment')} *`} showLabel noneLabel={t('mailingForm.chooseSegment')} />
        </div>
        <Field label={t('mailingForm.rate')} hint={t('mailingForm.rateHint')}>
          {(id, hint) => <input id={id} aria-describedby={hint} type="number" min={1} max={6000} step={1} inputMode="numeric" value={rate} onChange={(e) => setRate(e.target.value)} />}
        </Field>
        <p className="field-hint">{t('mailingForm.startsAtOnce')}</p>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending || off(channel)}>
            {t('mailingForm.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
