import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import type { CallOutcome } from '../api/call.types';

const TONE: Record<CallOutcome, BadgeTone> = { answered: 'green', missed: 'red', abandoned: 'amber', busy: 'slate', no_answer: 'slate', failed: 'red' };

export type CallOutcomeBadgeProps = { outcome: CallOutcome | null };

export function CallOutcomeBadge({ outcome }: CallOutcomeBadgeProps) {
  const { t } = useTranslation();
  if (!outcome) return <Badge tone="blue">{t('calls.outcomes.inProgress')}</Badge>;
  return <Badge tone={TONE[outcome]}>{t(`calls.outcomes.${outcome}`)}</Badge>;
}
