import { In, type DataSource } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { dbDate, dbTime } from '../../db/db-date';
import { lastingWrite, transaction } from '../../db/transaction';
import { MailingEntity, MessageEntity, MessageTemplateEntity, type MailingRow, type MailingState, type MessageChannel, type MessageRow, type MessageStatus } from '../../db/entities';
import { badRequest, conflict, notFound } from '../../http/errors';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../logging/logger';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ClientsService } from '../clients/clients.service';
import { listClientsQuery } from '../clients/clients.schemas';
import type { MessageDelivery } from './message-delivery';
import type { CreateMailingInput } from './messaging.schemas';
import type { OptoutsService } from './optouts.service';
import { loadRecipients } from './recipients';
import { assertTemplateChannel, toTemplateView } from './templates.service';

export type MailingView = {
  id: number;
  name: string;
  channel: MessageChannel;
  templateId: number;
  templateName: string | null;
  segmentId: number | null;
  segmentName: string | null;
  state: MailingState;
  ratePerMinute: number;
  total: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type RecipientView = { clientId: number; clientName: string | null; to: string | null; status: MessageStatus; error: string | null; sentAt: string | null };

/** A saved segment as mailings read it (the segments module answers; 404 when there is none). */
export type SegmentSource = (id: number) => Promise<{ id: number; name: string; filter: Record<string, string> }>;

const BATCH_JOB = 'mailing.batch';
const SWEEP_JOB = 'mailing.sweep';
const SWEEP_EVERY_MS = 30_000;
/** A batch holds about this long of the mailing's rate (at least one message, at most MAX_BATCH). */
const BATCH_MS = 2_000;
const MAX_BATCH = 500;
/** Messages of one batch in flight at once (the SMTP pool's connections). */
const PARALLEL = 4;
/** A row a sender claimed (or began sending) this long ago and never finished: that sender died. */
const STALE_CLAIM_MS = 120_000;
/** A temporary refusal (relay down, 4xx, Twilio 429/5xx): the mailing waits this long, the row is tried again… */
const RETRY_MS = 30_000;
/** …up to this many times, then fails with the provider's last words. */
const MAX_ATTEMPTS = 5;
const CHUNK = 500;

/**
 * Mailings: a template sent to a segment's clients as a background job, at a rate. The recipients are
 * written when the mailing starts (one `messages` row each, unique per mailing and client, with the
 * address; an address twice is sent once), then sent batch by batch: a batch claims queued rows (locked,
 * so two batches never take one row), reads the opt-outs, and sends; a row turns `sending` as its send
 * starts and is written as it ends. A stop (pause, cancel, the server shutting down) lets the messages in
 * flight finish; the rest stay queued. Nobody gets a mailing twice: a row a dead process was sending may
 * have gone out, so it is failed ("interrupted"), never resent; rows it had only claimed are taken again.
 */
export class MailingsService {
  private jobs: JobQueue | undefined;
  /** How long a mailing waits after a temporary refusal (tests shorten it). */
  retryMs = RETRY_MS;
  private stopping = false;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clients: ClientsService,
    private readonly delivery: MessageDelivery,
    private readonly optouts: OptoutsService,
    private readonly segment: SegmentSource,
    private readonly logger: Logger,
    private readonly floorZone: () => string,
  ) {}

  async start(jobs: JobQueue): Promise<void> {
    this.jobs = jobs;
    jobs.process<{ mailingId: number }>(BATCH_JOB, (p) => this.track(this.batch(p.mailingId)));
    jobs.process(SWEEP_JOB, () => this.sweep());
    await jobs.repeat(SWEEP_JOB, SWEEP_EVERY_MS, {});
    // Mailings the last stop left running go on now (their rows say where they were).
    await this.sweep(true);
  }

  /** Lets the batches in flight finish their messages and put the rest back (the server is stopping). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  async list(): Promise<MailingView[]> {
    const rows = await this.ds.getRepository(MailingEntity).find({ order: { id: 'DESC' }, take: 200 });
    return this.views(rows);
  }

  async get(id: number): Promise<MailingView> {
    const row = await this.ds.getRepository(MailingEntity).findOneBy({ id });
    if (!row) throw notFound('Mailing');
    return (await this.views([row]))[0]!;
  }

  async create(actor: Actor, input: CreateMailingInput): Promise<MailingView> {
    const template = await this.ds.getRepository(MessageTemplateEntity).findOneBy({ id: input.templateId });
    if (!template) throw notFound('Template');
    assertTemplateChannel(template, input.channel);
    this.delivery.assertConfigured(input.channel);
    const segment = await this.segment(input.segmentId);
    const filter = listClientsQuery.omit({ limit: true, offset: true }).safeParse(segment.filter);
    if (!filter.success) throw badRequest(`The segment's filter no longer reads: ${filter.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    const now = new Date();
    // The mailing and its recipients appear together: a mailing is never seen half-written.
    const id = await transaction(this.ds, async (em) => {
      const { identifiers } = await em.insert(MailingEntity, {
        name: input.name, channel: input.channel, templateId: template.id, segmentId: segment.id, segmentName: segment.name, filter: JSON.stringify(segment.filter),
        state: 'running', ratePerMinute: input.ratePerMinute, total: 0, createdById: actor.userId, createdAt: now, startedAt: now, finishedAt: null,
      });
      const mailingId = identifiers[0]!.id as number;
      let total = 0;
      // Each client's address now; one letter per address: clients sharing one (a family, a duplicate card) get it once.
      const seen = new Set<string>();
      for await (const page of this.clients.pages(filter.data, CHUNK)) {
        await bulkInsert(em, 'messages', ['client_id', 'channel', 'to_address', 'body', 'status', 'error', 'kind', 'mailing_id', 'template_id', 'user_id', 'dedupe_key', 'created_at'],
          page.map((c) => {
            const address = input.channel === 'email' ? (c.emails[0]?.toLowerCase() ?? null) : (c.phones.find((p) => p.e164)?.e164 ?? null);
            const twice = address !== null && seen.has(address);
            if (address) seen.add(address);
            return [c.id, input.channel, address, '', twice ? 'skipped' : 'queued', twice ? 'duplicate_address' : null, 'mailing', mailingId, template.id, actor.userId, `m:${mailingId}:${c.id}`, now];
          }));
        total += page.length;
      }
      await em.update(MailingEntity, { id: mailingId }, { total, ...(total === 0 && { state: 'done' as const, finishedAt: now }) });
      return mailingId;
    });
    const view = await this.get(id);
    await this.audit.recordAlone(actor, 'create', 'mailing', id, { name: view.name, channel: view.channel, templateId: view.templateId, segmentId: view.segmentId, segmentName: view.segmentName, total: view.total, ratePerMinute: view.ratePerMinute });
    if (view.state === 'running') await this.kick(id);
    return view;
  }

  async recipients(id: number, q: { status?: MessageStatus; limit: number; offset: number }): Promise<{ items: RecipientView[]; total: number }> {
    if (!(await this.ds.getRepository(MailingEntity).existsBy({ id }))) throw notFound('Mailing');
    const where = `m.mailing_id = ?${q.status ? ' AND m.status = ?' : ''}`;
    const params = q.status ? [id, q.status] : [id];
    const [rows, count] = await Promise.all([
      this.ds.query(`SELECT m.client_id, m.to_address, m.status, m.error, m.sent_at, c.name AS client_name FROM messages m LEFT JOIN clients c ON c.id = m.client_id WHERE ${where} ORDER BY m.id LIMIT ? OFFSET ?`, [...params, q.limit, q.offset]),
      this.ds.query(`SELECT COUNT(*) AS n FROM messages m WHERE ${where}`, params),
    ]);
    return {
      items: (rows as Record<string, unknown>[]).map((r) => ({
        clientId: Number(r.client_id),
        clientName: (r.client_name as string | null) ?? null,
        to: (r.to_address as string | null) ?? null,
        status: r.status as MessageStatus,
        error: (r.error as string | null) ?? null,
        sentAt: r.sent_at === null ? null : dbDate(r.sent_at).toISOString(),
      })),
      total: Number((count as { n: number }[])[0]!.n),
    };
  }

  async pause(actor: Actor, id: number): Promise<MailingView> {
    return this.changeState(actor, id, ['running'], 'paused');
  }

  async resume(actor: Actor, id: number): Promise<MailingView> {
    const view = await this.changeState(actor, id, ['paused'], 'running');
    await this.kick(id);
    return view;
  }

  /** Stops for good: the recipients not reached yet are skipped ("cancelled"). */
  async cancel(actor: Actor, id: number): Promise<MailingView> {
    const view = await this.changeState(actor, id, ['running', 'paused'], 'cancelled');
    await lastingWrite(this.ds, (em) => em.update(MessageEntity, { mailingId: id, status: 'queued' }, { status: 'skipped', error: 'cancelled' }));
    return this.get(view.id);
  }

  private async changeState(actor: Actor, id: number, from: MailingState[], to: MailingState): Promise<MailingView> {
    await transaction(this.ds, async (em) => {
      const row = await em.getRepository(MailingEntity).findOneBy({ id });
      if (!row) throw notFound('Mailing');
      if (!from.includes(row.state)) throw conflict(`The mailing is ${row.state}`);
      await em.update(MailingEntity, { id }, { state: to, ...(to === 'cancelled' && { finishedAt: new Date() }) });
      await this.audit.record(em, actor, 'update', 'mailing', id, { state: row.state }, { state: to });
    });
    return this.get(id);
  }

  private async kick(id: number, at = new Date()): Promise<void> {
    if (!this.jobs || this.stopping) return;
    await this.jobs.schedule(BATCH_JOB, `mailing-${id}`, { mailingId: id }, at);
  }

  private track(work: Promise<void>): Promise<void> {
    this.running.add(work);
    return work.finally(() => this.running.delete(work));
  }

  /**
   * One batch of a running mailing, then the next is planned at the mailing's rate. Each row turns
   * `sending` only as its send starts, and only while the mailing still runs (a pause or cancel stops the
   * rest of the batch); what the batch did not start is let go for the next. A temporary refusal puts
   * its row back and the mailing waits RETRY_MS before the next batch.
   */
  private async batch(mailingId: number): Promise<void> {
    if (this.stopping) return;
    const mailing = await this.ds.getRepository(MailingEntity).findOneBy({ id: mailingId });
    if (!mailing || mailing.state !== 'running') return;
    const started = Date.now();
    const size = Math.min(MAX_BATCH, Math.max(1, Math.round((mailing.ratePerMinute * BATCH_MS) / 60_000)));
    const rows = await this.claim(mailingId, size);
    if (rows.length === 0) return this.finishIfDone(mailingId);
    const template = await this.ds.getRepository(MessageTemplateEntity).findOneBy({ id: mailing.templateId });
    const recipients = await loadRecipients(this.ds.manager, rows.map((r) => r.clientId), this.floorZone());
    const addresses = [...recipients.values()].flatMap((r) => (mailing.channel === 'email' ? r.emails : r.phones));
    const optedOut = await this.optouts.optedOut(mailing.channel, addresses);
    const source = template ? { texts: toTemplateView(template).texts } : { texts: {} };
    const queue = [...rows];
    let refused = false;
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        if (this.stopping || refused || !(await this.startSending(row))) {
          queue.unshift(row);
          return;
        }
        const outcome = await this.delivery.deliver(row, recipients.get(row.clientId), source, optedOut, { retry: (row.attempts ?? 0) < MAX_ATTEMPTS });
        if (outcome.transient) {
          refused = true;
          await lastingWrite(this.ds, (em) => em.update(MessageEntity, { id: row.id }, { status: 'queued', claimedAt: null, error: outcome.error }));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
    // Rows not started (stopping, paused, cancelled, a refusal) are let go: queued ones become claimable again.
    if (queue.length > 0) await lastingWrite(this.ds, (em) => em.update(MessageEntity, { id: In(queue.map((r) => r.id)), status: 'queued' }, { claimedAt: null }));
    if (this.stopping) return;
    await this.kick(mailingId, new Date(refused ? Date.now() + this.retryMs : started + (rows.length * 60_000) / mailing.ratePerMinute));
  }

  /** The row turns `sending` now, if it is still queued and its mailing still runs (false: leave it). */
  private async startSending(row: MessageRow): Promise<boolean> {
    const now = new Date();
    const { affected } = await lastingWrite(this.ds, (em) =>
      em
        .createQueryBuilder()
        .update(MessageEntity)
        .set({ status: 'sending', claimedAt: now, attempts: () => 'attempts + 1' })
        .where("id = :id AND status = 'queued'", { id: row.id })
        .andWhere("mailing_id IN (SELECT m.id FROM mailings m WHERE m.id = :mailingId AND m.state = 'running')", { mailingId: row.mailingId })
        .execute(),
    );
    if (affected !== 1) return false;
    Object.assign(row, { status: 'sending', claimedAt: now, attempts: (row.attempts ?? 0) + 1 });
    return true;
  }

  /**
   * Takes up to `n` queued rows for this batch, locked in one transaction and marked with `claimed_at`
   * (still `queued`: a claim a dead process left is simply taken again after STALE_CLAIM_MS).
   */
  private async claim(mailingId: number, n: number): Promise<MessageRow[]> {
    const stale = new Date(Date.now() - STALE_CLAIM_MS);
    return transaction(
      this.ds,
      async (em) => {
        const lock = em.connection.options.type === 'mysql' ? ' FOR UPDATE SKIP LOCKED' : '';
        const ids = ((await em.query(`SELECT id FROM messages WHERE mailing_id = ? AND status = 'queued' AND (claimed_at IS NULL OR claimed_at < ?) ORDER BY id LIMIT ?${lock}`, [mailingId, dbTime(em, stale), n])) as { id: number }[]).map((r) => Number(r.id));
        if (ids.length === 0) return [];
        await em.getRepository(MessageEntity).update({ id: In(ids) }, { claimedAt: new Date() });
        return em.getRepository(MessageEntity).find({ where: { id: In(ids) }, order: { id: 'ASC' } });
      },
      { isolation: 'READ COMMITTED' },
    );
  }

  private async finishIfDone(mailingId: number): Promise<void> {
    const left = await this.ds.getRepository(MessageEntity).countBy([{ mailingId, status: 'queued' }, { mailingId, status: 'sending' }]);
    if (left === 0) await lastingWrite(this.ds, (em) => em.update(MailingEntity, { id: mailingId, state: 'running' }, { state: 'done', finishedAt: new Date() }));
  }

  /**
   * Every 30 s, on one node: messages a dead sender claimed are failed as interrupted (they may have gone
   * out), and every running mailing whose batches stopped coming (a lost job, a restart) is started again.
   */
  private async sweep(restarting = false): Promise<void> {
    // Any message a dead process was sending (a mailing's, a greeting, one from the card).
    await lastingWrite(this.ds, (em) =>
      em
        .createQueryBuilder()
        .update(MessageEntity)
        .set({ status: 'failed', error: 'interrupted: the server stopped while sending; it may have been delivered, so it is not sent again' })
        .where('status = :sending AND claimed_at < :stale', { sending: 'sending', stale: new Date(Date.now() - STALE_CLAIM_MS) })
        .execute(),
    );
    const running = await this.ds.getRepository(MailingEntity).find({ select: { id: true, ratePerMinute: true }, where: { state: 'running' } });
    for (const { id, ratePerMinute } of running) {
      const last = (await this.ds.query('SELECT MAX(claimed_at) AS at FROM messages WHERE mailing_id = ?', [id])) as { at: unknown }[];
      const lastAt = last[0]?.at ? dbDate(last[0].at).getTime() : 0;
      // Batches come every max(BATCH_MS, one message's time): only twice that silence means a lost batch.
      const pace = Math.max(BATCH_MS, 60_000 / ratePerMinute);
      if (restarting || Date.now() - lastAt > Math.max(SWEEP_EVERY_MS, 2 * pace)) await this.kick(id);
    }
  }

  private async views(rows: MailingRow[]): Promise<MailingView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const marks = ids.map(() => '?').join(', ');
    const [counts, names] = await Promise.all([
      this.ds.query(`SELECT mailing_id, status, COUNT(*) AS n FROM messages WHERE mailing_id IN (${marks}) GROUP BY mailing_id, status`, ids) as Promise<{ mailing_id: number; status: MessageStatus; n: number }[]>,
      this.ds.query(`SELECT ml.id, t.name AS template_name, u.name AS user_name FROM mailings ml LEFT JOIN message_templates t ON t.id = ml.template_id LEFT JOIN users u ON u.id = ml.created_by WHERE ml.id IN (${marks})`, ids) as Promise<{ id: number; template_name: string | null; user_name: string | null }[]>,
    ]);
    const by = new Map<number, Record<string, number>>();
    for (const c of counts) by.set(Number(c.mailing_id), { ...by.get(Number(c.mailing_id)), [c.status]: Number(c.n) });
    const named = new Map(names.map((n) => [Number(n.id), n]));
    return rows.map((r) => {
      const n = by.get(r.id) ?? {};
      return {
        id: r.id, name: r.name, channel: r.channel, templateId: r.templateId, templateName: named.get(r.id)?.template_name ?? null, segmentId: r.segmentId, segmentName: r.segmentName,
        state: r.state, ratePerMinute: r.ratePerMinute, total: r.total, queued: (n.queued ?? 0) + (n.sending ?? 0), sent: n.sent ?? 0, failed: n.failed ?? 0, skipped: n.skipped ?? 0,
        createdBy: r.createdById, createdByName: named.get(r.id)?.user_name ?? null, createdAt: r.createdAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
      };
    });
  }
}
