import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { STAGES, TIERS } from '../../clients/api/client.types';
import { useSourceLabel } from '../../clients/hooks/use-source-label';
import { useUsers } from '../../users/hooks/use-users';
import type { SegmentFilter } from '../api/segments.api';

const isOneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

/** A segment's filter in the reader's words, with the client list's field names: "Этап: Лид · Источник: Сайт". */
export function useFilterText(): (filter: SegmentFilter) => string {
  const { t } = useTranslation();
  const sourceLabel = useSourceLabel();
  const { users } = useUsers();
  return useCallback(
    (filter: SegmentFilter) => {
      const values = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
      const part = (key: string, v: string): string => {
        switch (key) {
          case 'class':
            return `${t('field.class')}: ${values(v).join(', ')}`;
          case 'stage':
            return `${t('field.stage')}: ${values(v).map((s) => (isOneOf(STAGES, s) ? t(`stage.${s}`) : s)).join(', ')}`;
          case 'tier':
            return `${t('field.tier')}: ${values(v).map((s) => (isOneOf(TIERS, s) ? t(`tier.${s}`) : s)).join(', ')}`;
          case 'source':
            return `${t('field.source')}: ${sourceLabel(v)}`;
          case 'ownerId':
            return `${t('field.owner')}: ${users.find((u) => u.id === Number(v))?.name ?? `#${v}`}`;
          case 'tag':
            return `${t('field.tags')}: ${v}`;
          case 'q':
            return `«${v}»`;
          default:
            return `${key}: ${v}`;
        }
      };
      return Object.entries(filter)
        .map(([k, v]) => part(k, v))
        .join(' · ');
    },
    [t, sourceLabel, users],
  );
}
