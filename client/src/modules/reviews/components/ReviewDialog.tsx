import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { isLanguage } from '../../../i18n/i18n';
import { Alert } from '../../../ui/Alert';
import { Modal } from '../../../ui/Modal';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import type { Review, ReviewItem } from '../api/reviews.api';
import { useCallReviews, useChecklist, useSaveReview } from '../hooks/use-reviews';
import { PercentBadge } from './PercentBadge';
import './reviews.css';

export type ReviewDialogProps = {
  callId: number;
  /** Who took the call and when, for the title line. */
  operatorName: string;
  startedAt: string;
  onClose: () => void;
  onSaved?: (review: Review) => void;
};

/** One item's draft: points as typed (validated on save) and an optional comment. */
type Draft = Record<number, { points: string; comment: string; open: boolean }>;

const percentOf = (points: number, max: number) => (max > 0 ? Math.round((points / max) * 1000) / 10 : 0);

/**
 * A supervisor's review of one call: a score for every checklist item (0 to the item's points), an
 * optional comment per item, an overall comment and the running total as a percentage. Opening it again
 * shows the reviewer's earlier review to edit; other reviewers' reviews of the call are listed under it.
 */
export function ReviewDialog({ callId, operatorName, startedAt, onClose, onSaved }: ReviewDialogProps) {
  const { t } = useTranslation('reviews');
  const format = useFormat();
  const checklist = useChecklist();
  const reviews = useCallReviews(callId);
  const me = useCurrentUser();
  const mine = reviews.data?.items.find((r) => r.reviewer.id === me.id);
  const others = reviews.data?.items.filter((r) => r.reviewer.id !== me.id) ?? [];
  const title = (
    <>
      {t('review.title')}
      <span className="rv-dialog-sub">{t('review.subtitle', { operator: operatorName, when: format.compactDateTime(startedAt) })}</span>
    </>
  );
  return (
    <Modal title={title} onClose={onClose}>
      {checklist.isPending || reviews.isPending ? (
        <Spinner />
      ) : checklist.isError || reviews.isError ? (
        <ReviewLoadError error={checklist.error ?? reviews.error} />
      ) : checklist.data.items.length === 0 ? (
        <Alert tone="info">{t('review.noChecklist')}</Alert>
      ) : (
        <ReviewForm key={mine?.id ?? 'new'} callId={callId} items={checklist.data.items} mine={mine} others={others} onClose={onClose} onSaved={onSaved} />
      )}
    </Modal>
  );
}

function ReviewLoadError({ error }: { error: unknown }) {
  const errorText = useErrorText();
  return <Alert>{errorText(error)}</Alert>;
}

type ReviewFormProps = { callId: number; items: ReviewItem[]; mine: Review | undefined; others: Review[]; onClose: () => void; onSaved?: (review: Review) => void };

function ReviewForm({ callId, items, mine, others, onClose, onSaved }: ReviewFormProps) {
  const { t, i18n } = useTranslation('reviews');
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const errorText = useErrorText();
  const save = useSaveReview(callId);
  const [draft, setDraft] = useState<Draft>(() =>
    Object.fromEntries(
      items.map((i) => {
        const had = mine?.scores.find((s) => s.itemId === i.id);
        return [i.id, { points: had ? String(had.points) : '', comment: had?.comment ?? '', open: Boolean(had?.comment) }];
      }),
    ),
  );
  const [comment, setComment] = useState(mine?.comment ?? '');
  const [tried, setTried] = useState(false);
  const set = (id: number, change: Partial<Draft[number]>) => setDraft((d) => ({ ...d, [id]: { ...d[id]!, ...change } }));

  const parsed = useMemo(
    () =>
      items.map((i) => {
        const raw = draft[i.id]!.points.trim();
        const n = Number(raw);
        return { item: i, points: raw !== '' && Number.isInteger(n) && n >= 0 && n <= i.maxPoints ? n : null };
      }),
    [items, draft],
  );
  const bad = parsed.filter((p) => p.points === null).map((p) => p.item.id);
  const points = parsed.reduce((sum, p) => sum + (p.points ?? 0), 0);
  const max = items.reduce((sum, i) => sum + i.maxPoints, 0);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (bad.length > 0 || save.isPending) return;
    const scores = parsed.map((p) => ({ itemId: p.item.id, points: p.points!, comment: (draft[p.item.id]!.open && draft[p.item.id]!.comment.trim()) || null }));
    save.mutate({ scores, comment: comment.trim() || null }, { onSuccess: (review) => (onSaved ? onSaved(review) : onClose()) });
  };

  const failure = () => {
    if (isApiError(save.error) && save.error.code === 'bad_scores') return t('review.badScores');
    if (isApiError(save.error) && save.error.code === 'too_many_points') return t('review.tooManyPoints');
    return errorText(save.error);
  };

  return (
    <form className="form rv-form" onSubmit={submit} noValidate data-testid="review-form">
      {save.isError && <Alert>{failure()}</Alert>}
      <ol className="rv-items">
        {items.map((item) => {
          const name = item.names[lang];
          const d = draft[item.id]!;
          const invalid = tried && bad.includes(item.id);
          return (
            <li key={item.id} className="rv-item" data-review-item={item.id}>
              <div className="rv-item-row">
                <label className="rv-item-name" htmlFor={`rv-points-${item.id}`}>
                  {name}
                </label>
                <span className="rv-points">
                  <input
                    id={`rv-points-${item.id}`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={item.maxPoints}
                    step={1}
                    required
                    value={d.points}
                    aria-invalid={invalid || undefined}
                    onChange={(e) => set(item.id, { points: e.target.value })}
                  />
                  <span className="muted">{t('review.of', { max: item.maxPoints })}</span>
                </span>
                {/* Always there (a comment opened keeps the row's points in line with the others'). */}
                <button type="button" className="btn btn-ghost btn-sm rv-comment-toggle" onClick={() => set(item.id, { open: !d.open })} aria-expanded={d.open} aria-label={t('review.itemComment', { name })}>
                  {d.open ? '−' : '+'} {t('review.addComment')}
                </button>
              </div>
              {d.open && (
                <textarea className="rv-item-comment" rows={2} maxLength={1000} aria-label={t('review.itemComment', { name })} value={d.comment} onChange={(e) => set(item.id, { comment: e.target.value })} />
              )}
            </li>
          );
        })}
      </ol>
      <div className="field">
        <label className="field-label" htmlFor="rv-comment">
          {t('review.comment')}
        </label>
        <textarea id="rv-comment" rows={3} maxLength={4000} placeholder={t('review.commentPlaceholder')} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      <div className="rv-total" aria-live="polite" data-testid="review-total">
        <span>{t('review.total')}:</span>
        <strong>
          {points} {t('review.of', { max })}
        </strong>
        <PercentBadge percent={percentOf(points, max)} />
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('review.cancel')}
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {t('review.save')}
        </button>
      </div>
      {others.length > 0 && (
        <section className="rv-others" aria-label={t('review.others')}>
          <h3 className="rv-others-title">{t('review.others')}</h3>
          {others.map((r) => (
            <div key={r.id} className="rv-other">
              <PercentBadge percent={r.percent} /> <span className="strong">{r.reviewer.name}</span>
              {r.comment && <p className="rv-other-comment">{r.comment}</p>}
            </div>
          ))}
        </section>
      )}
    </form>
  );
}
