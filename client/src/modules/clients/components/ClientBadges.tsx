import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import type { AbcClass, Stage, Tier } from '../api/client.types';

const CLASS_TONE: Record<AbcClass, BadgeTone> = { A: 'green', B: 'blue', C: 'slate' };

export type ClassBadgeProps = { value: AbcClass | null };

export function ClassBadge({ value }: ClassBadgeProps) {
  const { t } = useTranslation();
  if (!value) return <span className="muted" title={t('abc.hint')}>{t('common.empty')}</span>;
  return (
    <span className={`class-badge class-${value}`} title={`${t('abc.label', { cls: value })} · ${t('abc.hint')}`} aria-label={t('abc.label', { cls: value })}>
      {value}
    </span>
  );
}

const STAGE_TONE: Record<Stage, BadgeTone> = { lead: 'slate', contacted: 'blue', qualified: 'violet', proposal: 'amber', customer: 'green', lost: 'red' };

export type StageBadgeProps = { value: Stage };

export function StageBadge({ value }: StageBadgeProps) {
  const { t } = useTranslation();
  return <Badge tone={STAGE_TONE[value]}>{t(`stage.${value}`)}</Badge>;
}

export type TierLabelProps = { value: Tier | null };

export function TierLabel({ value }: TierLabelProps) {
  const { t } = useTranslation();
  if (!value) return <span className="muted">{t('common.empty')}</span>;
  return (
    <span className={`tier tier-${value}`}>
      <span className="tier-dot" aria-hidden="true" />
      {t(`tier.${value}`)}
    </span>
  );
}
