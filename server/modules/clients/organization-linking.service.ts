import { In, IsNull, type DataSource } from 'typeorm';
import { ClientEntity } from '../../db/entities';
import { transaction } from '../../db/transaction';
import { notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ClientsService } from './clients.service';
import { organizationCards, organizationFor } from './organization-links';

/** People who typed the same organization, not linked to an organization-client yet. */
export type UnlinkedOrganization = { organization: string; people: number; match: { id: number; name: string } | null };

/** People linked in one statement (and audited in one batch) at a time. */
const LINK_CHUNK = 500;

/**
 * Before organizations had cards, a company was a text on a person. A manager reviews those texts and
 * links each to an organization-client: an existing one of the same name, or one made from the text.
 * Nothing is linked without that choice (a text like "ИП" or a typo would otherwise merge strangers).
 */
export class OrganizationLinkingService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
  ) {}

  /** The texts typed on unlinked people, most people first, each with the organization of that name if one exists. */
  async unlinked(q: { limit: number; offset: number }): Promise<{ items: UnlinkedOrganization[]; total: number }> {
    const base = "FROM clients WHERE deleted_at IS NULL AND kind = 'person' AND organization_id IS NULL AND organization IS NOT NULL AND organization <> ''";
    const [{ n }] = (await this.ds.query(`SELECT COUNT(DISTINCT organization) AS n ${base}`)) as [{ n: unknown }];
    const rows: { organization: string; people: unknown }[] = await this.ds.query(
      `SELECT organization, COUNT(*) AS people ${base} GROUP BY organization ORDER BY COUNT(*) DESC, organization LIMIT ? OFFSET ?`,
      [q.limit, q.offset],
    );
    const byName = await organizationCards(this.ds.manager, rows.map((r) => r.organization));
    return { items: rows.map((r) => ({ organization: r.organization, people: Number(r.people), match: byName.get(r.organization.toLowerCase()) ?? null })), total: Number(n) };
  }

  /**
   * Links every unlinked person who typed `organization` to `organizationId`, or to
   * a new organization-client named after the text. Each person's change is audited.
   */
  async link(actor: Actor, input: { organization: string; organizationId?: number }): Promise<{ organizationId: number; created: boolean; linked: number }> {
    const text = input.organization.trim();
    // As the list groups them: equal in the database's collation (MariaDB's ignores case, SQLite's does not).
    const people = await this.ds.getRepository(ClientEntity).find({ select: { id: true, organization: true }, where: { kind: 'person', organization: text, organizationId: IsNull(), deletedAt: IsNull() }, order: { id: 'ASC' } });
    if (people.length === 0) throw notFound(`Unlinked people of “${text}”`);
    let organizationId = input.organizationId;
    let created = false;
    if (organizationId === undefined) {
      organizationId = (await this.clients.create(actor, { kind: 'organization', name: text, stage: 'lead', phones: [], emails: [], tags: [] })).id;
      created = true;
    }
    const org = await transaction(this.ds, (em) => organizationFor(em, organizationId!));
    let linked = 0;
    for (let i = 0; i < people.length; i += LINK_CHUNK) {
      const chunk = people.slice(i, i + LINK_CHUNK);
      await transaction(this.ds, async (em) => {
        const ids = chunk.map((p) => p.id);
        // Only those still unlinked now (a card edited meanwhile keeps its choice).
        const still = await em.find(ClientEntity, { select: { id: true, organization: true }, where: { id: In(ids), organizationId: IsNull(), deletedAt: IsNull() } });
        if (still.length === 0) return;
        linked += still.length;
        await em.update(ClientEntity, { id: In(still.map((p) => p.id)) }, { organizationId: org.id, organization: org.name, updatedAt: new Date() });
        await this.audit.recordMany(em, actor, still.map((p) => ({ action: 'update', entity: 'client', entityId: p.id, before: { organization: p.organization, organizationId: null }, after: { organization: org.name, organizationId: org.id } })));
      });
    }
    return { organizationId: org.id, created, linked };
  }
}
