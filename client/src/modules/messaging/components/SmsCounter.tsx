import { useTranslation } from 'react-i18next';
import { smsLength } from './sms-length';

/** Length and parts of an SMS text as typed (the client's fields change it when sent). */
export function SmsCounter({ text }: { text: string }) {
  const { t } = useTranslation('messaging');
  const len = smsLength(text);
  const hasFields = /\{\{\s*\w+\s*\}\}/.test(text);
  return (
    <p className="sms-counter field-hint" data-testid="sms-counter" aria-live="polite">
      <strong>{t('templateForm.smsCounter', { units: len.units, parts: len.parts })}</strong>
      {len.parts > 0 && <> · {t('templateForm.smsLeft', { left: len.left })}</>}
      <br />
      {t(len.encoding === 'ucs2' ? 'templateForm.smsUcs2' : 'templateForm.smsGsm', { per: len.parts > 1 ? len.perPart : len.encoding === 'ucs2' ? 70 : 160 })}
      {hasFields && <> {t('templateForm.smsFields')}</>}
    </p>
  );
}
