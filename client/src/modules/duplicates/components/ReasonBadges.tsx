import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import type { DuplicateReason } from '../api/duplicates.api';

const TONE: Record<DuplicateReason, BadgeTone> = { phone: 'red', email: 'violet', name: 'slate' };

export type ReasonBadgesProps = { reasons: DuplicateReason[]; score?: number };

/** Why two clients look like one (same phone, e-mail, name) and how likely. */
export function ReasonBadges({ reasons, score }: ReasonBadgesProps) {
  const { t } = useTranslation('duplicates');
  return (
    <span className="duplicate-reasons">
      {reasons.map((r) => (
        <Badge key={r} tone={TONE[r]} title={t(`reasonTitle.${r}`)}>
          {t(`reasons.${r}`)}
        </Badge>
      ))}
      {score !== undefined && <span className="muted duplicate-score">{t('score', { value: Math.round(score * 100) })}</span>}
    </span>
  );
}
