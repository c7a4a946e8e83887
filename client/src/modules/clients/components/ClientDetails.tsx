import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { PhoneList } from '../../calls/components/PhoneList';
import { OrganizationName } from '../../organizations/components/OrganizationName';
import { useUserName } from '../../users/hooks/use-users';
import type { Client } from '../api/client.types';
import { useSourceLabel } from '../hooks/use-source-label';

export type ClientDetailsProps = { client: Client };

/** Every field of a client, read-only. */
export function ClientDetails({ client }: ClientDetailsProps) {
  const { t } = useTranslation();
  const { t: to } = useTranslation('organizations');
  const { t: tm } = useTranslation('messaging');
  const format = useFormat();
  const userName = useUserName();
  const sourceLabel = useSourceLabel();
  const none = <span className="muted">{t('common.empty')}</span>;

  const rows: [string, ReactNode][] = [
    ...(client.kind === 'person'
      ? ([
          [to('organization'), client.organization ? <OrganizationName client={client} /> : none],
          [to('position'), client.position ?? none],
        ] as [string, ReactNode][])
      : []),
    [
      t('field.phones'),
      client.phones.length ? (
        <PhoneList phones={client.phones} clientId={client.id} />
      ) : (
        none
      ),
    ],
    [
      t('field.emails'),
      client.emails.length ? (
        <ul className="plain-list">
          {client.emails.map((e) => (
            <li key={e}>
              <a href={`mailto:${e}`}>{e}</a>
            </li>
          ))}
        </ul>
      ) : (
        none
      ),
    ],
    [t('field.owner'), client.ownerId === null ? <span className="muted">{t('card.noOwner')}</span> : userName(client.ownerId)],
    [t('field.source'), client.source ? sourceLabel(client.source) : none],
    [t('field.potential'), client.potential ? t(`potential.${client.potential}`) : none],
    [t('field.birthday'), client.birthday ? format.calendarDate(client.birthday) : none],
    [t('field.timezone'), client.timezone ?? none],
    [tm('clientLanguage.label'), client.language ? tm(`language.${client.language}`) : <span className="muted">{tm('clientLanguage.auto')}</span>],
    [t('field.createdAt'), format.dateTime(client.createdAt)],
    [t('field.updatedAt'), format.dateTime(client.updatedAt)],
  ];

  return (
    <dl className="details">
      {rows.map(([label, value]) => (
        <div key={label} className="details-row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
