import { In, type DataSource } from 'typeorm';
import { ClientEntity, type ClientRow } from '../../db/entities';
import { notFound } from '../../http/errors';
import { MIN_SUFFIX_DIGITS } from '../../phone/phone-number';
import type { Actor } from '../auth/actor';
import { loadClientViews } from '../clients/client-children';
import type { ClientView } from '../clients/client.view';
import type { ReadBudget } from '../read-budget/read-budget.service';
import type { DuplicateReason, ListDuplicatesQuery } from './duplicates.schemas';
import { keyIdentifies, nameKey, nameKeyUpdate } from './name-key';

/** The last digits two spellings of one number share (a national number is 9–10 digits in RU/UA), as the caller lookup. */
export const SUFFIX_DIGITS = 9;
/** Members of a group shown (a common name can gather hundreds; `size` says how many). */
const GROUP_SHOWN = 20;
/** A client's likely duplicates shown on its card. */
const CANDIDATES_SHOWN = 20;
/** How likely a reason alone means the same client. */
export const REASON_SCORE: Record<DuplicateReason, number> = { phone: 0.95, email: 0.9, name: 0.6 };
const REASON_ORDER: DuplicateReason[] = ['phone', 'email', 'name'];
/** Suffixes or e-mails per statement. */
const BATCH = 200;
/** Keys computed per request at most (rows written by raw SQL since the last one). */
const FILL_MAX = 50_000;
/**
 * How long a reason's groups (keys and ids, not the clients) are reused for the next pages: at 1M clients
 * grouping the names takes about a second. The clients of a page are always read live, so a merged or
 * deleted client never shows; a group left with one client is dropped from its page.
 */
const GROUPS_TTL_MS = 30_000;

export type DuplicateGroup = {
  reason: DuplicateReason;
  /** The shared value: the number's last digits, the e-mail, or the name key. */
  key: string;
  score: number;
  /** Live clients in the group; `clients` holds the newest GROUP_SHOWN of them. */
  size: number;
  clients: ClientView[];
};

export type ClientDuplicate = { client: ClientView; reasons: DuplicateReason[]; score: number };

type Group = { reason: DuplicateReason; key: string; kind: string; size: number; top: number; ids?: number[] };
type Row = Record<string, unknown>;

/**
 * The range of reversed-digit strings that start with `prefix`: [prefix, the next digit string), so both
 * bounds are digits and compare alike in every collation (':' sorts before digits in MariaDB's unicode ones).
 * A prefix of nines only ("999") has no next: its bound is past every digit string ("a" sorts after digits).
 */
const suffixRange = (prefix: string): [string, string] => {
  const head = prefix.replace(/9+$/, '');
  return [prefix, head === '' ? 'a' : `${head.slice(0, -1)}${Number(head.slice(-1)) + 1}`];
};
const suffixOf = (revDigits: string) => revDigits.slice(0, SUFFIX_DIGITS);

/**
 * Likely duplicates among live clients, found through indexes, never by comparing every pair:
 * - phone: E.164 is unique, so two clients share a number only when one spelling did not normalize
 *   ('8 916 …' kept raw beside '+7916…'): each unparsed number's last 9 digits are looked up by range on
 *   the reversed-digits index;
 * - e-mail: e-mails held by more than one client (the e-mail index, grouped);
 * - name: equal name keys (lower case, ё→е, no punctuation or legal form, words sorted: name-key.ts),
 *   grouped on the (name_key, kind, deleted_at) index.
 * Only clients of one kind group together: an organization and a person are not merged.
 */
export class DuplicatesService {
  private readonly cache = new Map<DuplicateReason, { at: number; groups: Group[] }>();

  constructor(
    private readonly ds: DataSource,
    /** Clients shown count against the reader's budget, as the list's do. */
    private readonly reads?: ReadBudget,
  ) {}

