import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../app/api-client';
import { useFormat } from './format';

/** Turns any thrown value into a sentence in the user's language; server messages (English) are not shown. */
export function useErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return useCallback(
    (err: unknown) => {
      if (!isApiError(err)) return t('errors.generic');
      switch (err.code) {
        case 'unauthorized':
          return t('errors.unauthorized');
        case 'too_many_attempts': {
          const details = err.details as { retryAfterSeconds?: unknown } | undefined;
          const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 900;
          return t('errors.tooManyAttempts', { wait: format.wait(seconds) });
        }
        case 'read_budget_exceeded': {
          const details = err.details as { retryAfterSeconds?: unknown } | undefined;
          const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 3600;
          return t('errors.readBudget', { wait: format.wait(seconds) });
        }
        case 'forbidden':
          return t('errors.forbidden');
        case 'do_not_call': {
          // The number is on the do-not-call list: the reason is people's own words, shown as typed.
          const reason = (err.details as { reason?: unknown } | undefined)?.reason;
          return typeof reason === 'string' && reason ? t('refused', { ns: 'dnc', reason }) : t('refusedNoReason', { ns: 'dnc' });
        }
        case 'not_found':
          return t('errors.notFound');
        case 'validation_failed':
        case 'bad_request':
          return t('errors.validation');
        case 'conflict':
          return t('errors.conflict');
        case 'network':
          return t('errors.network');
        case 'service_unavailable':
          return t('errors.unavailable');
        default:
          return t('errors.generic');
      }
    },
    [t, format],
  );
}
