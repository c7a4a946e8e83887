import { In, type DataSource, type EntityManager } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { transaction } from '../../db/transaction';
import { CallEntity, CampaignAttemptEntity, CampaignEntity, CampaignEntryEntity, TeamEntity, UserEntity, type CallRow, type CampaignRow, type CampaignStatus } from '../../db/entities';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { CallbacksService } from '../callbacks/callbacks.service';
import { dbDate } from '../../db/db-date';
import { dateOnly, type ClientView } from '../clients/client.view';
import type { ClientsService } from '../clients/clients.service';
import type { ListClientsQuery } from '../clients/clients.schemas';
import type { SegmentRef } from '../segments/segments.service';
import { clientZone, zonesOpen, type CallingHours } from './calling-hours';
import { CampaignReportService, type CampaignProgress } from './campaign-report.service';
import { campaignFilter, type CreateCampaignInput, type ResultInput, type UpdateCampaignInput } from './campaigns.schemas';

/** An entry handed out and not worked within this long goes back to the list (the operator went away). */
const ASSIGN_TIMEOUT_MS = 10 * 60_000;
/** How often a campaign's expired hand-outs and due retries are looked for (at most; by the next "Next"). */
const RECLAIM_EVERY_MS = 30_000;
/**
 * The queue order (`rank`, lower first): due retries before first attempts, then the campaign's priority
 * (3 = A / high … 0 = none). All ascending, so "Next" reads the index in order.
 */
/** A column name quoted for the driver (`rank` is a reserved word in MariaDB). */
const mysqlFamily = (ds: DataSource) => ds.options.type === 'mysql' || ds.options.type === 'mariadb';
const q = (ds: DataSource, name: string) => (mysqlFamily(ds) ? `\`${name}\`` : `"${name}"`);
const rankOf = (priority: number, retry: boolean) => (retry ? 0 : 10) + (3 - priority);
/** Results that mean nobody answered: an attempt, not a contact. */
const UNREACHED = new Set(['busy', 'no_answer', 'failed', 'unreachable']);
const PRIORITY: Record<string, Record<string, number>> = { class: { A: 3, B: 2, C: 1 }, potential: { high: 3, medium: 2, low: 1 } };

export type CampaignView = {
  id: number; name: string; status: CampaignStatus; filter: Record<string, string>; segment: { id: number; name: string } | null; teamId: number | null; operatorIds: number[];
  callingHours: { from: string; to: string }; days: number[]; maxAttempts: number; retry: Record<string, number>; finalCodes: string[];
  script: string | null; priority: string; mode: string; startsOn: string | null; endsOn: string | null; createdAt: string; updatedAt: string; progress: CampaignProgress;
};
/** `dialed`: Call was already pressed for this hand-out (a reload): a progressive screen must not dial again. */
export type NextEntry = { entryId: number; attempts: number; dialed: boolean; client: ClientView; script: string | null };
export type { CampaignProgress };

/** What campaigns use of the rest of the CRM, given by services.ts. */
export type CampaignHooks = {
  /** The do-not-call list: why the number may not be called, or null. */
  blocked?: (phone: string) => Promise<string | null>;
  /** The result codes that mark a sale (the manager's list). */
  saleCodes?: () => Promise<Set<string>>;
  /** Click-to-call on the operator's phone (refuses do-not-call numbers; PBX errors as HTTP errors). */
  originate?: (actor: Actor, request: { number: string; clientId: number }) => Promise<{ actionId: string; message: string; number: string }>;
  /** A call took a result from the campaign (it had none): the live KPIs and rollups count it. */
  onCallResult?: (endedAt: Date | null, operatorId: number | null, before: string | null, after: string | null, startedAt: Date) => void;
  /** A saved segment's name and filter now (the segments' not-found error when there is none). */
  segment?: (id: number) => Promise<SegmentRef>;
};
/** How far back from Call (or the hand-out) a result looks for the call it is about: PBX and server clocks differ a little. */
const CALL_LINK_SLACK_MS = 60_000;


/**
 * Outbound campaigns: a client list worked through by operators. "Next" hands the best entry whose client
 * may be called now (their local calling hours) to one operator only: claimed in a transaction with
 * SELECT … FOR UPDATE SKIP LOCKED on MariaDB (concurrent claims take different rows, none waits), one
 * transaction at a time on SQLite. A result schedules the next attempt or ends the client's part.
 */
