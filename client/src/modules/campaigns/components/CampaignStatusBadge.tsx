import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import type { CampaignStatus } from '../api/campaigns.api';

const TONE: Record<CampaignStatus, BadgeTone> = { draft: 'slate', running: 'green', paused: 'amber', stopped: 'neutral' };

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation('campaigns');
  return <Badge tone={TONE[status]}>{t(`status.${status}`)}</Badge>;
}
