import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLabelledSource } from '../api/client.types';

/** The translated name of a marketing source; unknown sources are shown as stored. */
export function useSourceLabel(): (source: string | null) => string {
  const { t } = useTranslation();
  return useCallback((source: string | null) => (source === null ? t('common.empty') : isLabelledSource(source) ? t(`source.${source}`) : source), [t]);
}
