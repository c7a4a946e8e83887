import { In, type EntityManager } from 'typeorm';
import { ClientEmailEntity, ClientEntity, ClientPhoneEntity, UserEntity, type ClientKind, type ClientLanguage, type MessageChannel } from '../../db/entities';
import { dateOnly } from '../clients/client.view';
import { clientZone } from '../campaigns/calling-hours';
import { clientLanguage } from './client-language';

/** What a message needs of its client: the fields templates name, the addresses, the language and zone. */
export type Recipient = {
  id: number;
  kind: ClientKind;
  name: string;
  organization: string | null;
  position: string | null;
  birthday: string | null;
  ownerId: number | null;
  ownerName: string | null;
  emails: string[];
  /** E.164 numbers (SMS goes to numbers the regions could read only). */
  phones: string[];
  language: ClientLanguage;
  timeZone: string;
};

/** The clients of `ids` (live ones), each with their addresses in the card's order. */
export async function loadRecipients(em: EntityManager, ids: number[], floorZone: string): Promise<Map<number, Recipient>> {
  const out = new Map<number, Recipient>();
  if (ids.length === 0) return out;
  const [clients, emails, phones] = await Promise.all([
    em.getRepository(ClientEntity).find({ where: { id: In(ids) } }),
    em.getRepository(ClientEmailEntity).find({ where: { clientId: In(ids) }, order: { position: 'ASC' } }),
    em.getRepository(ClientPhoneEntity).find({ where: { clientId: In(ids) }, order: { position: 'ASC' } }),
  ]);
  const ownerIds = [...new Set(clients.map((c) => c.ownerId).filter((o): o is number => o !== null))];
  const owners = new Map(ownerIds.length ? (await em.getRepository(UserEntity).find({ select: { id: true, name: true }, where: { id: In(ownerIds) } })).map((u) => [u.id, u.name]) : []);
  const emailsOf = groupBy(emails, (e) => e.clientId, (e) => e.email);
  const phonesOf = groupBy(phones.filter((p) => p.e164), (p) => p.clientId, (p) => p.e164!);
  for (const c of clients) {
    if (c.deletedAt) continue;
    const numbers = phonesOf.get(c.id) ?? [];
    out.set(c.id, {
      id: c.id,
      kind: c.kind,
      name: c.name,
      organization: c.kind === 'person' ? c.organization : null,
      position: c.position ?? null,
      birthday: dateOnly(c.birthday),
      ownerId: c.ownerId,
      ownerName: c.ownerId === null ? null : (owners.get(c.ownerId) ?? null),
      emails: emailsOf.get(c.id) ?? [],
      phones: numbers,
      language: clientLanguage(c.language, numbers[0]),
      timeZone: clientZone(c.timezone, numbers[0] ?? null, floorZone),
    });
  }
  return out;
}

/** The recipient's address on the channel: `wanted` when it is one of theirs, else the first. */
export function addressOf(r: Recipient, channel: MessageChannel, wanted?: string): string | null {
  const list = channel === 'email' ? r.emails : r.phones;
  if (wanted === undefined) return list[0] ?? null;
  const norm = (a: string) => (channel === 'email' ? a.trim().toLowerCase() : a.replace(/[^\d+]/g, ''));
  return list.find((a) => norm(a) === norm(wanted)) ?? null;
}

function groupBy<T, V>(rows: T[], key: (r: T) => number, value: (r: T) => V): Map<number, V[]> {
  const m = new Map<number, V[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(value(r));
    else m.set(key(r), [value(r)]);
  }
  return m;
}
