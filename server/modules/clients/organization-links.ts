import { In, IsNull, type EntityManager } from 'typeorm';
import { ClientEntity, type ClientKind } from '../../db/entities';
import { badRequest } from '../../http/errors';

/**
 * The rules that tie a contact person to an organization, in one place: only a person belongs to one,
 * only to a live organization-client, and the person's `organization` text then mirrors its name (the
 * text-keyed reports and the list's column read it). An organization's own text is its name.
 */

export type OrganizationRef = { id: number; name: string };

/** The organization a person is to belong to: a live client of kind organization, else a 400. */
export async function organizationFor(em: EntityManager, organizationId: number, personId?: number): Promise<OrganizationRef> {
  if (organizationId === personId) throw badRequest('A client cannot be its own organization');
  const org = await em.findOneBy(ClientEntity, { id: organizationId, deletedAt: IsNull() });
  if (!org) throw badRequest(`Organization ${organizationId} does not exist`);
  if (org.kind !== 'organization') throw badRequest(`Client ${organizationId} is a person, not an organization`);
  return { id: org.id, name: org.name };
}

/**
 * The organization fields a client is stored with, from what was asked (`input`) over what it has
 * (`current`, none on creation): an organization belongs to no organization and its text is its name; a
 * linked person's text is the organization's name; an unlinked person keeps what was typed.
 */
export async function organizationFields(
  em: EntityManager,
  input: { kind?: ClientKind; name?: string; organization?: string | null; organizationId?: number | null },
  current?: { id: number; kind: ClientKind; name: string; organization: string | null; organizationId: number | null },
): Promise<{ organization: string | null; organizationId: number | null }> {
  const kind = input.kind ?? current?.kind ?? 'person';
  const organizationId = input.organizationId !== undefined ? input.organizationId : (current?.organizationId ?? null);
  if (kind === 'organization') {
    if (input.organizationId) throw badRequest('An organization cannot belong to another organization');
    return { organization: input.name ?? current!.name, organizationId: null };
  }
  if (organizationId !== null) {
    const org = await organizationFor(em, organizationId, current?.id);
    return { organization: org.name, organizationId: org.id };
  }
  // Unlinked now: a person who was an organization or was linked keeps the name as typed text unless given.
  const organization = input.organization !== undefined ? input.organization : (current?.organization ?? null);
  return { organization: organization === '' ? null : organization, organizationId: null };
}

/**
 * Live organization cards by lower-cased name (the oldest when two share one), for company names typed
 * elsewhere: an import's column, the people waiting to be linked.
 */
export async function organizationCards(em: EntityManager, texts: readonly (string | null)[]): Promise<Map<string, OrganizationRef>> {
  const names = [...new Set(texts.filter((t): t is string => Boolean(t)).map((t) => t.toLowerCase()))];
  const cards = new Map<string, OrganizationRef>();
  if (names.length === 0) return cards;
  const rows = await em.find(ClientEntity, { select: { id: true, name: true, nameSearch: true }, where: { kind: 'organization', nameSearch: In(names), deletedAt: IsNull() }, order: { id: 'ASC' } });
  for (const o of rows) if (!cards.has(o.nameSearch)) cards.set(o.nameSearch, { id: o.id, name: o.name });
  return cards;
}

/** The ids of an organization's live contact people. */
export async function peopleOf(em: EntityManager, organizationId: number): Promise<number[]> {
  const rows = await em.find(ClientEntity, { select: { id: true }, where: { organizationId, deletedAt: IsNull() }, order: { id: 'ASC' } });
  return rows.map((r) => r.id);
}

/**
 * The clients whose history counts for `clientId`: an organization and its people; anyone else alone.
 * Calls, deals, notes and callbacks on an organization's card read these.
 */
export async function historyIds(em: EntityManager, clientId: number): Promise<number[]> {
  const row = await em.findOne(ClientEntity, { select: { id: true, kind: true }, where: { id: clientId } });
  return row?.kind === 'organization' ? [clientId, ...(await peopleOf(em, clientId))] : [clientId];
}
