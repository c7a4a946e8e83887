import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';

export type RuleFormErrorProps = { error: unknown };

type Issue = { path: string; message: string };

const FIELDS = ['name', 'enabled', 'position', 'scope', 'graceMinutes', 'action', 'workingHours', 'maxReassignments'] as const;
type RuleField = (typeof FIELDS)[number];
const isRuleField = (f: string): f is RuleField => (FIELDS as readonly string[]).includes(f);

/** Why the server refused a rule: the fields it named (paths such as "workingHours.timezone"), or a sentence. */
export function RuleFormError({ error }: RuleFormErrorProps) {
  const { t } = useTranslation('routing');
  const errorText = useErrorText();
  const issues = isApiError(error) && error.code === 'validation_failed' && Array.isArray(error.details) ? (error.details as Issue[]) : [];
  // A draft's dry run nests the rule under "rule"; a 400 without details is a missing team or person of the action.
  const named = issues.map((i) => String(i.path).replace(/^rule\./, '').split('.')[0] ?? '');
  const fields = [...new Set(isApiError(error) && error.code === 'bad_request' ? ['action'] : named)].filter(isRuleField);
  if (fields.length === 0) return <Alert>{errorText(error)}</Alert>;
  return (
    <Alert>
      <ul className="plain-list">
        {fields.map((f) => (
          <li key={f}>{t('form.errors.server', { field: t(`form.fields.${f}`) })}</li>
        ))}
      </ul>
    </Alert>
  );
}
