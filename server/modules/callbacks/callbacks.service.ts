import { transaction } from '../../db/transaction';
import { In, IsNull, LessThanOrEqual, MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { JobQueue } from '../../jobs/job-queue';
import { CallbackEntity, CallbackHistoryEntity, ClientEntity, UserEntity, type CallbackRow } from '../../db/entities';
import { Coalescer } from '../../jobs/coalescer';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { Decision, LeadRouter } from '../routing/lead-router.service';
import { historyIds } from '../clients/organization-links';
import { toCallbackView, type CallbackView } from './callback.view';
import type { CreateCallbackInput, ListCallbacksQuery, UpdateCallbackInput } from './callbacks.schemas';

export const REMIND_JOB = 'callback-remind';
export const ROUTE_JOB = 'callback-route';
export const SWEEP_JOB = 'callback-sweep';
export const REPLAN_JOB = 'callback-replan';
type JobPayload = { callbackId: number };
/** Rule edits within this long of each other are re-planned once. */
const REPLAN_DELAY_MS = 2_000;
/** Routing timers that fire within this many ms of each other are routed as one batch (one claim, one UPDATE). */
const ROUTE_BATCH_MS = 10;
const ROUTE_BATCH_MAX = 500;
/** How long a create or an edit waits for its timers before answering (they follow once Redis answers). */
const PLAN_WAIT_MS = 1_000;

/**
 * Promised callbacks. The database is the source of truth; the job queue only times them: a reminder at
 * the due time and the router at due time plus the matching rule's grace. A sweep every minute catches
 * whatever a lost timer missed.
 */
export class CallbacksService {
  /** For /metrics: when the last sweep finished and how long it took. */
  readonly sweepStats = { lastFinishedAt: 0, lastDurationMs: 0 };
  private readonly routing = new Coalescer<number>((ids) => this.routeNow(ids), ROUTE_BATCH_MS, ROUTE_BATCH_MAX);

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly router: LeadRouter,
    private readonly jobs: JobQueue,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  /** Registers the job handlers and the sweep. */
  async start(sweepEveryMs = 60_000): Promise<void> {
    this.jobs.process<JobPayload>(REMIND_JOB, (p) => this.remind(p.callbackId));
    this.jobs.process<JobPayload>(ROUTE_JOB, (p) => this.routing.add(p.callbackId));
    // The sweep and the re-plan walk everything: one at a time per node, however long a run takes.
    this.jobs.process(REPLAN_JOB, async () => void (await this.replan({ reminders: false })), { concurrency: 1 });
    this.jobs.process(SWEEP_JOB, async () => {
      // What the sweep moves gets its new assignee's reminder and routing timer, batch by batch.
      const started = Date.now();
      const res = await this.router.route(undefined, this.planMoved);
      this.sweepStats.lastFinishedAt = Date.now();
      this.sweepStats.lastDurationMs = this.sweepStats.lastFinishedAt - started;
      if (res.reassigned.length > 0) this.logger.info({ examined: res.examined, reassigned: res.reassigned.length }, 'callback sweep');
    }, { concurrency: 1 });
    await this.jobs.repeat(SWEEP_JOB, sweepEveryMs, {});
    // Redis restarted without its data (or was flushed): the sweep is back already; the timers are set again.
    this.jobs.onLost?.(() => void this.recover().catch((err: Error) => this.logger.error({ err: err.message }, 'callback recovery after Redis lost the queue failed')));
  }

  /**
   * Operators see their own callbacks, the pool's and one client's (the client card: who calls back and
   * when, so nobody calls twice; a colleague's note stays theirs); supervisors and managers see everyone's.
   */
  async list(actor: Actor, q: ListCallbacksQuery): Promise<{ items: CallbackView[]; total: number }> {
    if (!hasRole(actor.role, 'supervisor') && !q.pool && !q.clientId && !q.organizationId && q.assigneeId !== actor.userId) throw forbidden('Operators list their own callbacks (assigneeId), the pool (pool=true), a client’s (clientId) or an organization’s (organizationId)');
    const where = {
      ...(q.assigneeId && { assigneeId: q.assigneeId }),
      ...(q.pool && { assigneeId: IsNull() }),
      ...(q.clientId && { clientId: q.clientId }),
      ...(q.organizationId && { clientId: In(await historyIds(this.ds.manager, q.organizationId)) }),
      ...(q.status && { status: q.status }),
      ...(q.overdue && { dueAt: LessThanOrEqual(new Date()), status: 'pending' as const }),
    };
    const [rows, total] = await this.ds.getRepository(CallbackEntity).findAndCount({ where, order: { dueAt: 'ASC', id: 'ASC' }, skip: q.offset, take: q.limit });
    const items = await this.views(rows);
    if (hasRole(actor.role, 'supervisor')) return { items, total };
    return { items: items.map((c) => (c.assigneeId === null || c.assigneeId === actor.userId ? c : { ...c, note: null })), total };
  }

  /** The "tails": overdue callbacks per assignee (null = the pool), with how many and the oldest due time. */
  async tails(): Promise<{ items: { assigneeId: number | null; overdue: number; oldestDueAt: string }[]; total: number }> {
    // Through the query builder, so the date parameter is bound the way each driver stores dates.
    const rows: { assignee_id: number | null; n: number; oldest: Date | string }[] = await this.ds
      .createQueryBuilder()
      .select(['cb.assignee_id AS assignee_id', 'COUNT(*) AS n', 'MIN(cb.due_at) AS oldest'])
      .from('callbacks', 'cb')
      .where("cb.status = 'pending' AND cb.due_at <= :now", { now: new Date() })
      .groupBy('cb.assignee_id')
      .orderBy('n', 'DESC')
      .getRawMany();
    const items = rows.map((r) => ({
      assigneeId: r.assignee_id === null ? null : Number(r.assignee_id),
      overdue: Number(r.n),
      oldestDueAt: (r.oldest instanceof Date ? r.oldest : new Date(`${String(r.oldest).replace(' ', 'T')}Z`)).toISOString(),
    }));
    return { items, total: items.length };
  }

  /**
   * One callback. An operator reads only what the list shows them (their own and the pool's): a
   * colleague's answers 403, as asking the list for a colleague's callbacks does.
   */
  async get(id: number, actor?: Actor): Promise<CallbackView> {
    const row = await this.ds.getRepository(CallbackEntity).findOneBy({ id });
    if (!row) throw notFound('Callback');
    if (actor && !hasRole(actor.role, 'supervisor') && row.assigneeId !== null && row.assigneeId !== actor.userId) throw forbidden('This callback is someone else’s');
    return (await this.views([row]))[0]!;
  }

  /** Operators promise callbacks for themselves (or the pool); supervisors and managers for anyone. */
  async create(actor: Actor | null, input: CreateCallbackInput): Promise<CallbackView> {
    if (actor && input.assigneeId !== null && input.assigneeId !== actor.userId && !hasRole(actor.role, 'supervisor')) throw forbidden('Operators promise callbacks for themselves');
    const view = await transaction(this.ds, (em) => this.insert(em, actor, input));
    await this.announce(view);
    return view;
  }

  /**
   * A new callback in the caller's transaction, audited there; announce() it once that has committed (its
   * assignee told, its timers set). `refsChecked`: the caller wrote or read the live client and the
   * active assignee in this very transaction (a website lead), so they are not read again. The view is built from the row as written (every
   * column is set here, the dates to the millisecond the columns keep), not read back.
   */
  async insert(em: EntityManager, actor: Actor | null, input: CreateCallbackInput, opts: { refsChecked?: boolean } = {}): Promise<CallbackView> {
    if (!opts.refsChecked) await this.checkRefs(em, input.clientId, input.assigneeId);
    const now = new Date();
    const row: Omit<CallbackRow, 'id'> = {
      clientId: input.clientId,
      assigneeId: input.assigneeId,
      dueAt: input.dueAt,
      promisedAt: input.dueAt,
      originCallId: input.originCallId ?? null,
      status: 'pending',
      priority: input.priority,
      note: input.note ?? null,
      reassignCount: 0,
      version: 1,
      createdById: actor?.userId ?? null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    };
    const { identifiers } = await em.insert(CallbackEntity, row);
    const id = Number(identifiers[0]!.id);
    const created = toCallbackView({ id, ...row }, []);
    await this.audit.record(em, actor, 'create', 'callback', id, null, created);
    return created;
  }

  /** After the commit of insert(): the assignee hears of it and its timers are set. */
  async announce(view: CallbackView): Promise<void> {
    if (view.assigneeId !== null) this.notifier.toUser(view.assigneeId, 'callback:assigned', view);
    await this.planAfterCommit(view.id);
  }

  async update(actor: Actor, id: number, input: UpdateCallbackInput): Promise<CallbackView> {
    try {
      return await this.updateOnce(actor, id, input);
    } catch (err) {
      // A take that lost the race: say who won (read after the rollback; inside, a snapshot read may not see it).
      if (err instanceof AppError && err.code === 'conflict' && input.assigneeId === actor.userId) {
        const now = await this.ds.getRepository(CallbackEntity).findOneBy({ id });
        if (now && now.assigneeId !== null && now.assigneeId !== actor.userId) throw new AppError(409, 'already_taken', 'Someone else took this callback first', { assigneeId: now.assigneeId });
      }
      throw err;
    }
  }

  private async updateOnce(actor: Actor, id: number, input: UpdateCallbackInput): Promise<CallbackView> {
    const result = await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(CallbackEntity, { id });
      if (!row) throw notFound('Callback');
      const mine = row.assigneeId === actor.userId;
      // Anyone may take a callback from the pool for themselves ("Take it"); only that, not edit it too.
      const taking = row.assigneeId === null && input.assigneeId === actor.userId;
      if (!taking && !mine && input.assigneeId === actor.userId && !hasRole(actor.role, 'supervisor') && row.assigneeId !== null) {
        // "Take it" pressed on a pool callback that has just left the pool: say who has it (not a bare 403).
        const last = await em.findOne(CallbackHistoryEntity, { where: { callbackId: id }, order: { id: 'DESC' } });
        if (last && last.fromId === null && last.toId === row.assigneeId) throw new AppError(409, 'already_taken', 'Someone else took this callback first', { assigneeId: row.assigneeId });
      }
      if (taking && Object.keys(input).some((k) => k !== 'assigneeId' && k !== 'dueAt') && !hasRole(actor.role, 'supervisor')) throw forbidden('Take the callback first, then change it');
      if (!mine && !taking && !hasRole(actor.role, 'supervisor')) throw forbidden('This callback is someone else’s');
      if (input.assigneeId !== undefined && input.assigneeId !== row.assigneeId && !taking && !hasRole(actor.role, 'supervisor')) throw forbidden('Only supervisors and managers hand callbacks over');
      if (taking && row.status !== 'pending') throw new AppError(409, 'not_pending', 'This callback is closed already');
      if (input.assigneeId) await this.checkRefs(em, row.clientId, input.assigneeId);
      const before = toCallbackView(row, []);
      const now = new Date();
      const reassigned = input.assigneeId !== undefined && input.assigneeId !== row.assigneeId;
      // A take is conditional on the pool still holding it: of two operators pressing at once, one wins.
      const res = await em.update(CallbackEntity, { id, version: row.version, ...(taking && { assigneeId: IsNull() }) }, {
        ...input,
        // A time set by a person is a new promise to the client; a handover alone keeps the old one.
        ...(input.dueAt !== undefined && { promisedAt: input.dueAt }),
        // Handed over by hand: due now for the new person, so a rule's grace counts from the handover. Taken
        // from the pool: the promised time stands unless it is past already.
        ...(reassigned && input.dueAt === undefined && (!taking || row.dueAt.getTime() < now.getTime()) && { dueAt: now }),
        ...(input.status && input.status !== 'pending' ? { completedAt: now } : input.status === 'pending' ? { completedAt: null } : {}),
        updatedAt: now,
        version: row.version + 1,
      });
      // The router (or another user) changed it since it was read: the caller decides again on fresh data.
      if (res.affected !== 1) throw conflict('The callback changed meanwhile (reassigned or closed): reload it');
      if (reassigned) await em.insert(CallbackHistoryEntity, { callbackId: id, fromId: row.assigneeId, toId: input.assigneeId ?? null, at: now, ruleId: null, reason: taking ? `taken from the pool by user ${actor.userId}` : `handed over by user ${actor.userId}` });
      const after = (await this.views([await em.findOneByOrFail(CallbackEntity, { id })], em))[0]!;
      await this.audit.record(em, actor, reassigned ? 'reassign' : 'update', 'callback', id, before, after);
      return { after, from: row.assigneeId, reassigned, taking };
    });
    if (result.reassigned) {
      const change = { callback: result.after, fromId: result.from, toId: result.after.assigneeId, ruleId: null, reason: result.taking ? 'taken from the pool' : 'handed over by hand' };
      if (result.from !== null) this.notifier.toUser(result.from, 'callback:reassigned', change);
      if (result.after.assigneeId !== null) this.notifier.toUser(result.after.assigneeId, 'callback:assigned', result.after);
      this.notifier.toSupervisors('callback:reassigned', change);
    }
    await this.planAfterCommit(id);
    return result.after;
  }

  /**
   * An answered outbound call by the assignee to the client is the promised callback: it closes. With
   * `anyAssignee` (a wrap-up result that closes callbacks) every pending callback of the client closes.
   */
  async completeByCall(clientId: number, operatorId: number, callId: number | null, opts: { anyAssignee?: boolean } = {}): Promise<number> {
    const open = await this.ds.getRepository(CallbackEntity).findBy(opts.anyAssignee ? { clientId, status: 'pending' } : { clientId, assigneeId: operatorId, status: 'pending' });
    let closed = 0;
    for (const cb of open) {
      const done = await transaction(this.ds, async (em) => {
        const res = await em.update(CallbackEntity, { id: cb.id, version: cb.version, status: 'pending' }, { status: 'done', completedAt: new Date(), updatedAt: new Date(), version: cb.version + 1 });
        if (res.affected !== 1) return false;
        await this.audit.record(em, null, 'update', 'callback', cb.id, { status: 'pending' }, { status: 'done', byCallId: callId });
        return true;
      });
      if (done) {
        closed++;
        await this.unplan(cb.id);
      }
    }
    return closed;
  }

  /** A missed or abandoned inbound call: the client's owner (else the pool) is to call back. */
  async createForMissedCall(clientId: number, originCallId: number | null): Promise<void> {
    const pending = await this.ds.getRepository(CallbackEntity).existsBy({ clientId, status: 'pending' });
    if (pending) return;
    const client = await this.ds.getRepository(ClientEntity).findOneBy({ id: clientId });
    if (!client || client.deletedAt) return;
    await this.create(null, { clientId, assigneeId: client.ownerId, dueAt: new Date(Date.now() + 15 * 60_000), note: 'Missed call: call the client back', priority: 1, ...(originCallId && { originCallId }) });
  }

  /** The rules changed: every pending callback's routing timer is set again by the new graces and scopes. */
  async rulesChanged(): Promise<void> {
    // One job id: a burst of edits is one re-plan, and with bull it runs on one node.
    await this.jobs.schedule(REPLAN_JOB, 'rules', {}, new Date(Date.now() + REPLAN_DELAY_MS));
  }

  /**
   * At start: routes what came due while no node was running (not a minute later, at the first sweep),
   * and rebuilds the timers when the queue lost them: the in-process queue always has (a restart), bull
   * when Redis lost its data. Reminders already past are not sent again.
   */
  async recover(): Promise<{ reassigned: number; replanned: number }> {
    const routed = await this.router.route(undefined, this.planMoved);
    const expected = await this.ds.getRepository(CallbackEntity).countBy({ status: 'pending', dueAt: MoreThan(new Date()) });
    const missing = expected - (await this.jobs.pending(REMIND_JOB));
    const replanned = missing > expected / 100 ? await this.replan({ reminders: true }) : 0;
    if (routed.reassigned.length > 0 || replanned > 0) this.logger.info({ reassigned: routed.reassigned.length, replanned, missingTimers: missing }, 'callbacks recovered at start');
    return { reassigned: routed.reassigned.length, replanned };
  }

  /**
   * Walks the pending callbacks in id order, 500 at a time, and sets their routing timers (and, with
   * `reminders`, their future reminders) again from the database. Meanwhile the sweep keeps routing by the
   * current rules: a timer set by older ones that fires early is re-armed, one that would fire late is
   * overtaken.
   */
  async replan({ reminders }: { reminders: boolean }): Promise<number> {
    const started = Date.now();
    let planned = 0;
    for (let afterId = 0; ; ) {
      const rows = await this.ds.getRepository(CallbackEntity).find({ select: { id: true }, where: { status: 'pending', id: MoreThan(afterId) }, order: { id: 'ASC' }, take: 500 });
      if (rows.length === 0) break;
      const now = Date.now();
      await Promise.all(
        [...(await this.router.plans(rows.map((r) => r.id)))].map(async ([id, { callback, actAt }]) => {
          if (reminders && callback.dueAt.getTime() > now) await this.jobs.schedule<JobPayload>(REMIND_JOB, `cb:${id}`, { callbackId: id }, callback.dueAt);
          await this.armRoute(id, actAt);
        }),
      );
      planned += rows.length;
      afterId = rows[rows.length - 1]!.id;
    }
    this.logger.info({ planned, reminders, ms: Date.now() - started }, 'callback timers re-planned');
    return planned;
  }

  /**
   * The timers of a change already committed. They wait a moment at most: with Redis out of reach the
   * answer must not hang (a client retrying a create that did succeed would promise the callback twice);
   * the timers are set once Redis answers, and the sweep routes the callback meanwhile.
   */
  private async planAfterCommit(id: number): Promise<void> {
    const planned = this.plan(id).catch((err: Error) => this.logger.warn({ err: err.message, callbackId: id }, 'callback timers not set (the sweep will route it)'));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([planned, new Promise<void>((resolve) => (timer = setTimeout(resolve, PLAN_WAIT_MS)))]);
    clearTimeout(timer);
  }

  /** (Re)schedules the reminder and the routing timer from the callback's current due time. */
  async plan(id: number): Promise<void> {
    await this.planMany([id]);
  }

  /**
   * plan() for many callbacks: one read of the rows, one of their routing context, then the timers. One
   * timer id per callback and kind, so planning again replaces the timer (and a done callback loses it).
   */
  private async planMany(ids: number[]): Promise<void> {
    if (ids.length > 500) {
      for (let i = 0; i < ids.length; i += 500) await this.planMany(ids.slice(i, i + 500));
      return;
    }
    const pending = await this.router.plans(ids);
    const now = Date.now();
    await Promise.all(
      ids.map(async (id) => {
        const plan = pending.get(id);
        if (!plan) return this.unplan(id);
        const { row, history } = plan.callback;
        if (row.dueAt.getTime() <= now) {
          // Due already (just reassigned or handed over): the reminder goes now, not through a timer.
          if (row.assigneeId !== null) this.notifier.toUser(row.assigneeId, 'callback:due', { ...toCallbackView(row, []), history });
          await this.jobs.cancel(REMIND_JOB, `cb:${id}`);
        } else await this.jobs.schedule<JobPayload>(REMIND_JOB, `cb:${id}`, { callbackId: id }, row.dueAt);
        await this.armRoute(id, plan.actAt);
      }),
    );
  }

  /** The routing timer at its rule's act time, or none when no rule matches. */
  private armRoute(id: number, actAt: Date | null): Promise<void> {
    return actAt ? this.jobs.schedule<JobPayload>(ROUTE_JOB, `cb:${id}`, { callbackId: id }, actAt) : this.jobs.cancel(ROUTE_JOB, `cb:${id}`);
  }

  /** After a committed batch of moves: the new assignees' reminders and routing timers. */
  private readonly planMoved = (moved: Decision[]) => this.planMany(moved.map((d) => d.callbackId));

  /**
   * Fired routing timers, as one batch. Only what moved is planned again (its new assignee's reminder and
   * grace), and what fired early is re-armed for its act time (its rule changed since). A callback the
   * rules skipped (with a supervisor, nobody on shift, outside working hours) gets no new timer: planning
   * it would fire it again at once, in a loop; the sweep looks at it again every minute.
   */
  private async routeNow(ids: number[]): Promise<void> {
    const res = await this.router.route(ids, this.planMoved);
    await Promise.all(res.waiting.map((w) => this.armRoute(w.callbackId, w.actAt)));
  }

  private async unplan(id: number): Promise<void> {
    await this.jobs.cancel(REMIND_JOB, `cb:${id}`);
    await this.jobs.cancel(ROUTE_JOB, `cb:${id}`);
  }

  private async remind(id: number): Promise<void> {
    const row = await this.ds.getRepository(CallbackEntity).findOneBy({ id });
    if (!row || row.status !== 'pending' || row.assigneeId === null || row.dueAt.getTime() > Date.now() + 1000) return;
    this.notifier.toUser(row.assigneeId, 'callback:due', (await this.views([row]))[0]!);
  }

  private async checkRefs(em: EntityManager, clientId: number, assigneeId: number | null): Promise<void> {
    const client = await em.findOneBy(ClientEntity, { id: clientId });
    if (!client || client.deletedAt) throw badRequest(`Client ${clientId} does not exist`);
    if (assigneeId !== null && !(await em.existsBy(UserEntity, { id: assigneeId, active: true }))) throw badRequest(`User ${assigneeId} does not exist or is inactive`);
  }

  private async views(rows: CallbackRow[], em: EntityManager = this.ds.manager): Promise<CallbackView[]> {
    if (rows.length === 0) return [];
    const history = await em.find(CallbackHistoryEntity, { where: { callbackId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    return rows.map((r) => toCallbackView(r, history.filter((h) => h.callbackId === r.id)));
  }
}
