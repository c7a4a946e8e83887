import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../../db/transaction';
import { ClientEntity, ClientTagEntity, FUNNEL_STAGES, type ClientRow, type FunnelStage } from '../../db/entities';
import { AppError, badRequest, forbidden, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { loadClientViews } from '../clients/client-children';
import { dateOnly, type ClientView } from '../clients/client.view';
import { REVENUE_MAX } from '../clients/clients.schemas';
import { recordStageChange } from '../clients/stage-history';
import { SUFFIX_DIGITS } from './duplicates.service';

/**
 * Every table whose rows belong to a client by `client_id` and move to the survivor as they are (the
 * client's history). Phones, e-mails and tags are united apart; people of an organization by
 * `organization_id`. The audit log keeps its entries about the duplicate (they are its history).
 * A new table with a client_id column belongs here (tests/integration/duplicates.test.ts checks the schema).
 */
export const HISTORY_TABLES = { calls: 'calls', deals: 'deals', notes: 'client_notes', callbacks: 'callbacks', stageChanges: 'client_stage_changes', leads: 'leads' } as const;
type HistoryKey = keyof typeof HISTORY_TABLES;

export type MergeCounts = Record<HistoryKey, number> & { people: number; phones: number; emails: number; tags: number };
export type MergePreview = { survivor: ClientView; duplicate: ClientView; moves: MergeCounts; revenue: number; fills: string[] };
export type MergeResult = { client: ClientView; duplicateId: number; moved: MergeCounts; fills: string[] };

/** Fields the survivor takes from the duplicate when it has none. */
const FILLABLE = ['birthday', 'source', 'ownerId', 'position', 'timezone', 'potential', 'tier'] as const;

/** Funnel progress: the survivor takes the duplicate's stage when it is further along; "lost" is behind every live stage. */
const STAGE_RANK = (s: FunnelStage) => (s === 'lost' ? -1 : FUNNEL_STAGES.indexOf(s));

type PhoneRow = { id: number; e164: string | null; raw: string; digits: string; rev: string; position: number };
type Plan = {
  movePhones: number[];
  dropPhones: number[];
  /** A survivor's number kept raw that the duplicate has normalized: the survivor's row takes the E.164 form. */
  upgradePhones: { survivorRow: number; from: PhoneRow }[];
  moveEmails: number[];
  dropEmails: number[];
  addTags: string[];
  fields: Partial<ClientRow>;
  fills: string[];
  revenue: number;
};

/**
 * Merges two clients into one (survivor = the one kept): the duplicate's calls, deals, notes, callbacks,
 * funnel moves, website leads and contact people move to the survivor, phones, e-mails and tags are united,
 * the survivor's empty fields are filled from the duplicate, its revenue adds the duplicate's, and the
 * duplicate is soft-deleted with its numbers released. One transaction, both clients' rows locked first, so
 * two merges of one pair cannot both succeed. Counts (KPIs, contacts rollups) are by operator and day, not
 * by client: merging moves no figure; the A/B/C classes recompute because revenue moved.
 */
export class ClientMergeService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    /** After a merge: revenue moved (the A/B/C classes recompute soon), the duplicate groups changed. */
    private readonly onRankingInputs: () => void = () => undefined,
  ) {}

  /** What a merge would do, for the confirmation: both clients, the rows that move and the fields filled. */
  async preview(survivorId: number, duplicateId: number): Promise<MergePreview> {
    const em = this.ds.manager;
    const [s, d] = await this.pair(em, survivorId, duplicateId, false);
    const [survivor, duplicate] = await loadClientViews(em, [s, d]);
    const plan = await this.plan(em, s, d, survivor!, duplicate!);
    return { survivor: survivor!, duplicate: duplicate!, moves: await this.counts(em, d, plan), revenue: plan.revenue, fills: plan.fills };
  }

  async merge(actor: Actor, survivorId: number, duplicateId: number): Promise<MergeResult> {
    if (!hasRole(actor.role, 'manager')) throw forbidden('Only managers merge clients');
    const result = await transaction(this.ds, async (em) => {
      const [s, d] = await this.pair(em, survivorId, duplicateId, true);
      const [before, dup] = await loadClientViews(em, [s, d]);
      const plan = await this.plan(em, s, d, before!, dup!);
      const moved = await this.counts(em, d, plan);
      const now = new Date();
      for (const table of Object.values(HISTORY_TABLES)) await em.query(`UPDATE ${table} SET client_id = ? WHERE client_id = ?`, [s.id, d.id]);
      // An organization's people (live and deleted, so nothing points at the duplicate) join the survivor.
      if (d.kind === 'organization') await em.update(ClientEntity, { organizationId: d.id }, { organizationId: s.id, organization: s.name, updatedAt: now });
      // Phones: the duplicate's rows leave first (E.164 is unique), then the survivor's raw ones take the normalized form.
      if (plan.dropPhones.length + plan.upgradePhones.length > 0) await em.query(`DELETE FROM client_phones WHERE id IN (${[...plan.dropPhones, ...plan.upgradePhones.map((u) => u.from.id)].join(',')})`);
      for (const u of plan.upgradePhones) await em.query('UPDATE client_phones SET e164 = ?, raw = ?, digits = ?, rev_digits = ? WHERE id = ?', [u.from.e164, u.from.raw, u.from.digits, u.from.rev, u.survivorRow]);
      let position = before!.phones.length;
      for (const id of plan.movePhones) await em.query('UPDATE client_phones SET client_id = ?, position = ? WHERE id = ?', [s.id, position++, id]);
      if (plan.dropEmails.length > 0) await em.query(`DELETE FROM client_emails WHERE id IN (${plan.dropEmails.join(',')})`);
      position = before!.emails.length;
      for (const id of plan.moveEmails) await em.query('UPDATE client_emails SET client_id = ?, position = ? WHERE id = ?', [s.id, position++, id]);
      if (plan.addTags.length > 0) await em.insert(ClientTagEntity, plan.addTags.map((tag) => ({ clientId: s.id, tag })));
      await em.delete(ClientTagEntity, { clientId: d.id });
      if (plan.fields.stage) await recordStageChange(em, { clientId: s.id, from: s.stage, to: plan.fields.stage, at: now, byId: actor.userId });
      await em.update(ClientEntity, { id: s.id }, { ...plan.fields, revenue: plan.revenue, updatedAt: now });
      // The duplicate: deleted, its revenue now the survivor's (nothing counts it twice).
      await em.update(ClientEntity, { id: d.id }, { deletedAt: now, updatedAt: now, revenue: 0 });
      const [after] = await loadClientViews(em, [await em.findOneByOrFail(ClientEntity, { id: s.id })]);
      await this.audit.record(em, actor, 'merge', 'client', s.id, { survivor: before, duplicate: dup }, { survivor: after, duplicateId: d.id, moved, fills: plan.fills });
      await this.audit.record(em, actor, 'delete', 'client', d.id, dup, { mergedInto: s.id });
      return { client: after!, duplicateId: d.id, moved, fills: plan.fills };
    });
    this.onRankingInputs();
    return result;
  }

  /** Both clients, live, of one kind; locked (MariaDB: in id order, so a merge the other way round waits too). */
  private async pair(em: EntityManager, survivorId: number, duplicateId: number, lock: boolean): Promise<[ClientRow, ClientRow]> {
    if (survivorId === duplicateId) throw badRequest('A client cannot be merged with itself');
    if (lock && em.connection.options.type === 'mysql') {
      // A locking read sees the latest commit: a merge that waited here finds the duplicate already deleted.
      const locked: { id: number; deleted_at: unknown }[] = await em.query('SELECT id, deleted_at FROM clients WHERE id IN (?, ?) ORDER BY id FOR UPDATE', [survivorId, duplicateId]);
      for (const id of [survivorId, duplicateId]) if (!locked.some((r) => Number(r.id) === id && r.deleted_at === null)) throw notFound(`Client ${id}`);
    }
    const s = await em.findOneBy(ClientEntity, { id: survivorId });
    const d = await em.findOneBy(ClientEntity, { id: duplicateId });
    if (!s || s.deletedAt) throw notFound(`Client ${survivorId}`);
    if (!d || d.deletedAt) throw notFound(`Client ${duplicateId}`);
    if (s.kind !== d.kind) throw badRequest('An organization and a person cannot be merged: link the person to the organization instead');
    return [s, d];
  }

  private async plan(em: EntityManager, s: ClientRow, d: ClientRow, survivor: ClientView, duplicate: ClientView): Promise<Plan> {
    const phones = async (id: number): Promise<PhoneRow[]> =>
      ((await em.query('SELECT id, e164, raw, digits, rev_digits AS rev, position FROM client_phones WHERE client_id = ? ORDER BY position, id', [id])) as PhoneRow[]).map((p) => ({ ...p, id: Number(p.id) }));
    const [mine, theirs] = [await phones(s.id), await phones(d.id)];
    const plan: Plan = { movePhones: [], dropPhones: [], upgradePhones: [], moveEmails: [], dropEmails: [], addTags: [], fields: {}, fills: [], revenue: Number(s.revenue) + Number(d.revenue) };
    // One number spelled twice: the same last digits where one side did not normalize (two E.164 forms differ).
    for (const p of theirs) {
      const same = mine.find((q) => (q.e164 === null || p.e164 === null) && q.rev.slice(0, SUFFIX_DIGITS) === p.rev.slice(0, SUFFIX_DIGITS) && (p.digits.length >= 7 || p.digits === q.digits));
      if (!same) plan.movePhones.push(p.id);
      else if (same.e164 === null && p.e164 !== null && !plan.upgradePhones.some((u) => u.survivorRow === same.id)) plan.upgradePhones.push({ survivorRow: same.id, from: p });
      else plan.dropPhones.push(p.id);
    }
    const emails: { id: number; email: string }[] = await em.query('SELECT id, email FROM client_emails WHERE client_id = ? ORDER BY position, id', [d.id]);
    const have = new Set(survivor.emails);
    for (const e of emails) {
      if (have.has(e.email)) plan.dropEmails.push(Number(e.id));
      else {
        have.add(e.email);
        plan.moveEmails.push(Number(e.id));
      }
    }
    plan.addTags = duplicate.tags.filter((t) => !survivor.tags.includes(t));
    for (const f of FILLABLE) {
      const mineV = s[f];
      const theirV = d[f];
      if ((mineV === null || mineV === '') && theirV !== null && theirV !== '') {
        (plan.fields as Record<string, unknown>)[f] = f === 'birthday' ? dateOnly(theirV) : theirV;
        plan.fills.push(f);
      }
    }
    if (s.kind === 'person') {
      // A person's organization: the duplicate's link when the survivor has none (to a live organization), else its text.
      const org = s.organizationId === null && d.organizationId !== null ? await em.findOneBy(ClientEntity, { id: d.organizationId }) : null;
      if (org && !org.deletedAt && org.kind === 'organization' && org.id !== s.id) {
        plan.fields.organizationId = org.id;
        plan.fields.organization = org.name;
        plan.fills.push('organizationId');
      } else if (s.organizationId === null && !s.organization && d.organization) {
        plan.fields.organization = d.organization;
        plan.fills.push('organization');
      }
    }
    if (STAGE_RANK(d.stage) > STAGE_RANK(s.stage)) {
      plan.fields.stage = d.stage;
      plan.fills.push('stage');
    }
    if (plan.revenue > REVENUE_MAX) {
      throw new AppError(400, 'validation_failed', 'The request is not valid', [{ path: 'duplicateId', message: `the revenues together would pass ${REVENUE_MAX.toLocaleString('en')}` }]);
    }
    return plan;
  }

  private async counts(em: EntityManager, d: ClientRow, plan: Plan): Promise<MergeCounts> {
    const count = async (sql: string, id: number) => Number(((await em.query(sql, [id])) as { n: number | string }[])[0]!.n);
    const moved = {} as MergeCounts;
    for (const [key, table] of Object.entries(HISTORY_TABLES) as [HistoryKey, string][]) moved[key] = await count(`SELECT COUNT(*) AS n FROM ${table} WHERE client_id = ?`, d.id);
    moved.people = d.kind === 'organization' ? await count('SELECT COUNT(*) AS n FROM clients WHERE organization_id = ? AND deleted_at IS NULL', d.id) : 0;
    moved.phones = plan.movePhones.length + plan.upgradePhones.length;
    moved.emails = plan.moveEmails.length;
    moved.tags = plan.addTags.length;
    return moved;
  }
}
