import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../../ui/Alert';
import { PhoneList } from '../../calls/components/PhoneList';
import type { Client } from '../../clients/api/client.types';
import { ClientAvatar } from '../../clients/components/ClientAvatar';
import { DncBadge } from '../../dnc/components/DncBadge';
import { ClassBadge, StageBadge, TierLabel } from '../../clients/components/ClientBadges';
import { useSourceLabel } from '../../clients/hooks/use-source-label';
import { useUserName } from '../../users/hooks/use-users';
import type { PopOrganization, PopPerson } from '../../../app/realtime/realtime.types';
import type { ClientOrigin } from '../hooks/call-sessions.reducer';
import { PopPeople } from './PopPeople';

/** `organization`: the caller's organization (a contact person calls); `people`: the organization's (its switchboard calls). */
export type PopClientCardProps = { client: Client; origin: ClientOrigin; organization?: PopOrganization | null; people?: PopPerson[] };

/** The caller's card in the pop: who they are, how much they matter, whose they are, where they came from. */
export function PopClientCard({ client, origin, organization = null, people = [] }: PopClientCardProps) {
  const { t } = useTranslation();
  const { t: to } = useTranslation('organizations');
  const userName = useUserName();
  const sourceLabel = useSourceLabel();
  const none = <span className="muted">{t('common.empty')}</span>;

  const rows: [string, ReactNode][] = [
    [t('field.phones'), client.phones.length ? <PhoneList phones={client.phones} clientId={client.id} /> : none],
    [t('field.tier'), <TierLabel value={client.tier} />],
    [t('field.potential'), client.potential ? t(`potential.${client.potential}`) : none],
    [t('field.owner'), client.ownerId === null ? <span className="muted">{t('card.noOwner')}</span> : userName(client.ownerId)],
    [t('field.source'), client.source ? sourceLabel(client.source) : none],
    [
      t('field.tags'),
      client.tags.length ? (
        <span className="tag-list">
          {client.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </span>
      ) : (
        none
      ),
    ],
  ];

  return (
    <section className="panel pop-card" aria-labelledby="pop-client-name" data-testid="pop-client">
      <div className="pop-card-head">
        <ClientAvatar name={client.name} size="md" />
        <div className="pop-card-who">
          <h2 className="pop-client-name" id="pop-client-name" data-testid="pop-client-name">
            {client.name}
          </h2>
          <p className="summary-meta">
            {organization ? (
              <>
                {to('pop.worksAt')} <Link to={`/clients/${organization.id}`}>{organization.name}</Link>
                {organization.abcClass && <> · {t('field.class')} {organization.abcClass}</>}
              </>
            ) : (
              <>
                {t(`kind.${client.kind}`)}
                {client.kind === 'person' && client.organization && <> · {client.organization}</>}
              </>
            )}
            {client.position && <> · {client.position}</>}
          </p>
        </div>
        <div className="pop-card-class">
          <span className="pop-card-class-label">{t('field.class')}</span>
          <ClassBadge value={client.abcClass} />
        </div>
      </div>
      <div className="summary-badges">
        <StageBadge value={client.stage} />
        <DncBadge phones={client.phones} />
        <Link to={`/clients/${client.id}`} className="pop-card-open">
          {t('console.openCard')} →
        </Link>
      </div>
      {origin === 'created' && <Alert tone="success">{t('console.newCaller.created')}</Alert>}
      {origin === 'existing' && <Alert tone="info">{t('console.newCaller.existing')}</Alert>}
      <dl className="details pop-details">
        {rows.map(([label, value]) => (
          <div key={label} className="details-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <PopPeople people={people} />
    </section>
  );
}
