import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { formatPhone } from '../../../ui/format-phone';
import { Spinner } from '../../../ui/Spinner';
import type { Channel } from '../api/messaging.types';
import { useTemplatePreview } from '../hooks/use-messaging';
import { SmsCounter } from './SmsCounter';
import { useMessagingErrorText } from './use-messaging-error-text';

export type TemplatePreviewBoxProps = { templateId: number | null; clientId: number | null; channel: Channel; emptyText?: string };

/** A saved template as one client gets it (GET /message-templates/:id/preview): language, address, subject and text. */
export function TemplatePreviewBox({ templateId, clientId, channel, emptyText }: TemplatePreviewBoxProps) {
  const { t } = useTranslation('messaging');
  const errorText = useMessagingErrorText();
  const preview = useTemplatePreview(templateId, clientId);
  if (templateId === null || clientId === null) return emptyText ? <p className="muted">{emptyText}</p> : null;
  if (preview.isPending) return <Spinner />;
  if (preview.isError) return <Alert>{errorText(preview.error)}</Alert>;
  const p = preview.data;
  return (
    <div className={`message-preview ${preview.isPlaceholderData ? 'is-stale' : ''}`} data-testid="message-preview">
      <dl className="message-preview-meta">
        <div>
          <dt>{t('templateForm.previewTo')}</dt>
          <dd>{p.to === null ? <span className="muted">{t('templateForm.previewNoAddress')}</span> : channel === 'sms' ? formatPhone(p.to) : p.to}</dd>
        </div>
        <div>
          <dt>{t('templateForm.previewLanguage')}</dt>
          <dd>{t(`language.${p.language}`)}</dd>
        </div>
      </dl>
      {channel === 'email' && <p className="message-preview-subject">{p.subject}</p>}
      <div className="message-preview-body">{p.body || <span className="muted">{t('reason.no_text')}</span>}</div>
      {channel === 'sms' && <SmsCounter text={p.body} />}
    </div>
  );
}
