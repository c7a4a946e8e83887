import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';

/** The settings fields' names in the `campaigns` namespace, by the API's field. */
const FIELD_KEYS: Record<string, string> = {
  name: 'form.name', teamId: 'form.team', operatorIds: 'form.operators', callingHours: 'settings.hours', days: 'form.days', maxAttempts: 'form.maxAttempts',
  retry: 'form.retry', finalCodes: 'form.finalCodes', script: 'form.script', mode: 'form.mode', startsOn: 'form.startsOn', endsOn: 'form.endsOn', filter: 'form.clients',
};

/**
 * Why saving a campaign's settings failed: a stopped campaign (409) says so; a refused value (400) names
 * the fields the server pointed at, or says a team or operator is no longer there.
 */
export function useSettingsErrorText(): (err: unknown) => string {
  const { t } = useTranslation('campaigns');
  const errorText = useErrorText();
  return useCallback(
    (err: unknown) => {
      if (!isApiError(err)) return errorText(err);
      if (err.status === 409) return t('form.errors.stopped');
      if (err.status !== 400) return errorText(err);
      const fields = fieldsOf(err.details)
        .map((f) => FIELD_KEYS[f])
        .filter((k): k is string => k !== undefined);
      if (fields.length > 0) return t('form.errors.fields', { fields: [...new Set(fields)].map((k) => t(k as 'form.name')).join(', ') });
      if (/team|operator/i.test(err.message)) return t('form.errors.workers');
      if (/startsOn/.test(err.message)) return t('form.datesOrder');
      return t('form.errors.invalid');
    },
    [t, errorText],
  );
}

/** The top-level field names in a validation error's details (zod issues' paths), whatever their exact shape. */
function fieldsOf(details: unknown): string[] {
  const issues = Array.isArray(details) ? details : details && typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues) ? (details as { issues: unknown[] }).issues : [];
  return issues.flatMap((i) => {
    const path = (i as { path?: unknown }).path;
    if (Array.isArray(path) && typeof path[0] === 'string') return [path[0]];
    if (typeof path === 'string') return [path.split('.')[0]!];
    return [];
  });
}
