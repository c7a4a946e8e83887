import { useTranslation } from 'react-i18next';
import type { CampaignProgress } from '../api/campaigns.api';

export type CampaignProgressBarsProps = { progress: CampaignProgress; detailed?: boolean };

const pct = (n: number, total: number) => (total > 0 ? Math.round((n / total) * 100) : 0);

/** Done of total as a bar, with reached and effective beside it (as bars of their own in the detail). */
export function CampaignProgressBars({ progress, detailed = false }: CampaignProgressBarsProps) {
  const { t } = useTranslation('campaigns');
  const { total, done, reached, effective, sales, remaining, attempts, inProgress } = progress;
  const bars = [
    { key: 'done', label: t('progress.done', { done, total }), value: done, extra: t('progress.remaining', { count: remaining }) },
    { key: 'reached', label: t('progress.reached'), value: reached, extra: `${reached} · ${pct(reached, total)}%` },
    { key: 'effective', label: t('progress.effective'), value: effective, extra: `${effective} · ${pct(effective, total)}%` },
  ];
  return (
    <div className="campaign-progress" data-testid="campaign-progress">
      {(detailed ? bars : bars.slice(0, 1)).map((b) => (
        <div key={b.key} className={`campaign-bar campaign-bar-${b.key}`}>
          <div className="campaign-bar-label">
            <span>{b.label}</span>
            <span className="muted">{b.extra}</span>
          </div>
          <div className="campaign-bar-track" role="progressbar" aria-label={b.label} aria-valuemin={0} aria-valuemax={total} aria-valuenow={b.value}>
            <div className="campaign-bar-fill" style={{ width: `${pct(b.value, total)}%` }} />
          </div>
        </div>
      ))}
      {!detailed && (
        <div className="campaign-figures muted">
          {t('progress.reached')}: {reached} · {t('progress.effective')}: {effective}
        </div>
      )}
      {detailed && (
        <dl className="campaign-figures-grid">
          <div>
            <dt>{t('progress.attempts')}</dt>
            <dd>{attempts}</dd>
          </div>
          <div>
            <dt>{t('progress.sales')}</dt>
            <dd data-testid="campaign-sales">{sales}</dd>
          </div>
          <div>
            <dt>{t('progress.inProgress')}</dt>
            <dd>{inProgress}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}
