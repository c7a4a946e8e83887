import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { isLanguage } from '../../../i18n/i18n';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { useMyReviews } from '../hooks/use-reviews';
import { PercentBadge } from './PercentBadge';
import './reviews.css';

/**
 * "My reviews" in the operator's console: supervisors' reviews of the operator's own calls, newest first,
 * each with its total, who reviewed, the overall comment and (opened) the score and comment per item.
 */
export function MyReviewsPanel() {
  const me = useCurrentUser();
  return me.role === 'operator' ? <MyReviews /> : null;
}

function MyReviews() {
  const { t, i18n } = useTranslation('reviews');
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const format = useFormat();
  const errorText = useErrorText();
  const reviews = useMyReviews();
  const items = reviews.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="panel rv-mine" aria-labelledby="my-reviews-title" data-testid="my-reviews">
      <h2 className="panel-title" id="my-reviews-title">
        {t('mine.title')}
      </h2>
      <p className="panel-note">{t('mine.hint')}</p>
      {reviews.isPending ? (
        <Spinner />
      ) : reviews.isError ? (
        <Alert>{errorText(reviews.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="muted">{t('mine.empty')}</p>
      ) : (
        <ul className="rv-mine-list" aria-label={t('mine.listLabel')}>
          {items.map((r) => (
            <li key={r.id} className="rv-mine-item" data-review={r.id}>
              <details>
                <summary>
                  <PercentBadge percent={r.percent} />
                  <span className="rv-mine-call">{t('mine.call', { when: format.compactDateTime(r.call.startedAt) })}</span>
                  {r.call.clientName && <span className="muted"> · {r.call.clientName}</span>}
                  <span className="rv-mine-by muted">{t('mine.by', { name: r.reviewer.name })}</span>
                </summary>
                <ul className="rv-mine-scores">
                  {r.scores.map((s) => (
                    <li key={s.itemId}>
                      <span>{s.names[lang]}</span>
                      <span className="rv-mine-points">
                        {s.points} / {s.maxPoints}
                      </span>
                      {s.comment && <p className="rv-mine-comment">{s.comment}</p>}
                    </li>
                  ))}
                </ul>
              </details>
              {r.comment && <p className="rv-mine-comment">{r.comment}</p>}
            </li>
          ))}
        </ul>
      )}
      {reviews.hasNextPage && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void reviews.fetchNextPage()} disabled={reviews.isFetchingNextPage}>
          {t('mine.more')}
        </button>
      )}
    </section>
  );
}
