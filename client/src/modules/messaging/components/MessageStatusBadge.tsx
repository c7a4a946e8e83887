import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import type { MessageStatus } from '../api/messaging.types';

const TONE: Record<MessageStatus, BadgeTone> = { queued: 'slate', sending: 'blue', sent: 'green', failed: 'red', skipped: 'amber' };

export function MessageStatusBadge({ status }: { status: MessageStatus }) {
  const { t } = useTranslation('messaging');
  return <Badge tone={TONE[status]}>{t(`status.${status}`)}</Badge>;
}
