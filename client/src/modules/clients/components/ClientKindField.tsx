import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/Field';
import { CLIENT_KINDS, type ClientKind } from '../api/client.types';

/** Person or organization: the new-client and edit forms' kind select. */
export function ClientKindField({ value, onChange }: { value: ClientKind; onChange: (kind: ClientKind) => void }) {
  const { t } = useTranslation();
  return (
    <Field label={t('field.kind')}>
      {(id) => (
        <select id={id} value={value} onChange={(e) => onChange(CLIENT_KINDS.find((k) => k === e.target.value) ?? 'person')}>
          {CLIENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
