import { useTranslation } from 'react-i18next';
import { Badge } from '../../../ui/Badge';
import { useDncStatus } from '../hooks/use-dnc';

export type DncBadgeProps = { phones: readonly { e164: string | null; raw: string }[] };

/** "Do not call" on a card or a pop when one of the client's numbers is on the list; nothing otherwise. */
export function DncBadge({ phones }: DncBadgeProps) {
  const { t } = useTranslation('dnc');
  const status = useDncStatus(phones.map((p) => p.e164 ?? p.raw));
  if (!status) return null;
  return (
    <span data-testid="dnc-badge">
      <Badge tone="red" title={status.reason ? t('badgeReason', { reason: status.reason }) : t('badgeTitle')}>
        ⊘ {t('badge')}
      </Badge>
    </span>
  );
}
