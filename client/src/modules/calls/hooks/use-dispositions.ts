import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { listDispositions } from '../api/calls.api';
import { isKnownDisposition } from '../api/call.types';

/** The wrap-up results, from the server (they rarely change). */
export function useDispositions() {
  return useQuery({
    queryKey: ['dispositions'],
    queryFn: ({ signal }) => listDispositions(signal),
    staleTime: 10 * 60_000,
  });
}

/** The translated name of a disposition code; codes the UI has no label for are shown as stored. */
export function useDispositionLabel(): (code: string) => string {
  const { t } = useTranslation();
  return useCallback((code: string) => (isKnownDisposition(code) ? t(`calls.dispositions.${code}`) : code), [t]);
}
