import { useTranslation } from 'react-i18next';
import type { CallDirection as Direction } from '../api/call.types';

const ICON: Record<Direction, string> = { inbound: '↙', outbound: '↗', internal: '↔' };

export type CallDirectionProps = { direction: Direction };

export function CallDirection({ direction }: CallDirectionProps) {
  const { t } = useTranslation();
  return (
    <span className={`direction direction-${direction}`}>
      <span className="direction-icon" aria-hidden="true">
        {ICON[direction]}
      </span>
      {t(`calls.directions.${direction}`)}
    </span>
  );
}
