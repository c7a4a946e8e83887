import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Spinner } from '../../../ui/Spinner';
import { BIRTHDAY_HOURS, type BirthdaySettings } from '../api/messaging.types';
import { useBirthdaySettings, useChannelStatus, useSaveBirthdaySettings, useTemplates } from '../hooks/use-messaging';
import { ChannelOptions, channelOf, TemplateOptions } from './ChannelFields';
import { useMessagingErrorText } from './use-messaging-error-text';

const HOURS = Array.from({ length: BIRTHDAY_HOURS.max - BIRTHDAY_HOURS.min + 1 }, (_, i) => BIRTHDAY_HOURS.min + i);

/** The automatic birthday greeting: on or off, its channel, a birthday template and the client's local hour. */
export function BirthdayPanel() {
  const { t } = useTranslation('messaging');
  const errorText = useMessagingErrorText();
  const settings = useBirthdaySettings();
  const status = useChannelStatus();
  const save = useSaveBirthdaySettings();
  const [draft, setDraft] = useState<BirthdaySettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data && draft === null) setDraft(settings.data);
  }, [settings.data, draft]);
  const templates = useTemplates({ purpose: 'birthday', ...(draft && { channel: draft.channel }) });

  if (settings.isPending) return <Spinner />;
  if (settings.isError) return <Alert>{errorText(settings.error)}</Alert>;
  if (!draft) return null;
  const items = templates.data?.items ?? [];
  const set = (patch: Partial<BirthdaySettings>) => {
    setSaved(false);
    setDraft({ ...draft, ...patch });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.enabled && draft.templateId === null) return setProblem(t('birthday.needTemplate'));
    setProblem(null);
    save.mutate(draft, { onSuccess: () => setSaved(true) });
  };
  const off = status.data !== undefined && !status.data[draft.channel];

  return (
    <section className="panel" aria-labelledby="birthday-title">
      <h2 className="panel-title" id="birthday-title">
        {t('birthday.title')}
      </h2>
      <p className="field-hint birthday-text">{t('birthday.text')}</p>
      <form className="form birthday-form" onSubmit={submit}>
        {problem && <Alert>{problem}</Alert>}
        {save.isError && <Alert>{errorText(save.error)}</Alert>}
        <label className="msg-check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          {t('birthday.enabled')}
        </label>
        <div className="form-row">
          <Field label={t('birthday.channel')} hint={off ? t(`channelOff.${draft.channel}`) : undefined}>
            {(id, hint) => (
              <select id={id} aria-describedby={hint} value={draft.channel} onChange={(e) => set({ channel: channelOf(e.target.value) ?? 'email', templateId: null })}>
                <ChannelOptions />
              </select>
            )}
          </Field>
          <Field label={t('birthday.hour')}>
            {(id) => (
              <select id={id} value={draft.hour} onChange={(e) => set({ hour: Number(e.target.value) })}>
                {HOURS.map((h) => (
                  <option key={h} value={h}>
                    {`${String(h).padStart(2, '0')}:00`}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t('birthday.template')} hint={templates.data && items.length === 0 ? t('birthday.noTemplates') : undefined}>
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={draft.templateId ?? ''} onChange={(e) => set({ templateId: Number(e.target.value) || null })}>
              <TemplateOptions items={items} choose={t('birthday.chooseTemplate')} />
              {draft.templateId !== null && templates.data && !items.some((x) => x.id === draft.templateId) && <option value={draft.templateId}>#{draft.templateId}</option>}
            </select>
          )}
        </Field>
        <div className="form-actions">
          {saved && (
            <span className="template-saved" role="status">
              {t('birthday.saved')}
            </span>
          )}
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('birthday.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
