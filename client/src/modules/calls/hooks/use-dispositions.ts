import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../i18n/i18n';
import { listDispositionNames, listDispositions } from '../api/calls.api';
import { isKnownDisposition } from '../api/call.types';

/** The query keys of the result codes (the manager's editor invalidates them all). */
export const dispositionKeys = { all: ['dispositions'] as const, active: ['dispositions', 'active'] as const, names: ['dispositions', 'names'] as const };

/** The active result codes, in the manager's order (they rarely change). */
export function useDispositions() {
  return useQuery({
    queryKey: dispositionKeys.active,
    queryFn: ({ signal }) => listDispositions(signal),
    staleTime: 5 * 60_000,
  });
}

/**
 * The name of a result code in the UI language, retired codes included (old calls keep theirs); the
 * built-in label while the list loads, the code itself when nothing names it.
 */
export function useDispositionLabel(): (code: string) => string {
  const { t, i18n } = useTranslation();
  const names = useQuery({
    queryKey: dispositionKeys.names,
    queryFn: ({ signal }) => listDispositionNames(signal),
    staleTime: 5 * 60_000,
  });
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const items = names.data?.items;
  return useCallback(
    (code: string) => {
      const named = items?.find((d) => d.code === code);
      if (named) return named.names[lang];
      return isKnownDisposition(code) ? t(`calls.dispositions.${code}`) : code;
    },
    [t, lang, items],
  );
}
