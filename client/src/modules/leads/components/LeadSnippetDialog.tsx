import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Modal } from '../../../ui/Modal';
import type { LeadSource } from '../api/leads.api';
import { useRotateLeadSourceToken } from '../hooks/use-lead-sources';

export type LeadSnippetDialogProps = { source: LeadSource; onClose: () => void; onRotated: (source: LeadSource) => void };

type CopyState = 'idle' | 'copied' | 'failed';

/** The source's endpoint and the HTML to paste into the website; copy it, or issue a new token. */
export function LeadSnippetDialog({ source, onClose, onRotated }: LeadSnippetDialogProps) {
  const { t } = useTranslation('leads');
  const errorText = useErrorText();
  const rotate = useRotateLeadSourceToken();
  const [copy, setCopy] = useState<CopyState>('idle');

  const copySnippet = async () => {
    try {
      await navigator.clipboard.writeText(source.snippet);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <Modal title={t('token.title', { name: source.name })} onClose={onClose}>
      <div className="form leads-snippet">
        {rotate.isError && <Alert>{errorText(rotate.error)}</Alert>}
        {copy === 'failed' && <Alert>{t('token.copyFailed')}</Alert>}
        <div className="field">
          <span className="field-label">{t('token.endpoint')}</span>
          <code className="leads-endpoint" data-testid="lead-endpoint">{source.endpoint}</code>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="lead-snippet">
            {t('token.snippet')}
          </label>
          <textarea id="lead-snippet" className="leads-snippet-text" readOnly rows={10} spellCheck={false} value={source.snippet} onFocus={(e) => e.currentTarget.select()} aria-describedby="lead-snippet-hint" />
          <p className="field-hint" id="lead-snippet-hint">
            {t('token.snippetHint')}
          </p>
        </div>
        <div className="form-actions leads-snippet-actions">
          <button
            type="button"
            className="btn btn-ghost"
            disabled={rotate.isPending}
            onClick={() => {
              if (!window.confirm(t('token.rotateConfirm'))) return;
              setCopy('idle');
              rotate.mutate(source.id, { onSuccess: onRotated });
            }}
          >
            {t('token.rotate')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('token.close')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void copySnippet()}>
            {copy === 'copied' ? `✓ ${t('token.copied')}` : t('token.copy')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
