import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Field } from '../../../ui/Field';
import { useOrganizationSearch } from '../hooks/use-organizations';

/** A person's organization: a card (`organizationId`, its name as `text`) or a name typed only. */
export type OrganizationChoice = { text: string; organizationId: number | null };

export type OrganizationPickerProps = { value: OrganizationChoice; onChange: (value: OrganizationChoice) => void };

/**
 * The organization field of a person: typing offers the organization cards whose name starts so (a
 * datalist); picking one links the person to that card, anything else stays a typed name.
 */
export function OrganizationPicker({ value, onChange }: OrganizationPickerProps) {
  const { t } = useTranslation('organizations');
  const listId = useId();
  const found = useOrganizationSearch(value.organizationId ? '' : value.text);
  const options = found.data?.items ?? [];

  const type = (text: string) => {
    const picked = options.find((o) => o.name === text);
    onChange({ text, organizationId: picked ? picked.id : null });
  };

  const hint = value.organizationId ? (
    <>
      {t('picker.linked', { name: value.text })} · <Link to={`/clients/${value.organizationId}`}>{t('picker.open')}</Link>
    </>
  ) : value.text.trim() ? (
    t('picker.textOnly')
  ) : (
    t('picker.hint')
  );

  return (
    <Field label={t('organization')} hint={hint}>
      {(id, describedBy) => (
        <>
          <input id={id} aria-describedby={describedBy} maxLength={200} list={listId} autoComplete="off" value={value.text} onChange={(e) => type(e.target.value)} data-testid="organization-picker" />
          <datalist id={listId}>
            {options.map((o) => (
              <option key={o.id} value={o.name} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
