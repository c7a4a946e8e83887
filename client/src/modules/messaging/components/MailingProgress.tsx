import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { Mailing } from '../api/messaging.types';

export type MailingProgressProps = { mailing: Pick<Mailing, 'total' | 'sent' | 'failed' | 'skipped' | 'queued'>; detailed?: boolean };

const pct = (n: number, total: number) => (total > 0 ? (n / total) * 100 : 0);

/** Sent, failed and skipped of the total as one stacked bar, with the figures beside it. */
export function MailingProgress({ mailing, detailed = false }: MailingProgressProps) {
  const { t } = useTranslation('messaging');
  const format = useFormat();
  const { total, sent, failed, skipped } = mailing;
  const done = sent + failed + skipped;
  const parts = [
    { key: 'sent', value: sent },
    { key: 'failed', value: failed },
    { key: 'skipped', value: skipped },
  ] as const;
  return (
    <div className="mailing-progress" data-testid="mailing-progress">
      <div className="mailing-progress-label">
        <span>{t('mailings.progress', { done: format.integer(done), total: format.integer(total) })}</span>
        <span className="muted">{Math.round(pct(done, total))}%</span>
      </div>
      <div className="mailing-bar" role="progressbar" aria-label={t('mailings.progress', { done, total })} aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        {parts.map((p) => (p.value > 0 ? <div key={p.key} className={`mailing-bar-${p.key}`} style={{ width: `${pct(p.value, total)}%` }} /> : null))}
      </div>
      <dl className={`mailing-figures ${detailed ? 'is-detailed' : ''}`}>
        {parts.map((p) => (
          <div key={p.key} className={`mailing-figure mailing-figure-${p.key}`}>
            <dt>{t(`mailings.${p.key}`)}</dt>
            <dd data-testid={`mailing-${p.key}`}>{format.integer(p.value)}</dd>
          </div>
        ))}
        {detailed && (
          <div className="mailing-figure">
            <dt>{t('mailings.queued')}</dt>
            <dd data-testid="mailing-queued">{format.integer(mailing.queued)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
