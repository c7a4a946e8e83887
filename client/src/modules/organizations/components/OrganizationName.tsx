import { Link } from 'react-router';
import type { Client } from '../../clients/api/client.types';

/** A person's organization: a link to its card when linked, else the name as typed. */
export function OrganizationName({ client }: { client: Pick<Client, 'organization' | 'organizationId'> }) {
  if (!client.organization) return null;
  return client.organizationId ? <Link to={`/clients/${client.organizationId}`}>{client.organization}</Link> : <>{client.organization}</>;
}
