import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { PhoneList } from '../../calls/components/PhoneList';
import type { Client } from '../../clients/api/client.types';
import { ClassBadge } from '../../clients/components/ClientBadges';
import { NewClientDialog } from '../../clients/components/NewClientDialog';
import { usePeople } from '../hooks/use-organizations';

export type OrganizationPeopleSectionProps = { organization: Pick<Client, 'id' | 'name'> };

/** An organization's contact people: who they are, what they do, their direct lines; and a new one. */
export function OrganizationPeopleSection({ organization }: OrganizationPeopleSectionProps) {
  const { t } = useTranslation('organizations');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const people = usePeople(organization.id);
  const [adding, setAdding] = useState(false);

  const add = (
    <button type="button" className="btn btn-secondary btn-sm" onClick={() => setAdding(true)}>
      {t('people.add')}
    </button>
  );

  return (
    <div className="stack" data-testid="organization-people">
      {people.isPending ? (
        <Spinner />
      ) : people.isError ? (
        <Alert>{errorText(people.error)}</Alert>
      ) : people.data.items.length === 0 ? (
        <EmptyState title={t('people.empty')}>{add}</EmptyState>
      ) : (
        <>
          <div className="people-actions">{add}</div>
          <div className="table-wrap">
            <table className="table" aria-label={t('people.tableLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('people.name')}</th>
                  <th scope="col">{t('people.position')}</th>
                  <th scope="col">{t('people.phones')}</th>
                  <th scope="col">{tc('field.class')}</th>
                </tr>
              </thead>
              <tbody>
                {people.data.items.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/clients/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>{p.position ?? <span className="muted">{t('people.noPosition')}</span>}</td>
                    <td>{p.phones.length ? <PhoneList phones={p.phones} clientId={p.id} /> : <span className="muted">{tc('common.empty')}</span>}</td>
                    <td>
                      <ClassBadge value={p.abcClass} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {adding && <NewClientDialog organization={organization} onClose={() => setAdding(false)} />}
    </div>
  );
}