  async list(q: ListDuplicatesQuery, actor?: Actor): Promise<{ items: DuplicateGroup[]; total: number }> {
    const reasons = q.reason ? [q.reason] : REASON_ORDER;
    const groups: Group[] = [];
    for (const reason of reasons) groups.push(...(await this.groups(reason)));
    const page = groups.slice(q.offset, q.offset + q.limit).map((g) => ({ ...g }));
    for (const g of page) g.ids ??= await this.nameGroupIds(g);
    const ids = [...new Set(page.flatMap((g) => newest(g.ids!)))];
    const settle = actor && this.reads ? await this.reads.reserve(actor, ids.length, { entity: 'client', list: 'duplicates', filters: q }) : undefined;
    let read = 0;
    try {
      const views = await this.views(ids);
      read = views.size;
      const items: DuplicateGroup[] = [];
      for (const g of page) {
        let clients = newest(g.ids!).map((id) => views.get(id)).filter((v): v is ClientView => v !== undefined);
        if (g.reason === 'name') clients = await this.dropStaleKeys(g.key, clients);
        if (clients.length >= 2) items.push({ reason: g.reason, key: g.key, score: groupScore(g.reason, g.size), size: g.size, clients });
      }
      return { items, total: groups.length };
    } finally {
      await settle?.(read);
    }
  }

  /** One client's likely duplicates (its card): by any of its numbers, e-mails, or its name; best first. */
  async forClient(id: number, actor?: Actor): Promise<{ items: ClientDuplicate[] }> {
    const row = await this.ds.getRepository(ClientEntity).findOneBy({ id });
    if (!row || row.deletedAt) throw notFound('Client');
    const reasons = new Map<number, Set<DuplicateReason>>();
    const add = (otherId: number, reason: DuplicateReason) => {
      if (otherId === id) return;
      if (!reasons.has(otherId)) reasons.set(otherId, new Set());
      reasons.get(otherId)!.add(reason);
    };
    // Phones: the same last digits where at least one side did not normalize (two E.164 numbers differ).
    const phones: { e164: string | null; rev: string; digits: string }[] = await this.ds.query('SELECT e164, rev_digits AS rev, digits FROM client_phones WHERE client_id = ?', [id]);
    const own = phones.filter((p) => p.digits.length >= MIN_SUFFIX_DIGITS);
    if (own.length > 0) {
      const ranges = own.map((p) => suffixRange(suffixOf(p.rev)));
      const rows: Row[] = await this.ds.query(
        `SELECT p.client_id AS id, p.e164 AS e164, p.rev_digits AS rev FROM client_phones p JOIN clients c ON c.id = p.client_id
         WHERE c.deleted_at IS NULL AND c.kind = ? AND p.client_id <> ? AND (${ranges.map(() => '(p.rev_digits >= ? AND p.rev_digits < ?)').join(' OR ')})`,
        [row.kind, id, ...ranges.flat()],
      );
      for (const r of rows) {
        const mine = own.find((p) => String(r.rev).startsWith(suffixOf(p.rev)));
        if (mine && (mine.e164 === null || r.e164 === null)) add(Number(r.id), 'phone');
      }
    }
    const emails: { email: string }[] = await this.ds.query('SELECT email FROM client_emails WHERE client_id = ?', [id]);
    if (emails.length > 0) {
      const rows: Row[] = await this.ds.query(
        `SELECT DISTINCT e.client_id AS id FROM client_emails e JOIN clients c ON c.id = e.client_id
         WHERE c.deleted_at IS NULL AND c.kind = ? AND e.client_id <> ? AND e.email IN (${emails.map(() => '?').join(',')})`,
        [row.kind, id, ...emails.map((e) => e.email)],
      );
      for (const r of rows) add(Number(r.id), 'email');
    }
    const key = nameKey(row.name);
    if (keyIdentifies(key, row.kind)) {
      await this.fillNameKeys();
      const rows: Row[] = await this.ds.query('SELECT id FROM clients WHERE name_key = ? AND kind = ? AND deleted_at IS NULL AND id <> ? ORDER BY id DESC LIMIT ?', [key, row.kind, id, CANDIDATES_SHOWN]);
      for (const r of rows) add(Number(r.id), 'name');
    }
    const ranked = [...reasons]
      .map(([otherId, why]) => ({ id: otherId, reasons: REASON_ORDER.filter((r) => why.has(r)), score: combined([...why]) }))
      .sort((a, b) => b.score - a.score || b.id - a.id)
      .slice(0, CANDIDATES_SHOWN);
    if (ranked.length === 0) return { items: [] };
    const settle = actor && this.reads ? await this.reads.reserve(actor, ranked.length, { entity: 'client', list: 'duplicates' }) : undefined;
    let read = 0;
    try {
      const views = await this.views(ranked.map((r) => r.id));
      read = views.size;
      const items = ranked.flatMap((r) => {
        const client = views.get(r.id);
        if (!client) return [];
        // A stale key (a name written by raw SQL) is no reason.
        const reasonsNow = r.reasons.filter((why) => why !== 'name' || nameKey(client.name) === key);
        return reasonsNow.length > 0 ? [{ client, reasons: reasonsNow, score: combined(reasonsNow) }] : [];
      });
      return { items };
    } finally {
      await settle?.(read);
    }
  }

