import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { duplicatePhoneOf } from '../api/duplicate-phone';
import { DuplicatePhoneAlert } from './DuplicatePhoneAlert';

export type FormErrorProps = { error: unknown };

type Issue = { path: string; message: string };

const FIELD_KEYS = ['name', 'kind', 'organization', 'phones', 'emails', 'birthday', 'source', 'owner', 'stage', 'tier', 'potential', 'tags', 'timezone'] as const;
type FieldKey = (typeof FIELD_KEYS)[number];

/** The field a validation issue is about: "phones.1" → phones, "ownerId" → owner. */
function fieldOf(path: string): FieldKey | null {
  const head = (path.split('.')[0] ?? '').replace(/Id$/, '');
  return (FIELD_KEYS as readonly string[]).includes(head) ? (head as FieldKey) : null;
}

/** Why saving a client failed: the duplicate-phone conflict with a link, the fields to check, or a sentence. */
export function FormError({ error }: FormErrorProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const duplicate = duplicatePhoneOf(error);
  if (duplicate) return <DuplicatePhoneAlert duplicate={duplicate} />;

  const issues = isApiError(error) && error.code === 'validation_failed' && Array.isArray(error.details) ? (error.details as Issue[]) : [];
  const fields = [...new Set(issues.map((i) => fieldOf(i.path)).filter((f): f is FieldKey => f !== null))];
  if (fields.length === 0) return <Alert>{errorText(error)}</Alert>;
  return (
    <Alert>
      <ul className="plain-list">
        {fields.map((f) => (
          <li key={f}>{t('errors.invalidField', { field: t(`field.${f}`) })}</li>
        ))}
      </ul>
    </Alert>
  );
}