export class CampaignsService {
  private readonly zoneReads = new Map<number, Promise<string[]>>();
  private readonly reclaimedAt = new Map<number, number>();

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly callbacks: CallbacksService,
    private readonly effectiveCodes: () => Promise<Set<string>>,
    private readonly floorZone: () => string,
    private readonly hooks: CampaignHooks = {},
  ) {
    this.report = new CampaignReportService(ds, audit);
  }

  /** Progress per operator and result, and the results' file. */
  readonly report: CampaignReportService;

  async create(actor: Actor, input: CreateCampaignInput): Promise<CampaignView> {
    const segment = input.segmentId === undefined ? null : await this.segmentOf(input.segmentId);
    const given = segment?.filter ?? input.filter ?? {};
    const filter = campaignFilter.safeParse(given);
    if (!filter.success) throw badRequest(`filter: ${filter.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    await this.assertWorkers(input);
    const now = new Date();
    const id = await transaction(this.ds, async (em) => {
      const row: Omit<CampaignRow, 'id'> = {
        name: input.name, status: 'draft', filter: JSON.stringify(given), segmentId: segment?.id ?? null, segmentName: segment?.name ?? null, teamId: input.teamId ?? null, operatorIds: JSON.stringify(input.operatorIds),
        callingFrom: input.callingHours.from, callingTo: input.callingHours.to, days: input.days.join(','), maxAttempts: input.maxAttempts,
        retry: JSON.stringify(input.retry), finalCodes: JSON.stringify(input.finalCodes), script: input.script, priority: input.priority, mode: input.mode, zones: null,
        startsOn: input.startsOn, endsOn: input.endsOn, total: 0, createdById: actor.userId, createdAt: now, updatedAt: now,
      };
      const { identifiers } = await em.insert(CampaignEntity, row);
      return identifiers[0]!.id as number;
    });
    const { total, zones } = await this.materialize(id, { ...filter.data, sort: 'name', order: 'asc' }, input.priority, now);
    await this.ds.getRepository(CampaignEntity).update({ id }, { total, zones: JSON.stringify([...zones]) });
    const view = await this.get(id);
    await this.audit.recordAlone(actor, 'create', 'campaign', id, { ...view, progress: undefined });
    return view;
  }

  /** A saved segment's name and filter now (404 when there is none). */
  private async segmentOf(id: number): Promise<SegmentRef> {
    if (!this.hooks.segment) throw badRequest('Saved segments are not available here');
    return this.hooks.segment(id);
  }

  /** The campaign's entries: every client the filter selects now, a page at a time. */
  private async materialize(campaignId: number, filter: Omit<ListClientsQuery, 'limit' | 'offset'>, priority: string, now: Date): Promise<{ total: number; zones: Set<string> }> {
    let total = 0;
    const zones = new Set<string>();
    for await (const page of this.clients.pages(filter, 500)) {
      const rows = page.map((c) => {
        const phone = c.phones[0] ? (c.phones[0].e164 ?? c.phones[0].raw) : null;
        const p = PRIORITY[priority]?.[(priority === 'class' ? c.abcClass : c.potential) ?? ''] ?? 0;
        const tz = clientZone(c.timezone, phone, this.floorZone());
        zones.add(tz);
        return [campaignId, c.id, phone, tz, p, rankOf(p, false), 'pending', 0, now, false, false, now];
      });
      await transaction(this.ds, (em) => bulkInsert(em, 'campaign_entries', ['campaign_id', 'client_id', 'phone', 'tz', 'priority', 'rank', 'state', 'attempts', 'next_at', 'reached', 'effective', 'updated_at'], rows));
      total += rows.length;
    }
    return { total, zones };
  }

  /** Supervisors and above: every campaign. An operator: the running and paused ones they work. */
  async list(actor?: Actor): Promise<{ items: CampaignView[]; total: number }> {
    const operator = actor !== undefined && !hasRole(actor.role, 'supervisor');
    let rows = await this.ds.getRepository(CampaignEntity).find({ ...(operator && { where: { status: In(['running', 'paused'] as CampaignStatus[]) } }), order: { id: 'DESC' }, take: 200 });
    if (operator) {
      const teamId = (await this.ds.getRepository(UserEntity).findOneBy({ id: actor.userId }))?.teamId ?? null;
      rows = rows.filter((c) => {
        const ids = JSON.parse(c.operatorIds) as number[];
        return (ids.length === 0 && c.teamId === null) || ids.includes(actor.userId) || (c.teamId !== null && c.teamId === teamId);
      });
    }
    const items = await Promise.all(rows.map((r) => this.view(r)));
    return { items, total: items.length };
  }

  async get(id: number): Promise<CampaignView> {
    return this.view(await this.row(id));
  }

  /**
   * Changes a campaign's settings (not its clients nor their priority: those were chosen when it was made).
   * A stopped campaign is over and stays as it was.
   */
  async update(actor: Actor, id: number, input: UpdateCampaignInput): Promise<CampaignView> {
    await this.assertWorkers(input);
    await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(CampaignEntity, { id });
      if (!row) throw notFound('Campaign');
      if (row.status === 'stopped') throw conflict('A stopped campaign cannot be changed');
      const startsOn = input.startsOn !== undefined ? input.startsOn : dateOnly(row.startsOn);
      const endsOn = input.endsOn !== undefined ? input.endsOn : dateOnly(row.endsOn);
      if (startsOn && endsOn && startsOn > endsOn) throw badRequest('startsOn must not be after endsOn');
      const before = await this.view(row);
      const patch: Partial<CampaignRow> = {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.teamId !== undefined && { teamId: input.teamId }),
        ...(input.operatorIds && { operatorIds: JSON.stringify(input.operatorIds) }),
        ...(input.callingHours && { callingFrom: input.callingHours.from, callingTo: input.callingHours.to }),
        ...(input.days && { days: input.days.join(',') }),
        ...(input.maxAttempts !== undefined && { maxAttempts: input.maxAttempts }),
        ...(input.retry && { retry: JSON.stringify(input.retry) }),
        ...(input.finalCodes && { finalCodes: JSON.stringify(input.finalCodes) }),
        ...(input.script !== undefined && { script: input.script }),
        ...(input.mode && { mode: input.mode }),
        ...(input.startsOn !== undefined && { startsOn: input.startsOn }),
        ...(input.endsOn !== undefined && { endsOn: input.endsOn }),
        updatedAt: new Date(),
      };
      await em.update(CampaignEntity, { id }, patch);
      const after = await this.view((await em.findOneBy(CampaignEntity, { id }))!);
      await this.audit.record(em, actor, 'update', 'campaign', id, { ...before, progress: undefined }, { ...after, progress: undefined });
    });
    return this.get(id);
  }

  /** The team and operators named exist. */
  private async assertWorkers(input: { teamId?: number | null; operatorIds?: number[] }): Promise<void> {
    if (input.teamId && !(await this.ds.getRepository(TeamEntity).existsBy({ id: input.teamId }))) throw badRequest(`Team ${input.teamId} does not exist`);
    const ids = input.operatorIds ?? [];
    if (ids.length > 0 && (await this.ds.getRepository(UserEntity).countBy({ id: In(ids) })) !== new Set(ids).size) throw badRequest('Some operatorIds are not users');
  }

  /**
   * "Call": the operator's phone rings, then the client's number (click-to-call, which refuses numbers on
   * the do-not-call list). Only for the client handed to them, while the campaign runs. The time is kept:
   * the result links the call made from it to the campaign.
   */
  async call(actor: Actor, id: number, entryId: number, now = new Date()): Promise<{ actionId: string; message: string; number: string }> {
    const campaign = await this.row(id);
    if (campaign.status !== 'running') throw new AppError(409, 'campaign_not_running', `The campaign is ${campaign.status}`);
    const entry = await this.heldEntry(this.ds.manager, actor, id, entryId);
    if (entry.assignedTo !== actor.userId) throw conflict('Only the operator this client was handed to calls them');
    if (!entry.phone) throw new AppError(400, 'no_phone', 'This client has no phone number');
    if (!this.hooks.originate) throw new AppError(503, 'pbx_unavailable', 'No PBX is configured');
    const placed = await this.hooks.originate(actor, { number: entry.phone, clientId: entry.clientId });
    await this.ds.getRepository(CampaignEntryEntity).update({ id: entryId, state: 'assigned' }, { dialedAt: now });
    return placed;
  }

  /** draft → running ⇄ paused; anything but stopped → stopped (for good). */
  async setStatus(actor: Actor, id: number, to: 'running' | 'paused' | 'stopped'): Promise<CampaignView> {
    const allowed: Record<CampaignStatus, CampaignStatus[]> = { draft: ['running', 'stopped'], running: ['paused', 'stopped'], paused: ['running', 'stopped'], stopped: [] };
    await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(CampaignEntity, { id });
      if (!row) throw notFound('Campaign');
      if (!allowed[row.status].includes(to)) throw conflict(`A ${row.status} campaign cannot become ${to}`);
      await em.update(CampaignEntity, { id }, { status: to, updatedAt: new Date() });
      // Stopped: what operators hold goes back (nothing more is handed out).
      if (to === 'stopped') await em.update(CampaignEntryEntity, { campaignId: id, state: 'assigned' }, { state: 'pending', assignedTo: null, assignedAt: null });
      await this.audit.record(em, actor, 'update', 'campaign', id, { status: row.status }, { status: to });
    });
    return this.get(id);
  }

  /**
   * The operator's next client: the one they already hold (a reload), else the best pending entry whose
   * client may be called now, claimed for them alone. null: nobody can be called now.
   */
  async next(actor: Actor, id: number, now = new Date()): Promise<NextEntry | null> {
    const campaign = await this.row(id);
    await this.assertWorks(actor, campaign);
    if (campaign.status !== 'running') throw new AppError(409, 'campaign_not_running', `The campaign is ${campaign.status}`);
    const today = now.toISOString().slice(0, 10);
    if ((campaign.startsOn && today < dateOnly(campaign.startsOn)!) || (campaign.endsOn && today > dateOnly(campaign.endsOn)!)) return null;
    await this.reclaim(id, now);
    const held = await this.ds.getRepository(CampaignEntryEntity).findOneBy({ campaignId: id, state: 'assigned', assignedTo: actor.userId });
    if (held) return this.offer(campaign, held.id, held.clientId, held.attempts, held.dialedAt !== null);
    const hours: CallingHours = { from: campaign.callingFrom, to: campaign.callingTo, days: campaign.days.split(',').map(Number) };
    const open = zonesOpen(hours, await this.zonesOf(campaign), now);
    if (open.length === 0) return null;
    for (let tries = 0; tries < 20; tries++) {
      const claimed = await this.claim(id, open, actor.userId, now);
      if (!claimed) return null;
      const reason = claimed.phone && this.hooks.blocked ? await this.hooks.blocked(claimed.phone) : null;
      if (reason === null) return this.offer(campaign, claimed.id, claimed.clientId, claimed.attempts, false);
      // On the do-not-call list (now, or since the campaign was made): never offered, and out of the list.
      await this.ds.getRepository(CampaignEntryEntity).update({ id: claimed.id }, { state: 'done', doneReason: 'do_not_call', assignedTo: null, assignedAt: null, updatedAt: now });
    }
    return null;
  }

  /**
   * Claims the best due entry in the open zones for one operator. Only due entries are 'pending', so the
   * first row of a zone in the claim index (campaign, state, zone, rank, due, id) is that zone's best:
   * the zones' best are peeked at without locks, then claimed best zone first; a row another claim holds
   * is skipped (SKIP LOCKED on MariaDB; SQLite runs one write at a time).
   */
  private async claim(campaignId: number, zones: string[], userId: number, now: Date): Promise<{ id: number; clientId: number; phone: string | null; attempts: number } | null> {
    const order = zones.length === 1 ? zones : await this.zonesByBest(campaignId, zones);
    for (const tz of order) {
      const got = await this.claimIn(campaignId, tz, userId, now);
      if (got) return got;
    }
    return null;
  }

  /** The zones that have a due entry, the one whose first entry comes first in the queue first. */
  private async zonesByBest(campaignId: number, zones: string[]): Promise<string[]> {
    const heads = await Promise.all(
      zones.map(async (tz) => {
        const [row] = (await this.ds.query(`SELECT ${q(this.ds, 'rank')} AS r, next_at AS n, id FROM campaign_entries${mysqlFamily(this.ds) ? ' USE INDEX (ix_campaign_entries_claim)' : ''} WHERE campaign_id = ? AND state = 'pending' AND tz = ? ORDER BY ${q(this.ds, 'rank')}, next_at, id LIMIT 1`, [campaignId, tz])) as { r: number; n: unknown; id: number }[];
        return row ? { tz, key: [Number(row.r), dbDate(row.n).getTime(), Number(row.id)] } : null;
      }),
    );
    const found = heads.filter((h): h is { tz: string; key: number[] } => h !== null);
    found.sort((x, y) => x.key[0]! - y.key[0]! || x.key[1]! - y.key[1]! || x.key[2]! - y.key[2]!);
    return found.map((h) => h.tz);
  }

  private async claimIn(campaignId: number, tz: string, userId: number, now: Date): Promise<{ id: number; clientId: number; phone: string | null; attempts: number } | null> {
    const mysql = this.ds.options.type === 'mysql' || this.ds.options.type === 'mariadb';
    // READ COMMITTED: rows read on the way and not taken are not kept locked.
    return transaction(this.ds, async (em) => {
      const rows: { id: number; client_id: number; phone: string | null; attempts: number }[] = await em
        .createQueryBuilder()
        .select(['e.id AS id', 'e.client_id AS client_id', 'e.phone AS phone', 'e.attempts AS attempts'])
        .from('campaign_entries', 'e')
        // Not (campaign, state, next_at): walking by due time past the other zones' rows is what this avoids.
        .useIndex('ix_campaign_entries_claim')
        .where("e.campaign_id = :campaignId AND e.state = 'pending' AND e.tz = :tz AND e.next_at <= :now", { campaignId, tz, now })
        .orderBy('e.rank', 'ASC')
        .addOrderBy('e.next_at', 'ASC')
        .addOrderBy('e.id', 'ASC')
        .limit(1)
        .setLock(mysql ? 'pessimistic_write' : undefined as never)
        .setOnLocked(mysql ? 'skip_locked' : undefined as never)
        .getRawMany();
      const row = rows[0];
      if (!row) return null;
      const res = await em.update(CampaignEntryEntity, { id: row.id, state: 'pending' }, { state: 'assigned', assignedTo: userId, assignedAt: now, dialedAt: null, updatedAt: now });
      if (!res.affected) return null;
      return { id: Number(row.id), clientId: Number(row.client_id), phone: row.phone, attempts: Number(row.attempts) };
    }, { isolation: 'READ COMMITTED' });
  }

  /**
   * The result of an attempt: the next one scheduled (busy, no answer, call back later) or the client's part
   * ended. The attempt is kept (who, what, on which call), and the call made for it, found among the
   * operator's outgoing calls to the number since Call was pressed, is marked with the campaign and takes
   * the result when it has none yet.
   */
  async result(actor: Actor, id: number, entryId: number, input: ResultInput, now = new Date()): Promise<{ state: string; nextAt: string | null; callId: number | null }> {
    const campaign = await this.row(id);
    const effective = (await this.effectiveCodes()).has(input.disposition);
    const sale = (await this.hooks.saleCodes?.())?.has(input.disposition) ?? input.disposition === 'sale';
    const retry = JSON.parse(campaign.retry) as Record<string, number>;
    const finals = new Set(JSON.parse(campaign.finalCodes) as string[]);
    const outcome = await transaction(this.ds, async (em) => {
      const entry = await this.heldEntry(em, actor, id, entryId);
      const attempts = entry.attempts + 1;
      const reachedNow = !UNREACHED.has(input.disposition);
      const promised = input.callbackAt !== undefined;
      const done = finals.has(input.disposition) || promised || attempts >= campaign.maxAttempts;
      const nextAt = done ? entry.nextAt : new Date(now.getTime() + (retry[input.disposition] ?? retry.default ?? 240) * 60_000);
      const doneReason = !done ? null : finals.has(input.disposition) ? 'result' : promised ? 'callback' : 'attempts';
      await em.update(CampaignEntryEntity, { id: entryId }, {
        state: done ? 'done' : 'waiting', attempts, nextAt, rank: rankOf(entry.priority, true), assignedTo: null, assignedAt: null, dialedAt: null,
        lastDisposition: input.disposition, reached: entry.reached || reachedNow, effective: entry.effective || effective, doneReason, updatedAt: now,
      });
      const call = entry.phone ? await this.linkCall(em, id, actor.userId, entry.phone, entry.dialedAt ?? entry.assignedAt ?? now, input.disposition) : null;
      const callId = call?.id ?? null;
      await em.insert(CampaignAttemptEntity, {
        campaignId: id, entryId, clientId: entry.clientId, operatorId: actor.userId, disposition: input.disposition, reached: reachedNow, effective, sale, ended: done, callId, createdAt: now,
      });
      await this.audit.record(em, actor, 'update', 'campaign', id, { entryId, attempts: entry.attempts }, { entryId, clientId: entry.clientId, disposition: input.disposition, attempts, state: done ? 'done' : 'waiting', doneReason, callId, ...(input.note && { note: input.note }) });
      return { clientId: entry.clientId, done, nextAt, callId, resulted: call?.resulted ?? null };
    });
    const r = outcome.resulted;
    if (r) this.hooks.onCallResult?.(r.endedAt, r.operatorId, null, input.disposition, r.startedAt);
    // "Call me back on Thursday": a callback like any other (the lead router moves it when it is late).
    if (input.callbackAt) await this.callbacks.create(actor, { clientId: outcome.clientId, assigneeId: actor.userId, dueAt: input.callbackAt, priority: 0, note: `${campaign.name}${input.note ? `: ${input.note}` : ''}`.slice(0, 1000) });
    return { state: outcome.done ? 'done' : 'waiting', nextAt: outcome.done ? null : outcome.nextAt.toISOString(), callId: outcome.callId };
  }

  /**
   * The call this attempt was: the operator's latest outgoing call to the number since `since` not yet
   * given to a campaign. It is marked with the campaign, and takes the result if the operator gave none.
   */
  private async linkCall(em: EntityManager, campaignId: number, operatorId: number, phone: string, since: Date, disposition: string): Promise<{ id: number; resulted: CallRow | null } | null> {
    const call = await em
      .createQueryBuilder(CallEntity, 'k')
      .where("k.operator_id = :operatorId AND k.direction = 'outbound' AND k.started_at >= :since AND k.campaign_id IS NULL", { operatorId, since: new Date(since.getTime() - CALL_LINK_SLACK_MS) })
      .andWhere('(k.external_e164 = :phone OR k.external_number = :phone)', { phone })
      .orderBy('k.started_at', 'DESC')
      .limit(1)
      .getOne();
    if (!call) return null;
    await em.update(CallEntity, { id: call.id }, { campaignId, ...(call.disposition === null && { disposition, updatedAt: new Date() }) });
    return { id: call.id, resulted: call.disposition === null ? call : null };
  }

  /** The operator passes the client over (with a reason): back to the list, offered again in 30 minutes. */
  async skip(actor: Actor, id: number, entryId: number, reason: string, now = new Date()): Promise<void> {
    await this.row(id);
    await transaction(this.ds, async (em) => {
      const entry = await this.heldEntry(em, actor, id, entryId);
      await em.update(CampaignEntryEntity, { id: entryId }, { state: 'waiting', assignedTo: null, assignedAt: null, nextAt: new Date(now.getTime() + 30 * 60_000), updatedAt: now });
      await this.audit.record(em, actor, 'update', 'campaign', id, { entryId }, { entryId, clientId: entry.clientId, skipped: reason });
    });
  }

  private async heldEntry(em: EntityManager, actor: Actor, campaignId: number, entryId: number) {
    const entry = await em.findOneBy(CampaignEntryEntity, { id: entryId, campaignId });
    if (!entry) throw notFound('Campaign entry');
    if (entry.state !== 'assigned' || (entry.assignedTo !== actor.userId && !hasRole(actor.role, 'supervisor'))) throw conflict('This client is not yours in this campaign (not handed to you, or handed back after a timeout)');
    return entry;
  }

  private async offer(campaign: CampaignRow, entryId: number, clientId: number, attempts: number, dialed: boolean): Promise<NextEntry> {
    const client = await this.clients.get(clientId);
    return { entryId, attempts, dialed, client, script: fillScript(campaign.script, client) };
  }

  /** Who may work a campaign: its operators, its team's, and supervisors and managers. */
  private async assertWorks(actor: Actor, c: CampaignRow): Promise<void> {
    if (hasRole(actor.role, 'supervisor')) return;
    const ids = JSON.parse(c.operatorIds) as number[];
    if (ids.length === 0 && c.teamId === null) return;
    if (ids.includes(actor.userId)) return;
    if (c.teamId !== null && (await this.ds.getRepository(UserEntity).existsBy({ id: actor.userId, teamId: c.teamId }))) return;
    throw forbidden('You do not work this campaign');
  }

  /**
   * Every RECLAIM_EVERY_MS at most: hand-outs older than ASSIGN_TIMEOUT_MS go back to the list (the operator
   * went away), and waiting entries whose time has come become due.
   */
  private async reclaim(campaignId: number, now: Date): Promise<void> {
    if (now.getTime() - (this.reclaimedAt.get(campaignId) ?? 0) < RECLAIM_EVERY_MS) return;
    this.reclaimedAt.set(campaignId, now.getTime());
    await this.ds
      .createQueryBuilder()
      .update(CampaignEntryEntity)
      .set({ state: 'pending', assignedTo: null, assignedAt: null, updatedAt: now })
      .where("campaign_id = :campaignId AND state = 'assigned' AND assigned_at < :before", { campaignId, before: new Date(now.getTime() - ASSIGN_TIMEOUT_MS) })
      .execute();
    await this.ds
      .createQueryBuilder()
      .update(CampaignEntryEntity)
      .set({ state: 'pending' })
      .where("campaign_id = :campaignId AND state = 'waiting' AND next_at <= :now", { campaignId, now })
      .execute();
  }

  /**
   * The zones a campaign's clients live in: noted when it was made. A campaign made before they were noted
   * has them read once (one read at a time, however many "Next"s wait for it) and noted.
   */
  private zonesOf(campaign: CampaignRow): Promise<string[]> | string[] {
    if (campaign.zones) return JSON.parse(campaign.zones) as string[];
    let reading = this.zoneReads.get(campaign.id);
    if (!reading) {
      reading = (async () => {
        const rows: { tz: string }[] = await this.ds.query('SELECT DISTINCT tz FROM campaign_entries WHERE campaign_id = ?', [campaign.id]);
        const zones = rows.map((r) => r.tz);
        await this.ds.getRepository(CampaignEntity).update({ id: campaign.id }, { zones: JSON.stringify(zones) });
        return zones;
      })().finally(() => this.zoneReads.delete(campaign.id));
      this.zoneReads.set(campaign.id, reading);
    }
    return reading;
  }

  private async row(id: number): Promise<CampaignRow> {
    const row = await this.ds.getRepository(CampaignEntity).findOneBy({ id });
    if (!row) throw notFound('Campaign');
    return row;
  }

  private async view(r: CampaignRow): Promise<CampaignView> {
    return {
      id: r.id, name: r.name, status: r.status, filter: JSON.parse(r.filter), segment: r.segmentId === null ? null : { id: r.segmentId, name: r.segmentName ?? '' }, teamId: r.teamId, operatorIds: JSON.parse(r.operatorIds),
      callingHours: { from: r.callingFrom, to: r.callingTo }, days: r.days.split(',').map(Number), maxAttempts: r.maxAttempts, retry: JSON.parse(r.retry),
      finalCodes: JSON.parse(r.finalCodes), script: r.script, priority: r.priority, mode: r.mode, startsOn: dateOnly(r.startsOn), endsOn: dateOnly(r.endsOn),
      createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), progress: await this.report.progress(r.id),
    };
  }
}

/** The call script with the client's fields: {{name}}, {{organization}}, {{position}}, {{source}}, {{phone}}. */
export function fillScript(script: string | null, c: ClientView): string | null {
  if (!script) return null;
  const fields: Record<string, string | null> = { name: c.name, organization: c.organization, position: c.position, source: c.source, phone: c.phones[0]?.e164 ?? c.phones[0]?.raw ?? null };
  return script.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => fields[k] ?? (k in fields ? '' : m));
}
