import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';

export type AbcStateProps<T> = { query: UseQueryResult<T>; children: (data: T) => ReactNode };

/** Loading, an error with a retry, or the figures (greyed while newer ones load). */
export function AbcState<T>({ query, children }: AbcStateProps<T>) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (query.isPending) return <Spinner />;
  if (query.isError)
    return (
      <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void query.refetch()}>{t('common.retry')}</button>}>
        {errorText(query.error)}
      </Alert>
    );
  return (
    <div className={`stack ${query.isPlaceholderData ? 'is-stale' : ''}`} aria-busy={query.isFetching}>
      {children(query.data)}
    </div>
  );
}
