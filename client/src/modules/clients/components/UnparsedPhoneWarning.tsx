import { useQueries } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { parsePhone } from '../api/phone-parse.api';
import { splitList } from './split-list';

export type UnparsedPhoneWarningProps = { phones: string };

/**
 * Warns, before saving, about numbers that parse in none of the install's regions: they would be kept as
 * written, matched only by their digits, and could not be dialled.
 */
export function UnparsedPhoneWarning({ phones }: UnparsedPhoneWarningProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(phones);
  useEffect(() => {
    const timer = setTimeout(() => setTyped(phones), 400);
    return () => clearTimeout(timer);
  }, [phones]);
  const list = splitList(typed).filter((p) => (p.match(/\d/g)?.length ?? 0) >= 3);
  const results = useQueries({
    queries: list.map((number) => ({ queryKey: ['phone-parse', number], queryFn: ({ signal }: { signal: AbortSignal }) => parsePhone(number, signal), staleTime: Infinity, retry: false })),
  });
  const bad = list.filter((_, i) => results[i]?.data && !results[i].data.valid);
  if (bad.length === 0) return null;
  const regions = results.find((r) => r.data)?.data?.regions.join(', ') ?? '';
  return (
    <Alert tone="info">
      <p data-testid="unparsed-phone-warning">{t('phoneCheck.unparsed', { phones: bad.join(', '), regions })}</p>
    </Alert>
  );
}
