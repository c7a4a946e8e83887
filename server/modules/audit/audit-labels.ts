import { In, type DataSource } from 'typeorm';
import { CallbackEntity, CallEntity, ClientEntity, DealEntity, RoutingRuleEntity, TeamEntity, UserEntity } from '../../db/entities';

/** What the audit list adds to an entry so a reader sees names, not ids. */
export type AuditLabels = {
  /** Who did it, by name (null for the system). */
  actorName: string | null;
  /**
   * What it is about, by name: the client's, user's, team's or rule's name; for a callback, deal, note or
   * call the client's name (a deal with its title); a setting's key; a login for sign-in entries. Null when
   * the entry is about many objects (an export of the client base) or the object is unknown.
   */
  entityLabel: string | null;
  /** The client the entry concerns (the card to open), or null. */
  clientId: number | null;
};

type Entry = { actorId: number | null; entity: string; entityId: string; before: unknown; after: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numericId = (s: string) => (/^\d{1,15}$/.test(s) ? Number(s) : null);
const snapshotOf = (e: Entry) => (isRecord(e.after) ? e.after : isRecord(e.before) ? e.before : null);
const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Names for a page of audit entries, read with one query per kind of object (a page is at most 500
 * entries). Deleted objects keep their name from the entry's own snapshot.
 */
export async function labelAuditEntries(ds: DataSource, entries: readonly Entry[]): Promise<AuditLabels[]> {
  const ids = (entity: string) => [...new Set(entries.filter((e) => e.entity === entity).map((e) => numericId(e.entityId)).filter((id): id is number => id !== null))];
  const [callbacks, calls] = await Promise.all([
    ids('callback').length ? ds.getRepository(CallbackEntity).find({ where: { id: In(ids('callback')) }, select: { id: true, clientId: true } }) : [],
    ids('call').length ? ds.getRepository(CallEntity).find({ where: { id: In(ids('call')) }, select: { id: true, clientId: true, externalNumber: true } }) : [],
  ]);
  const callbackClient = new Map(callbacks.map((c) => [c.id, c.clientId]));
  const callOf = new Map(calls.map((c) => [c.id, c]));

  const clientIdOf = (e: Entry): number | null => {
    const id = numericId(e.entityId);
    if (e.entity === 'client') return id;
    if (e.entity === 'callback' && id !== null && callbackClient.has(id)) return callbackClient.get(id)!;
    if (e.entity === 'call' && id !== null && callOf.get(id)?.clientId != null) return callOf.get(id)!.clientId;
    const cid = snapshotOf(e)?.clientId;
    return typeof cid === 'number' ? cid : null;
  };
  const clientIds = [...new Set(entries.map(clientIdOf).filter((id): id is number => id !== null))];
  const userIds = [...new Set([...entries.map((e) => e.actorId).filter((id): id is number => id !== null), ...ids('user')])];
  const [clients, users, teams, rules] = await Promise.all([
    clientIds.length ? ds.getRepository(ClientEntity).find({ where: { id: In(clientIds) }, select: { id: true, name: true } }) : [],
    userIds.length ? ds.getRepository(UserEntity).find({ where: { id: In(userIds) }, select: { id: true, name: true } }) : [],
    ids('team').length ? ds.getRepository(TeamEntity).find({ where: { id: In(ids('team')) }, select: { id: true, name: true } }) : [],
    ids('routing_rule').length ? ds.getRepository(RoutingRuleEntity).find({ where: { id: In(ids('routing_rule')) }, select: { id: true, name: true } }) : [],
  ]);
  const deals = ids('deal').length ? await ds.getRepository(DealEntity).find({ where: { id: In(ids('deal')) }, select: { id: true, title: true } }) : [];
  const names = {
    client: new Map(clients.map((c) => [c.id, c.name])),
    user: new Map(users.map((u) => [u.id, u.name])),
    team: new Map(teams.map((t) => [t.id, t.name])),
    routing_rule: new Map(rules.map((r) => [r.id, r.name])),
    deal: new Map(deals.map((d) => [d.id, d.title])),
  };

  return entries.map((e) => {
    const id = numericId(e.entityId);
    const snap = snapshotOf(e);
    const clientId = clientIdOf(e);
    const clientName = clientId === null ? null : (names.client.get(clientId) ?? (e.entity === 'client' ? str(snap?.name) : null));
    let entityLabel: string | null;
    switch (e.entity) {
      case 'client':
        entityLabel = id === null ? null : clientName;
        break;
      case 'user':
        entityLabel = (id !== null ? names.user.get(id) : undefined) ?? str(snap?.name) ?? str(snap?.login) ?? (id === null ? e.entityId : null);
        break;
      case 'team':
      case 'routing_rule':
        entityLabel = (id !== null ? names[e.entity].get(id) : undefined) ?? str(snap?.name);
        break;
      case 'deal': {
        const title = (id !== null ? names.deal.get(id) : undefined) ?? str(snap?.title);
        entityLabel = [title, clientName].filter(Boolean).join(' — ') || null;
        break;
      }
      case 'call':
        entityLabel = clientName ?? (id !== null ? (callOf.get(id)?.externalNumber ?? null) : null);
        break;
      case 'dnc':
        // A do-not-call entry is named by its number (an import's summary entry by "import").
        entityLabel = str(snap?.phone) ?? e.entityId;
        break;
      case 'callback':
      case 'note':
        entityLabel = clientName;
        break;
      default:
        // A setting's key, a login (sign-in entries): the id is the name.
        entityLabel = id === null ? e.entityId : null;
    }
    return { actorName: e.actorId === null ? null : (names.user.get(e.actorId) ?? null), entityLabel, clientId };
  });
}