  /**
   * Computes the name keys rows written by raw SQL lack (an import's INSERT): a bounded amount per call,
   * the first NULL keys of the index in its order (an ORDER BY id would sort every NULL row each time), so a
   * base with none costs one index probe.
   */
  async fillNameKeys(): Promise<number> {
    let filled = 0;
    while (filled < FILL_MAX) {
      const rows: { id: number; name: string }[] = await this.ds.query('SELECT id, name FROM clients WHERE name_key IS NULL LIMIT 1000');
      if (rows.length === 0) break;
      await this.ds.query(...nameKeyUpdate(rows));
      filled += rows.length;
    }
    return filled;
  }

  /** A reason's groups, newest first: computed, or as computed less than GROUPS_TTL_MS ago on this node. */
  private async groups(reason: DuplicateReason): Promise<Group[]> {
    const cached = this.cache.get(reason);
    if (cached && Date.now() - cached.at < GROUPS_TTL_MS) return cached.groups;
    if (reason === 'name') await this.fillNameKeys();
    const found = reason === 'phone' ? await this.phoneGroups() : reason === 'email' ? await this.emailGroups() : await this.nameGroups();
    found.sort((a, b) => b.top - a.top || (a.key < b.key ? -1 : 1));
    this.cache.set(reason, { at: Date.now(), groups: found });
    return found;
  }

  /** Forgets the groups (a merge just changed them). */
  forget(): void {
    this.cache.clear();
  }

  private async phoneGroups(): Promise<Group[]> {
    const unparsed: { rev: string }[] = await this.ds.query('SELECT DISTINCT p.rev_digits AS rev FROM client_phones p WHERE p.e164 IS NULL');
    const suffixes = [...new Set(unparsed.map((p) => String(p.rev)).filter((r) => r.length >= MIN_SUFFIX_DIGITS).map(suffixOf))];
    const groups = new Map<string, Group>();
    for (let i = 0; i < suffixes.length; i += BATCH) {
      const batch = suffixes.slice(i, i + BATCH);
      const ranges = batch.map(suffixRange);
      const rows: Row[] = await this.ds.query(
        `SELECT p.client_id AS id, p.rev_digits AS rev, c.kind AS kind FROM client_phones p JOIN clients c ON c.id = p.client_id
         WHERE c.deleted_at IS NULL AND (${ranges.map(() => '(p.rev_digits >= ? AND p.rev_digits < ?)').join(' OR ')})`,
        ranges.flat(),
      );
      for (const suffix of batch) {
        const members = rows.filter((r) => String(r.rev).startsWith(suffix));
        for (const g of byKind('phone', [...suffix].reverse().join(''), members)) groups.set(g.ids!.join(','), g);
      }
    }
    return [...groups.values()];
  }

