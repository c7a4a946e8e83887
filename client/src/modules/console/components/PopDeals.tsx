import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { Badge } from '../../../ui/Badge';
import type { Deal } from '../../deals/api/deals.api';

export type PopDealsProps = { deals: readonly Deal[] };

/** What the client bought lately (a deal still waiting for a supervisor is marked). */
export function PopDeals({ deals }: PopDealsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="panel pop-extra" aria-labelledby="pop-deals-title">
      <h2 className="panel-title" id="pop-deals-title">
        {t('console.deals.title')}
      </h2>
      {deals.length === 0 ? (
        <p className="muted">{t('deals.empty')}</p>
      ) : (
        <ul className="plain-list pop-list">
          {deals.map((d) => (
            <li key={d.id} className="pop-deal">
              <span className="pop-deal-title">
                {d.title}
                {d.status === 'pending' && (
                  <>
                    {' '}
                    <Badge tone="amber" title={t('deals.pendingHint')}>
                      {t('deals.pending')}
                    </Badge>
                  </>
                )}
              </span>
              <span className="pop-deal-amount">{format.money(d.amount)}</span>
              <span className="muted pop-deal-date">{format.calendarDate(d.closedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
