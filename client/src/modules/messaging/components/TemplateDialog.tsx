import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { Tabs } from '../../../ui/Tabs';
import { PURPOSES, TEMPLATE_LANGUAGES, type Channel, type MessageTemplate, type TemplateInput, type TemplateLanguage, type TemplatePurpose, type TemplateTexts } from '../api/messaging.types';
import { useChannelStatus, usePlaceholders, useSaveTemplate } from '../hooks/use-messaging';
import { ChannelOptions, channelOf } from './ChannelFields';
import { PreviewClientPicker } from './PreviewClientPicker';
import { SmsCounter } from './SmsCounter';
import { TemplatePreviewBox } from './TemplatePreviewBox';
import { useMessagingErrorText } from './use-messaging-error-text';

export type TemplateDialogProps = { template: MessageTemplate | null; onClose: () => void };

type TextDraft = { subject: string; body: string };
type Draft = { name: string; channel: Channel; purpose: TemplatePurpose; texts: Record<TemplateLanguage, TextDraft> };

/** The fields the server offers until it answers (/message-templates/placeholders); each has a label. */
const DEFAULT_PLACEHOLDERS = ['name', 'firstName', 'organization', 'position', 'owner', 'birthday', 'age', 'operatorName'] as const;
type KnownPlaceholder = (typeof DEFAULT_PLACEHOLDERS)[number];
const isKnown = (f: string): f is KnownPlaceholder => (DEFAULT_PLACEHOLDERS as readonly string[]).includes(f);

const draftOf = (tpl: MessageTemplate | null): Draft => ({
  name: tpl?.name ?? '',
  channel: tpl?.channel ?? 'email',
  purpose: tpl?.purpose ?? 'general',
  texts: Object.fromEntries(TEMPLATE_LANGUAGES.map((l) => [l, { subject: tpl?.texts[l]?.subject ?? '', body: tpl?.texts[l]?.body ?? '' }])) as Record<TemplateLanguage, TextDraft>,
});

const filled = (x: TextDraft) => x.body.trim() !== '' || x.subject.trim() !== '';

/** What goes to the server: the languages with a text; SMS has no subject. */
function inputOf(d: Draft): TemplateInput {
  const texts: TemplateTexts = {};
  for (const l of TEMPLATE_LANGUAGES) {
    const x = d.texts[l];
    if (filled(x)) texts[l] = { subject: d.channel === 'email' ? x.subject.trim() : null, body: x.body };
  }
  return { name: d.name.trim(), channel: d.channel, purpose: d.purpose, texts };
}

/**
 * A template's editor: name, channel, purpose, then its text per language (a tab each) with the client's
 * fields inserted where the cursor is, the SMS length, and beside it the saved text as one client would get it.
 */
