import { Brackets, In, type DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { transaction } from '../../db/transaction';
import { ClientEntity, ClientPhoneEntity, UserEntity, type ClientRow } from '../../db/entities';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import { badRequest, conflict, forbidden, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { ReadBudget } from '../read-budget/read-budget.service';
import { loadClientViews, replaceEmails, replacePhones, replaceTags } from './client-children';
import type { ClientLookupService } from './client-lookup.service';
import type { ClientView } from './client.view';
import type { CreateClientInput, ListClientsQuery, UpdateClientInput } from './clients.schemas';
import { organizationFields, peopleOf } from './organization-links';
import { recordStageChange } from './stage-history';

const SORT_COLUMNS: Record<ListClientsQuery['sort'], string> = {
  name: 'c.name_search',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  revenue: 'c.revenue',
  abcClass: 'c.abc_class',
};

/** Escapes LIKE wildcards so a user's "%" or "_" is searched for literally ("!" works in SQLite and MySQL alike). */
const likeEscape = (s: string) => s.replace(/[!%_]/g, (m) => `!${m}`);

/**
 * Fields an operator may not set: the class is computed, tier and potential are the manager's call, the
 * owner the supervisor's. `current` is the client as stored (an update): sending a field's current value
 * again is no change and is allowed. On creation an operator's client is their own (ownerId omitted or theirs).
 */
function assertMaySet(actor: Actor, input: Partial<CreateClientInput>, current?: Pick<ClientView, 'tier' | 'potential' | 'ownerId'>) {
  const changes = <K extends 'tier' | 'potential' | 'ownerId'>(k: K) => input[k] !== undefined && (!current || input[k] !== current[k]);
  if ((changes('tier') && (current || input.tier !== null)) || (changes('potential') && (current || input.potential !== null))) {
    if (!hasRole(actor.role, 'manager')) throw forbidden('Only managers set the service tier and potential');
  }
  if (hasRole(actor.role, 'supervisor')) return;
  if (current ? changes('ownerId') : input.ownerId !== undefined && input.ownerId !== actor.userId) {
    throw forbidden('Only supervisors and managers choose or change a client’s owner');
  }
}

export class ClientsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly lookup: ClientLookupService,
    private readonly region: PhoneRegions,
    /** Caps and audits how much of the base a user reads (lists and cards); none in unit-sized setups. */
    private readonly reads?: ReadBudget,
    /** Told when what the A/B/C ranking reads changes here (a deletion, a potential): the classes recompute soon. */
    private readonly onRankingInputs: () => void = () => undefined,
  ) {}

  /** A page of clients; with `actor`, the page size and the rows read count against the user's read budget. */
  async list(q: ListClientsQuery, actor?: Actor): Promise<{ items: ClientView[]; total: number }> {
    if (actor && this.reads) this.reads.checkPage(actor, q.limit);
    const settle = actor && this.reads ? await this.reads.reserve(actor, q.limit, { entity: 'client', list: 'clients', filters: q }) : undefined;
    let read = 0;
    try {
      const qb = await this.filtered(q);
      if (!qb) return { items: [], total: 0 };
      const direction = q.order === 'asc' ? 'ASC' : 'DESC';
      qb.orderBy(SORT_COLUMNS[q.sort], direction).addOrderBy('c.id', direction).offset(q.offset).limit(q.limit);
      const [rows, total] = await qb.getManyAndCount();
      read = rows.length;
      return { items: await loadClientViews(this.ds.manager, rows), total };
    } finally {
      await settle?.(read);
    }
  }

  /**
   * Every client the filters select, in the list's order, `pageSize` at a time (the export): the ids in
   * one statement, then the clients by id, so a large selection costs no OFFSET scans and no counts.
   */
  async *pages(q: Omit<ListClientsQuery, 'limit' | 'offset'>, pageSize = 1000): AsyncGenerator<ClientView[]> {
    const qb = await this.filtered(q);
    if (!qb) return;
    const direction = q.order === 'asc' ? 'ASC' : 'DESC';
    const ids = (await qb.select('c.id', 'id').orderBy(SORT_COLUMNS[q.sort], direction).addOrderBy('c.id', direction).getRawMany<{ id: number }>()).map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += pageSize) {
      const chunk = ids.slice(i, i + pageSize);
      const byId = new Map((await this.ds.getRepository(ClientEntity).findBy({ id: In(chunk) })).map((r) => [r.id, r]));
      const rows = chunk.map((id) => byId.get(id)).filter((r): r is ClientRow => r !== undefined && r.deletedAt === null);
      yield await loadClientViews(this.ds.manager, rows);
    }
  }

  /** How many clients the list's filters select now (a saved segment's live count): one COUNT, no rows read. */
  async count(q: Omit<ListClientsQuery, 'limit' | 'offset' | 'sort' | 'order'>): Promise<number> {
    const qb = await this.filtered({ ...q, sort: 'name', order: 'asc' });
    if (!qb) return 0;
    // COUNT(*) rather than getCount()'s COUNT(DISTINCT id): the filters join nothing, each row is one client.
    return Number((await qb.select('COUNT(*)', 'n').getRawOne<{ n: number | string }>())?.n ?? 0);
  }

  /** The list's filters as a query (no order, no paging); null when a phone filter matches nobody. */
  private async filtered(q: Omit<ListClientsQuery, 'limit' | 'offset'>): Promise<SelectQueryBuilder<ClientRow> | null> {
    const qb = this.ds.getRepository(ClientEntity).createQueryBuilder('c').where('c.deleted_at IS NULL');
    if (q.phone) {
      const id = await this.lookup.findIdByPhone(q.phone);
      if (id === null) return null;
      qb.andWhere('c.id = :phoneClientId', { phoneClientId: id });
    }
    if (q.q) {
      const term = q.q.toLowerCase();
      const digits = term.replace(/\D/g, '');
      const looksLikePhone = digits.length >= 5 && digits.length === term.replace(/[\s()+.-]/g, '').length;
      const phoneId = looksLikePhone ? await this.lookup.findIdByPhone(q.q) : null;
      // Words match at the start of the name or of any later word; numbers go through the phone index.
      qb.andWhere(
        new Brackets((w) => {
          w.where("c.name_search LIKE :prefix ESCAPE '!'", { prefix: `${likeEscape(term)}%` }).orWhere("c.name_search LIKE :word ESCAPE '!'", { word: `% ${likeEscape(term)}%` });
          if (term.includes('@')) w.orWhere('c.id IN (SELECT e.client_id FROM client_emails e WHERE e.email = :qEmail)', { qEmail: term });
          if (phoneId !== null) w.orWhere('c.id = :qPhoneId', { qPhoneId: phoneId });
        }),
      );
    }
    if (q.email) qb.andWhere('c.id IN (SELECT e.client_id FROM client_emails e WHERE e.email = :email)', { email: q.email.toLowerCase() });
    if (q.tag) qb.andWhere('c.id IN (SELECT t.client_id FROM client_tags t WHERE t.tag = :tag)', { tag: q.tag.toLowerCase() });
    if (q.class) qb.andWhere('c.abc_class IN (:...classes)', { classes: q.class });
    if (q.stage) qb.andWhere('c.stage IN (:...stages)', { stages: q.stage });
    if (q.tier) qb.andWhere('c.tier IN (:...tiers)', { tiers: q.tier });
    if (q.source) qb.andWhere('c.source = :source', { source: q.source });
    if (q.ownerId) qb.andWhere('c.owner_id = :ownerId', { ownerId: q.ownerId });
    if (q.kind) qb.andWhere('c.kind = :kind', { kind: q.kind });
    if (q.organizationId) qb.andWhere('c.organization_id = :organizationId', { organizationId: q.organizationId });
    return qb;
  }

  /** One client; with `actor`, it counts as one row read (opening cards one by one is paging too). */
  async get(id: number, actor?: Actor): Promise<ClientView> {
    const settle = actor && this.reads ? await this.reads.reserve(actor, 1, { entity: 'client', list: 'card' }) : undefined;
    let read = 0;
    try {
      const view = await this.view(this.ds.manager, id);
      read = 1;
      return view;
    } finally {
      await settle?.(read);
    }
  }

  async create(actor: Actor, input: CreateClientInput): Promise<ClientView> {
    assertMaySet(actor, input);
    return transaction(this.ds, async (em) => {
      const ownerId = input.ownerId === undefined ? (actor.role === 'operator' ? actor.userId : null) : input.ownerId;
      if (ownerId) await this.assertUser(em, ownerId);
      const now = new Date();
      const row: Omit<ClientRow, 'id'> = {
        kind: input.kind,
        name: input.name,
        nameSearch: input.name.toLowerCase(),
        ...(await organizationFields(em, input)),
        position: input.position ?? null,
        birthday: input.birthday ?? null,
        source: input.source ?? null,
        ownerId,
        stage: input.stage,
        abcClass: null,
        potential: input.potential ?? null,
        tier: input.tier ?? null,
        timezone: input.timezone ?? null,
        language: input.language ?? null,
        revenue: 0,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      };
      const { identifiers } = await em.insert(ClientEntity, row);
      const id = identifiers[0]!.id as number;
      await replacePhones(em, id, input.phones, this.region, true);
      await replaceEmails(em, id, input.emails, true);
      await replaceTags(em, id, input.tags, true);
      await recordStageChange(em, { clientId: id, from: null, to: row.stage, at: now, byId: actor.userId });
      const created = await this.view(em, id);
      await this.audit.record(em, actor, 'create', 'client', id, null, created);
      return created;
    });
  }

  async update(actor: Actor, id: number, input: UpdateClientInput): Promise<ClientView> {
    const { before, after } = await transaction(this.ds, async (em) => {
      const before = await this.view(em, id);
      assertMaySet(actor, input, before);
      if (input.ownerId) await this.assertUser(em, input.ownerId);
      const { phones, emails, tags, ...fields } = input;
      const now = new Date();
      const becomesPerson = before.kind === 'organization' && fields.kind === 'person';
      if (becomesPerson && (await peopleOf(em, id)).length > 0) throw conflict('The organization has contact people: move or unlink them first');
      const touchesOrganization = fields.kind !== undefined || fields.name !== undefined || fields.organization !== undefined || fields.organizationId !== undefined;
      const organization = touchesOrganization ? await organizationFields(em, fields, before) : {};
      await em.update(ClientEntity, { id }, { ...fields, ...organization, ...(fields.name && { nameSearch: fields.name.toLowerCase() }), updatedAt: now });
      // A renamed organization: its people's text mirrors the name (derived, so audited once, on the organization).
      if (before.kind === 'organization' && fields.name && fields.name !== before.name && !becomesPerson) {
        await em.update(ClientEntity, { organizationId: id }, { organization: fields.name });
      }
      if (fields.stage) await recordStageChange(em, { clientId: id, from: before.stage, to: fields.stage, at: now, byId: actor.userId });
      if (phones) await replacePhones(em, id, phones, this.region);
      if (emails) await replaceEmails(em, id, emails);
      if (tags) await replaceTags(em, id, tags);
      const after = await this.view(em, id);
      await this.audit.record(em, actor, 'update', 'client', id, before, after);
      return { before, after };
    });
    if (before.potential !== after.potential) this.onRankingInputs();
    return after;
  }

  /**
   * A lead for an unknown caller, created by the call log inside its own transaction (no human actor).
   * Returns the new client's id.
   */
  async createLead(em: EntityManager, lead: { phone: string; name: string | null }): Promise<number> {
    const now = new Date();
    const name = lead.name?.trim() || lead.phone;
    const row: Omit<ClientRow, 'id'> = {
      kind: 'person', name, nameSearch: name.toLowerCase(), organization: null, organizationId: null, position: null, birthday: null, source: 'inbound_call', ownerId: null,
      stage: 'lead', abcClass: null, potential: null, tier: null, timezone: null, revenue: 0, createdAt: now, updatedAt: now, deletedAt: null,
    };
    const { identifiers } = await em.insert(ClientEntity, row);
    const id = identifiers[0]!.id as number;
    // The caller's number was just looked up and found free: insert it without another check (the unique
    // index still guards a race, and the call log's transaction retries).
    const phone = normalizePhone(lead.phone, this.region);
    await em.insert(ClientPhoneEntity, { clientId: id, e164: phone.e164, raw: phone.raw, digits: phone.digits, revDigits: phone.revDigits, position: 0 });
    await recordStageChange(em, { clientId: id, from: null, to: row.stage, at: now, byId: null });
    await this.audit.record(em, null, 'create', 'client', id, null, { id, name, stage: row.stage, source: row.source, phones: [{ e164: phone.e164, raw: phone.raw }] });
    return id;
  }

  /**
   * The client a website lead is about: by its normalized phone (the caller lookup), else by e-mail.
   * Read before the lead's transaction; null when the lead is a new client.
   */
  async findLeadTarget(phone: string | null, email: string | null): Promise<number | null> {
    const byPhone = phone ? await this.lookup.findIdByPhone(phone) : null;
    if (byPhone !== null || !email) return byPhone;
    const [row] = await this.ds.query('SELECT c.id AS id FROM client_emails e JOIN clients c ON c.id = e.client_id WHERE e.email = ? AND c.deleted_at IS NULL ORDER BY c.id LIMIT 1', [email.toLowerCase()]);
    return row ? Number(row.id) : null;
  }

  /**
   * A website lead, in the caller's transaction, with no human actor: a new client (stage lead, `source`
   * the lead source's name) or, for `existingId`, the phone and e-mail added when missing and the source
   * set when the client had none (an older attribution is kept). Audited with no actor.
   */
  async captureLead(em: EntityManager, lead: { name: string; phone: string | null; email: string | null; source: string }, existingId: number | null): Promise<{ id: number; ownerId: number | null; created: boolean }> {
    const now = new Date();
    if (existingId === null) {
      const row: Omit<ClientRow, 'id'> = {
        kind: 'person', name: lead.name, nameSearch: lead.name.toLowerCase(), organization: null, organizationId: null, position: null, birthday: null, source: lead.source, ownerId: null,
        stage: 'lead', abcClass: null, potential: null, tier: null, timezone: null, revenue: 0, createdAt: now, updatedAt: now, deletedAt: null,
      };
      const { identifiers } = await em.insert(ClientEntity, row);
      const id = identifiers[0]!.id as number;
      const phone = lead.phone ? normalizePhone(lead.phone, this.region) : null;
      // findLeadTarget found the number free just now: inserted without reading it again. A lead that took
      // it meanwhile trips the unique index: a conflict, and the caller's retry finds that client.
      if (phone) {
        await em.insert(ClientPhoneEntity, { clientId: id, e164: phone.e164, raw: phone.raw.slice(0, 64), digits: phone.digits.slice(0, 32), revDigits: phone.revDigits.slice(0, 32), position: 0 }).catch((err: unknown) => {
          const code = (err as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (err as { code?: string }).code ?? '';
          if (code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT')) throw conflict(`The number ${phone.e164} belongs to another client`);
          throw err;
        });
      }
      await replaceEmails(em, id, lead.email ? [lead.email] : [], true);
      await recordStageChange(em, { clientId: id, from: null, to: row.stage, at: now, byId: null });
      // The snapshot from what was written (as createLead does): no second read on the public endpoint's path.
      const phones = phone ? [{ e164: phone.e164, raw: phone.raw }] : [];
      await this.audit.record(em, null, 'create', 'client', id, null, { id, name: row.name, stage: row.stage, source: row.source, phones, emails: lead.email ? [lead.email.toLowerCase()] : [] });
      return { id, ownerId: null, created: true };
    }
    const before = await this.view(em, existingId);
    const phone = lead.phone ? normalizePhone(lead.phone, this.region) : null;
    const addPhone = phone !== null && !before.phones.some((p) => (phone.e164 ? p.e164 === phone.e164 : normalizePhone(p.raw, this.region).digits === phone.digits));
    const addEmail = lead.email !== null && !before.emails.includes(lead.email.toLowerCase());
    const setSource = before.source === null || before.source === '';
    if (addPhone) await replacePhones(em, existingId, [...before.phones.map((p) => p.raw), lead.phone!], this.region);
    if (addEmail) await replaceEmails(em, existingId, [...before.emails, lead.email!]);
    await em.update(ClientEntity, { id: existingId }, { ...(setSource && { source: lead.source }), updatedAt: now });
    if (addPhone || addEmail || setSource) await this.audit.record(em, null, 'update', 'client', existingId, before, await this.view(em, existingId));
    return { id: existingId, ownerId: before.ownerId, created: false };
  }

  /** Soft delete: the row and its history stay; its numbers are released so a new client can take them. */
  async remove(actor: Actor, id: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      const before = await this.view(em, id);
      await em.update(ClientEntity, { id }, { deletedAt: new Date(), updatedAt: new Date() });
      await em.delete(ClientPhoneEntity, { clientId: id });
      await this.audit.record(em, actor, 'delete', 'client', id, before, null);
      // Its people stay, unlinked, with the organization's name as typed text.
      for (const personId of before.kind === 'organization' ? await peopleOf(em, id) : []) {
        await em.update(ClientEntity, { id: personId }, { organizationId: null, updatedAt: new Date() });
        await this.audit.record(em, actor, 'update', 'client', personId, { organizationId: id }, { organizationId: null });
      }
    });
    this.onRankingInputs();
  }

  private async view(em: EntityManager, id: number): Promise<ClientView> {
    const row = await em.findOneBy(ClientEntity, { id });
    if (!row || row.deletedAt) throw notFound('Client');
    return (await loadClientViews(em, [row]))[0]!;
  }

  private async assertUser(em: EntityManager, userId: number) {
    if (!(await em.existsBy(UserEntity, { id: userId }))) throw badRequest(`User ${userId} does not exist`);
  }
}
