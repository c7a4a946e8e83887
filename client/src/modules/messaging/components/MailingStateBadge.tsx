import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import type { MailingState } from '../api/messaging.types';

const TONE: Record<MailingState, BadgeTone> = { running: 'blue', paused: 'amber', done: 'green', cancelled: 'neutral' };

export function MailingStateBadge({ state }: { state: MailingState }) {
  const { t } = useTranslation('messaging');
  return <Badge tone={TONE[state]}>{t(`mailings.state.${state}`)}</Badge>;
}
