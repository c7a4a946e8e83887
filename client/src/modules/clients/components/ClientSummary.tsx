import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { DncBadge } from '../../dnc/components/DncBadge';
import { OrganizationName } from '../../organizations/components/OrganizationName';
import type { Client } from '../api/client.types';
import { ClientAvatar } from './ClientAvatar';
import { ClassBadge, StageBadge, TierLabel } from './ClientBadges';

export type ClientSummaryProps = { client: Client };

/** The card's head: who the client is and the figures people look at first. */
export function ClientSummary({ client }: ClientSummaryProps) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section className="panel summary">
      <ClientAvatar name={client.name} />
      <div className="summary-main">
        <h1 className="summary-name">{client.name}</h1>
        <p className="summary-meta">
          {t(`kind.${client.kind}`)}
          {client.kind === 'person' && client.position && <> · {client.position}</>}
          {client.kind === 'person' && client.organization && (
            <>
              {' · '}
              <OrganizationName client={client} />
            </>
          )}
        </p>
        <div className="summary-badges">
          <StageBadge value={client.stage} />
          <TierLabel value={client.tier} />
          <DncBadge phones={client.phones} />
          {client.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
        </div>
      </div>
      <dl className="summary-stats">
        <div>
          <dt>{t('field.class')}</dt>
          <dd>
            <ClassBadge value={client.abcClass} />
          </dd>
        </div>
        <div>
          <dt>{t('field.revenue')}</dt>
          <dd className="stat-value">{format.money(client.revenue)}</dd>
        </div>
      </dl>
    </section>
  );
}