export function TemplateDialog({ template, onClose }: TemplateDialogProps) {
  const { t } = useTranslation('messaging');
  const errorText = useMessagingErrorText();
  const status = useChannelStatus();
  const placeholders = usePlaceholders();
  const save = useSaveTemplate();
  const [saved, setSaved] = useState<MessageTemplate | null>(template);
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [lang, setLang] = useState<TemplateLanguage>(() => TEMPLATE_LANGUAGES.find((l) => template?.texts[l]) ?? 'ru');
  const [problem, setProblem] = useState<string | null>(null);
  const [justSaved, setJustSaved] = useState(false);
  const [clientId, setClientId] = useState<number | null>(null);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const lastField = useRef<'subject' | 'body'>('body');

  const text = draft.texts[lang];
  const email = draft.channel === 'email';
  const stale = saved !== null && JSON.stringify(inputOf(draft)) !== JSON.stringify(inputOf(draftOf(saved)));
  const set = (patch: Partial<Draft>) => {
    setJustSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setText = (patch: Partial<TextDraft>) => {
    setJustSaved(false);
    setDraft((d) => ({ ...d, texts: { ...d.texts, [lang]: { ...d.texts[lang], ...patch } } }));
  };

  /** Puts {{field}} where the cursor was in the subject or the text, and the cursor after it. */
  const insert = (field: string) => {
    const token = `{{${field}}}`;
    const target = email && lastField.current === 'subject' ? subjectRef.current : bodyRef.current;
    const key = target === subjectRef.current ? 'subject' : 'body';
    const value = text[key];
    const start = target?.selectionStart ?? value.length;
    const end = target?.selectionEnd ?? value.length;
    setText({ [key]: value.slice(0, start) + token + value.slice(end) });
    requestAnimationFrame(() => {
      target?.focus();
      target?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const problemOf = (d: Draft): string | null => {
    if (!d.name.trim()) return t('templateForm.needName');
    const langs = TEMPLATE_LANGUAGES.filter((l) => filled(d.texts[l]));
    if (langs.length === 0 || langs.some((l) => !d.texts[l].body.trim())) return t('templateForm.needText');
    const noSubject = d.channel === 'email' ? langs.find((l) => !d.texts[l].subject.trim()) : undefined;
    if (noSubject) return t('templateForm.needSubject', { language: t(`language.${noSubject}`) });
    return null;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const wrong = problemOf(draft);
    setProblem(wrong);
    if (wrong) return;
    save.mutate(
      { id: saved?.id ?? null, input: inputOf(draft) },
      {
        onSuccess: (tpl) => {
          setSaved(tpl);
          setJustSaved(true);
        },
      },
    );
  };

  const fields = placeholders.data ?? DEFAULT_PLACEHOLDERS;
  const fieldLabel = (f: string) => (isKnown(f) ? t(`templateForm.placeholder.${f}`) : f);

  return (
    <Modal title={saved ? t('templateForm.editTitle', { name: saved.name }) : t('templateForm.newTitle')} onClose={onClose}>
      <div className="template-dialog">
        <form className="form template-form" onSubmit={submit} aria-label={t('templates.title')}>
          {problem && <Alert>{problem}</Alert>}
          {save.isError && <Alert>{errorText(save.error)}</Alert>}
          <Field label={`${t('templateForm.name')} *`}>{(id) => <input id={id} maxLength={200} placeholder={t('templateForm.namePlaceholder')} value={draft.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
          <div className="form-row">
            <Field label={t('templateForm.channel')} hint={status.data && !status.data[draft.channel] ? t(`channelOff.${draft.channel}`) : undefined}>
              {(id, hint) => (
                <select id={id} aria-describedby={hint} value={draft.channel} disabled={saved !== null} onChange={(e) => set({ channel: channelOf(e.target.value) ?? 'email' })}>
                  <ChannelOptions />
                </select>
              )}
            </Field>
            <Field label={t('templateForm.purpose')}>
              {(id) => (
                <select id={id} value={draft.purpose} onChange={(e) => set({ purpose: PURPOSES.find((p) => p === e.target.value) ?? 'general' })}>
                  {PURPOSES.map((p) => (
                    <option key={p} value={p}>
                      {t(`purpose.${p}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Tabs<TemplateLanguage>
            label={t('templateForm.languagesLabel')}
            active={lang}
            onChange={setLang}
            tabs={TEMPLATE_LANGUAGES.map((l) => ({ key: l, label: `${t(`language.${l}`)}${filled(draft.texts[l]) ? ' ✓' : ''}` }))}
          >
            <div className="form template-texts">
              {email && (
                <Field label={`${t('templateForm.subject')} *`}>
                  {(id) => <input id={id} ref={subjectRef} maxLength={300} value={text.subject} onFocus={() => (lastField.current = 'subject')} onChange={(e) => setText({ subject: e.target.value })} />}
                </Field>
              )}
              <Field label={`${t('templateForm.body')} *`}>
                {(id) => <textarea id={id} ref={bodyRef} rows={email ? 8 : 5} maxLength={20000} value={text.body} onFocus={() => (lastField.current = 'body')} onChange={(e) => setText({ body: e.target.value })} />}
              </Field>
              {!email && <SmsCounter text={text.body} />}
              <div className="placeholder-chips" role="group" aria-label={t('templateForm.placeholders')}>
                <span className="field-label">{t('templateForm.placeholders')}:</span>
                {fields.map((f) => (
                  <button key={f} type="button" className="chip" title={`{{${f}}}`} onMouseDown={(e) => e.preventDefault()} onClick={() => insert(f)}>
                    {fieldLabel(f)}
                  </button>
                ))}
              </div>
              <p className="field-hint">{t('templateForm.placeholdersHint')}</p>
            </div>
          </Tabs>
          <div className="form-actions">
            {justSaved && !stale && (
              <span className="template-saved" role="status">
                {t('templateForm.saved')}
              </span>
            )}
            <button type="button" className="btn btn-ghost" onClick={onClose}>
              {t('templateForm.done')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={save.isPending}>
              {t('templateForm.save')}
            </button>
          </div>
        </form>
        <section className="template-preview" aria-labelledby="template-preview-title">
          <h3 className="template-preview-title" id="template-preview-title">
            {t('templateForm.preview')}
          </h3>
          <PreviewClientPicker value={clientId} onChange={setClientId} />
          {saved ? (
            <>
              {stale && <p className="field-hint">{t('templateForm.previewStale')}</p>}
              <TemplatePreviewBox templateId={saved.id} clientId={clientId} channel={draft.channel} />
            </>
          ) : (
            <p className="muted">{t('templateForm.previewSave')}</p>
          )}
        </section>
      </div>
    </Modal>
  );
}
