import { In, type EntityManager } from 'typeorm';
import { ClientEmailEntity, ClientPhoneEntity, ClientTagEntity, type ClientRow } from '../../db/entities';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import { conflict } from '../../http/errors';
import { toClientView, type ClientChildren, type ClientView } from './client.view';

/** Loads phones, emails and tags of many clients in three queries, and builds their views. */
export async function loadClientViews(em: EntityManager, rows: ClientRow[]): Promise<ClientView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [phones, emails, tags] = await Promise.all([
    em.find(ClientPhoneEntity, { where: { clientId: In(ids) }, order: { position: 'ASC' } }),
    em.find(ClientEmailEntity, { where: { clientId: In(ids) }, order: { position: 'ASC' } }),
    em.find(ClientTagEntity, { where: { clientId: In(ids) }, order: { tag: 'ASC' } }),
  ]);
  const byId = new Map<number, ClientChildren>(ids.map((id) => [id, { phones: [], emails: [], tags: [] }]));
  for (const p of phones) byId.get(p.clientId)!.phones.push({ e164: p.e164, raw: p.raw });
  for (const e of emails) byId.get(e.clientId)!.emails.push(e.email);
  for (const t of tags) byId.get(t.clientId)!.tags.push(t.tag);
  return rows.map((r) => toClientView(r, byId.get(r.id)!));
}

/**
 * Replaces a client's phones. Two clients cannot share a normalized number: the conflict names the
 * other client. Unparseable numbers are kept raw, matched exactly and not held unique.
 */
export async function replacePhones(em: EntityManager, clientId: number, inputs: string[], region: PhoneRegions, fresh = false): Promise<void> {
  const seen = new Set<string>();
  const phones = inputs
    .map((raw) => normalizePhone(raw, region))
    .filter((p) => {
      const key = p.e164 ?? `raw:${p.digits}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const e164s = phones.map((p) => p.e164).filter((v): v is string => v !== null);
  if (e164s.length > 0) {
    const taken = await em.find(ClientPhoneEntity, { where: { e164: In(e164s) } });
    const other = taken.find((t) => t.clientId !== clientId);
    if (other) throw conflict(`The number ${other.e164} belongs to another client`, { clientId: other.clientId, phone: other.e164 });
  }
  // A new client has nothing to delete, and a DELETE on an empty index range takes a gap lock that
  // deadlocks concurrent creations in InnoDB.
  if (!fresh) await em.delete(ClientPhoneEntity, { clientId });
  if (phones.length > 0) {
    await em.insert(ClientPhoneEntity, phones.map((p, position) => ({ clientId, e164: p.e164, raw: p.raw.slice(0, 64), digits: p.digits.slice(0, 32), revDigits: p.revDigits.slice(0, 32), position })));
  }
}

export async function replaceEmails(em: EntityManager, clientId: number, emails: string[], fresh = false): Promise<void> {
  if (!fresh) await em.delete(ClientEmailEntity, { clientId });
  const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  if (unique.length > 0) await em.insert(ClientEmailEntity, unique.map((email, position) => ({ clientId, email, position })));
}

export async function replaceTags(em: EntityManager, clientId: number, tags: string[], fresh = false): Promise<void> {
  if (!fresh) await em.delete(ClientTagEntity, { clientId });
  const unique = [...new Set(tags.map((t) => t.trim().toLowerCase()))];
  if (unique.length > 0) await em.insert(ClientTagEntity, unique.map((tag) => ({ clientId, tag })));
}