  private async emailGroups(): Promise<Group[]> {
    // The index alone (a client holds an e-mail once), then the live holders of the few shared ones.
    const shared: { email: string }[] = await this.ds.query('SELECT email FROM client_emails GROUP BY email HAVING COUNT(*) > 1');
    const groups: Group[] = [];
    for (let i = 0; i < shared.length; i += BATCH) {
      const batch = shared.slice(i, i + BATCH).map((e) => e.email);
      const rows: Row[] = await this.ds.query(
        `SELECT e.email AS email, e.client_id AS id, c.kind AS kind FROM client_emails e JOIN clients c ON c.id = e.client_id
         WHERE c.deleted_at IS NULL AND e.email IN (${batch.map(() => '?').join(',')})`,
        batch,
      );
      const byEmail = new Map<string, Row[]>();
      for (const r of rows) byEmail.set(String(r.email), [...(byEmail.get(String(r.email)) ?? []), r]);
      for (const [email, members] of byEmail) groups.push(...byKind('email', email, members));
    }
    return groups;
  }

  private async nameGroups(): Promise<Group[]> {
    const rows: Row[] = await this.ds.query(
      `SELECT name_key AS k, kind, COUNT(*) AS n, MAX(id) AS top FROM clients
       WHERE name_key IS NOT NULL AND name_key <> '' AND deleted_at IS NULL AND (kind = 'organization' OR name_key LIKE '% %')
       GROUP BY name_key, kind HAVING COUNT(*) > 1`,
    );
    return rows.map((r) => ({ reason: 'name', key: String(r.k), kind: String(r.kind), size: Number(r.n), top: Number(r.top) }));
  }

  private async nameGroupIds(g: Group): Promise<number[]> {
    const rows: Row[] = await this.ds.query('SELECT id FROM clients WHERE name_key = ? AND kind = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT ?', [g.key, g.kind, GROUP_SHOWN]);
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }

  /** A group member whose name no longer gives the key (renamed by raw SQL) gets its key fixed and leaves the group. */
  private async dropStaleKeys(key: string, clients: ClientView[]): Promise<ClientView[]> {
    const stale = clients.filter((c) => nameKey(c.name) !== key);
    if (stale.length > 0) await this.ds.query(...nameKeyUpdate(stale));
    return clients.filter((c) => nameKey(c.name) === key);
  }

  private async views(ids: number[]): Promise<Map<number, ClientView>> {
    if (ids.length === 0) return new Map();
    const rows: ClientRow[] = (await this.ds.getRepository(ClientEntity).findBy({ id: In(ids) })).filter((r) => r.deletedAt === null);
    return new Map((await loadClientViews(this.ds.manager, rows)).map((v) => [v.id, v]));
  }
}

/** The newest members first, at most GROUP_SHOWN. */
const newest = (ids: number[]) => [...ids].sort((a, b) => b - a).slice(0, GROUP_SHOWN);

/** Groups of two or more distinct clients of one kind among `members` (rows with id and kind). */
function byKind(reason: DuplicateReason, key: string, members: Row[]): Group[] {
  const kinds = new Map<string, Set<number>>();
  for (const m of members) {
    const kind = String(m.kind);
    if (!kinds.has(kind)) kinds.set(kind, new Set());
    kinds.get(kind)!.add(Number(m.id));
  }
  return [...kinds]
    .filter(([, ids]) => ids.size > 1)
    .map(([kind, set]) => {
      const ids = [...set].sort((a, b) => a - b);
      return { reason, key, kind, size: ids.length, top: ids[ids.length - 1]!, ids };
    });
}

/** Several independent reasons: the chance that none of them means the same client, taken away from 1. */
const combined = (reasons: DuplicateReason[]) => Math.round((1 - reasons.reduce((p, r) => p * (1 - REASON_SCORE[r]), 1)) * 100) / 100;

/** A name shared by many is more likely namesakes than one client entered twice. */
const groupScore = (reason: DuplicateReason, size: number) => (reason === 'name' ? Math.round((REASON_SCORE.name / Math.max(1, size - 1)) * 100) / 100 : REASON_SCORE[reason]);
