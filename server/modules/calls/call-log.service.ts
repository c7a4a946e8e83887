import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { CallEvent } from '../../../telephony/call-event';
import type { LiveCall } from '../../realtime/realtime.events';
import { bulkUpsert } from '../../db/bulk-write';
import { transaction } from '../../db/transaction';
import { CallEntity, type CallRow, type FunnelStage } from '../../db/entities';
import type { Logger } from '../../logging/logger';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import type { ClientsService } from '../clients/clients.service';
import type { ExtensionDirectory } from '../users/extension-directory';
import { CallRecord, type CallFigures } from './call-record';
import type { CallSpool } from './call-spool';

export type CallLogOptions = {
  /** An inbound call from an unknown, valid number creates a lead client. */
  createLeads: boolean;
  region: PhoneRegions;
  /** How long events gather before one batched write. */
  flushIntervalMs?: number;
  /** After a failed write, the first retry; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** The durable spool (CALL_SPOOL_DIR): every event is in it until its call is committed. */
  spool?: CallSpool;
};

/** An ended call as written, for what follows from calls (callbacks closed or opened). */
export type WrittenCall = { id: number | null; pbx: string; pbxCallId: string; direction: CallDirectionName; outcome: string | null; clientId: number | null; operatorId: number | null };
type CallDirectionName = 'inbound' | 'outbound' | 'internal';

/**
 * clientId: undefined until matched, null when the number belongs to no client; clientStage: that client's
 * funnel stage when matched (what the call is counted at). version counts the events
 * applied (a write commits only what it saw). With the spool: events (the call's so far) and the spool
 * generation its history was last written in. orphan: no PBX link of this node follows the call any more
 * (replayed from the spool, or the link went to another node): dropped once written.
 */
type Entry = { record: CallRecord; clientId: number | null | undefined; clientStage: FunnelStage | null; version: number; events: CallEvent[] | null; spoolGen: number; lastAt: number; orphan: boolean };

const CALL_COLUMNS = ['pbx', 'pbx_call_id', 'direction', 'external_number', 'external_e164', 'client_id', 'client_stage', 'operator_id', 'queue', 'started_at', 'answered_at', 'ended_at', 'ring_seconds', 'wait_seconds', 'talk_seconds', 'outcome', 'created_at', 'updated_at'];
type CallValues = Omit<CallRow, 'id' | 'disposition' | 'note' | 'recordingUrl' | 'campaignId'>;
const callValues = (r: CallValues): unknown[] => [r.pbx, r.pbxCallId, r.direction, r.externalNumber, r.externalE164, r.clientId, r.clientStage, r.operatorId, r.queue, r.startedAt, r.answeredAt, r.endedAt, r.ringSeconds, r.waitSeconds, r.talkSeconds, r.outcome, r.createdAt, r.updatedAt];
const LEG_COLUMNS = ['pbx', 'pbx_call_id', 'leg_no', 'extension', 'operator_id', 'ring_started_at', 'answered_at', 'ended_at', 'ring_seconds', 'talk_seconds', 'outcome'];

/** What a later write of an ended call may overwrite: the PBX's facts, never the operator's wrap-up. */
const PBX_COLUMNS = ['direction', 'external_number', 'external_e164', 'client_id', 'client_stage', 'operator_id', 'queue', 'started_at', 'answered_at', 'ended_at', 'ring_seconds', 'wait_seconds', 'talk_seconds', 'outcome', 'updated_at'];
/** What a written open call takes when it is answered: who and when (its ring and wait with them). */
const ANSWER_COLUMNS = ['answered_at', 'operator_id', 'ring_seconds', 'wait_seconds', 'updated_at'];
/** A call's client as matched: its id and funnel stage then (both null: no client). */
type Matched = { id: number | null; stage: FunnelStage | null };
const NO_CLIENT: Matched = { id: null, stage: null };
const keyOf = (pbx: string, callId: string) => `${pbx}\u0000${callId}`;

/**
 * The call log: folds CallEvents into one row per call, written in batches. Idempotent on
 * (pbx, pbx_call_id): an open call is inserted only if absent, an ended call overwrites the PBX-derived
 * columns (never the operator's disposition or note), so a replayed or duplicated stream yields the
 * same rows. Writes that fail (database down) stay queued and are retried; nothing is dropped.
 */
export class CallLogService {
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<string>();
  /** Calls with events not yet committed (dirty ones, and queue or ring-stop events that wait for the next write). */
  private readonly unsaved = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private retryDelay: number;
  private failing = false;
  private stopped = false;
  private extensions: ReadonlyMap<string, number> = new Map();
  private readonly listeners: ((record: CallRecord, event: CallEvent) => void)[] = [];
  private readonly writtenListeners: ((calls: WrittenCall[]) => void)[] = [];
  private readonly endedListeners: ((endedAts: Date[], startedAts: Date[]) => void)[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientsService,
    private readonly directory: ExtensionDirectory,
    private readonly logger: Logger,
    private readonly opts: CallLogOptions,
  ) {
    this.retryDelay = opts.retryMs ?? 500;
  }

  /** Calls being tracked in memory (in progress, or ended and not yet written). */
  get pending(): number {
    return this.entries.size;
  }

  /** Subscribes to every applied event, with the call's record as it stands (screen-pop, KPIs). */
  onEvent(listener: (record: CallRecord, event: CallEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Calls in progress on this node's PBX links, for the floor view. */
  live(): LiveCall[] {
    return [...this.entries.values()]
      .filter((e) => !e.record.ended)
      .map(({ record: r }) => {
        const f = r.figures();
        return { pbx: r.pbx, callId: r.callId, direction: r.direction, externalNumber: r.direction === 'internal' ? null : r.externalNumber, queue: r.queue, startedAt: f.startedAt.toISOString(), queuedAt: r.queuedAt === null ? null : new Date(r.queuedAt).toISOString(), answeredAt: f.answeredAt?.toISOString() ?? null, extension: f.operatorExtension };
      });
  }

  /**
   * Told the end times of every ended call and leg written, closed stale ones included (the KPI rollup's
   * days), and the start times of those calls (the contacts rollup's days).
   */
  onEndedWritten(listener: (endedAts: Date[], startedAts: Date[]) => void): void {
    this.endedListeners.push(listener);
  }

  /** Subscribes to ended calls once they are committed, with their client and operator. */
  onWritten(listener: (calls: WrittenCall[]) => void): void {
    this.writtenListeners.push(listener);
  }

  handle(event: CallEvent): void {
    const key = keyOf(event.pbx, event.callId);
    let entry = this.entries.get(key);
    if (entry?.record.ended) {
      // A late duplicate of a finished call changes nothing; the same call told again starts over
      // (its row is rewritten with the same figures).
      if (event.type !== 'started') return;
      entry = undefined;
    }
    if (!entry) {
      if (event.type !== 'started') return; // the tail of a call we never saw start (it was logged by an earlier run)
      entry = this.newEntry(key, event);
    }
    entry.orphan = false; // a PBX link of this node follows it (again)
    this.apply(key, entry, event);
    for (const listener of this.listeners) listener(entry.record, event);
    if (event.type === 'queued' || event.type === 'ring_stopped') return; // nothing a row shows changed yet
    this.dirty.add(key);
    this.schedule(this.opts.flushIntervalMs ?? 50);
  }

  /**
   * At start, before any PBX link: opens the spool and replays what a previous run left in it (calls it
   * held while the database was down, or not yet written when it stopped). Writes are idempotent, so
   * calls that were committed after all come out the same. Calls that had not ended are written as open
   * rows and left to the PBX link's resync (closeStale) to close or follow.
   */
  async restore(): Promise<number> {
    const spool = this.opts.spool;
    if (!spool) return 0;
    const calls = await spool.open();
    let restored = 0;
    for (const events of calls) {
      const first = events[0]!;
      if (first.type !== 'started') continue;
      const key = keyOf(first.pbx, first.callId);
      if (this.entries.has(key)) continue;
      const entry = this.newEntry(key, first);
      for (const event of events) this.apply(key, entry, event);
      entry.orphan = !entry.record.ended;
      this.dirty.add(key);
      restored++;
    }
    await spool.replayed();
    if (restored > 0) {
      this.logger.warn({ calls: restored, dir: spool.dir }, 'calls replayed from the spool of an earlier run');
      this.schedule(0);
    }
    return restored;
  }

  /**
   * This node's link to `pbx` went to another node (the lease): the calls in progress are that node's to
   * follow and log now. What this node has not written yet is still written; the rest is forgotten.
   */
  release(pbx: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.record.pbx !== pbx || entry.record.ended) continue;
      if (this.dirty.has(key) || this.unsaved.has(key)) {
        entry.orphan = true;
        this.dirty.add(key);
      } else this.entries.delete(key);
    }
    if (this.dirty.size > 0) this.schedule(0);
  }

  /** Syncs the spool and lets go of it (shutdown, after the last flush). */
  async closeSpool(): Promise<void> {
    await this.opts.spool?.close();
  }

  private newEntry(key: string, started: CallEvent): Entry {
    const entry: Entry = { record: new CallRecord(started.pbx, started.callId, started.at.getTime()), clientId: undefined, clientStage: null, version: 0, events: this.opts.spool ? [] : null, spoolGen: -1, lastAt: 0, orphan: false };
    this.entries.set(key, entry);
    return entry;
  }

  /** Applies an event to the call and, before anything can lose it, hands it to the spool. */
  private apply(key: string, entry: Entry, event: CallEvent): void {
    entry.record.apply(event);
    entry.version++;
    entry.lastAt = Math.max(entry.lastAt, event.at.getTime());
    this.unsaved.add(key);
    const spool = this.opts.spool;
    if (!spool) return;
    entry.events!.push(event);
    if (entry.spoolGen === spool.generation) spool.append([event], false);
    else {
      // First time in this spool generation: the whole call, so any spool replays whole calls.
      spool.append(entry.events!, true);
      entry.spoolGen = spool.generation;
    }
  }

  /** Writes everything queued now (tests, shutdown). Rejects if the database refuses. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => undefined);
    if (this.dirty.size === 0) return;
    this.flushing = this.write();
    try {
      await this.flushing;
    } finally {
      this.flushing = undefined;
    }
  }

  /**
   * After a reconnect or a restart: rows still open for this PBX whose call is not in progress any more
   * ended while nobody listened. They are closed with what is known, never left open.
   */
  async closeStale(pbx: string, liveCallIds: ReadonlySet<string>): Promise<number> {
    // Calls replayed from the spool that the PBX does not list: ended while no node of ours followed them.
    // Closed here with what is known (answered stays answered), written with the rest.
    let orphans = 0;
    for (const [key, entry] of this.entries) {
      const r = entry.record;
      if (!entry.orphan || r.pbx !== pbx || r.ended || liveCallIds.has(r.callId)) continue;
      const cause = r.answeredAt !== null ? 'answered' : r.direction === 'inbound' ? 'abandoned' : 'failed';
      this.apply(key, entry, { pbx, callId: r.callId, at: new Date(entry.lastAt), type: 'ended', cause });
      this.dirty.add(key);
      orphans++;
    }
    if (orphans > 0) this.schedule(0);
    const open = await this.ds.getRepository(CallEntity).find({ where: { pbx, endedAt: IsNull() } });
    const ends: Date[] = [];
    const starts: Date[] = [];
    for (const row of open) {
      if (liveCallIds.has(row.pbxCallId) || this.entries.has(keyOf(pbx, row.pbxCallId))) continue;
      const endedAt = row.updatedAt > row.startedAt ? row.updatedAt : row.startedAt;
      const outcome = row.answeredAt ? 'answered' : row.direction === 'inbound' ? 'abandoned' : 'failed';
      const talkSeconds = row.answeredAt ? Math.max(0, Math.round((endedAt.getTime() - row.answeredAt.getTime()) / 1000)) : null;
      const res = await this.ds.getRepository(CallEntity).update({ id: row.id, endedAt: IsNull() }, { endedAt, outcome, talkSeconds, updatedAt: new Date() });
      if (res.affected) ends.push(endedAt), starts.push(row.startedAt);
    }
    if (ends.length > 0) {
      this.logger.warn({ pbx, closed: ends.length }, 'closed calls that ended while the PBX link was down');
      for (const listener of this.endedListeners) listener(ends, starts);
    }
    return ends.length;
  }

  /** No more writes (shutdown): what is unwritten stays in the spool for the next start. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delay: number): void {
    // A write in flight when stop() came must not retry for ever against a closed database.
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => {
          if (this.failing) this.logger.info('call log writes resumed');
          this.failing = false;
          this.retryDelay = this.opts.retryMs ?? 500;
        },
        (err: Error) => {
          if (!this.failing) this.logger.error({ err: err.message, queued: this.dirty.size }, 'call log write failed; keeping the calls and retrying');
          this.failing = true;
          this.schedule(this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, this.opts.maxRetryMs ?? 10_000);
        },
      );
    }, delay);
  }

  private async write(): Promise<void> {
    const keys = [...this.dirty];
    const versions = keys.map((k) => this.entries.get(k)?.version);
    const batch = keys.map((k) => this.entries.get(k)!).filter(Boolean);
    this.extensions = await this.directory.snapshot();
    // Client ids found or created inside the transaction count only once it commits (a rolled back lead
    // must not stick to the call).
    const result = await transaction(this.ds, async (em) => {
      const found = await this.resolveClients(em, batch);
      const clientOf = (e: Entry): Matched => (e.clientId !== undefined ? { id: e.clientId, stage: e.clientStage } : (found.get(e) ?? NO_CLIENT));
      const now = new Date();
      const open = batch.filter((e) => !e.record.ended);
      const ended = batch.filter((e) => e.record.ended);
      if (open.length > 0) {
        const rows = open.map((e) => this.row(e, clientOf(e), now));
        // New rows go in whole; a row already written takes who answered and when (one statement for the
        // batch), unless it ended meanwhile (the ended row is the truth) or this call is still unanswered.
        await bulkUpsert(em, 'calls', CALL_COLUMNS, rows.map(callValues), ['pbx', 'pbx_call_id'], ANSWER_COLUMNS, (old, incoming) => `${old('ended_at')} IS NULL AND ${incoming('answered_at')} IS NOT NULL`);
      }
      const endedAts: Date[] = [];
      const startedAts: Date[] = [];
      for (let i = 0; i < ended.length; i += 500) {
        const chunk = ended.slice(i, i + 500);
        const calls = chunk.map((e) => this.row(e, clientOf(e), now));
        await bulkUpsert(em, 'calls', CALL_COLUMNS, calls.map(callValues), ['pbx', 'pbx_call_id'], PBX_COLUMNS);
        const legs = chunk.flatMap((e) =>
          e.record.legFigures().map((l) => [e.record.pbx, e.record.callId, l.legNo, l.extension, this.extensions.get(l.extension) ?? null, l.ringStartedAt, l.answeredAt, l.endedAt, l.ringSeconds, l.talkSeconds, l.outcome]),
        );
        await bulkUpsert(em, 'call_legs', LEG_COLUMNS, legs, ['pbx', 'pbx_call_id', 'leg_no'], LEG_COLUMNS.slice(3));
        // The days they ended on, calls' and legs' alike (a leg may end before midnight, its call after).
        for (const at of [...calls.map((c) => c.endedAt), ...legs.map((l) => l[7])]) if (at instanceof Date) endedAts.push(at);
        for (const c of calls) startedAts.push(c.startedAt);
      }
      // The PBX's recording file: given to the row once (a recording link set otherwise, e.g. Twilio's, stays).
      for (const e of batch) {
        if (e.record.recordingFile === null) continue;
        await em.createQueryBuilder().update(CallEntity).set({ recordingUrl: e.record.recordingFile })
          .where('pbx = :pbx AND pbx_call_id = :callId AND recording_url IS NULL', { pbx: e.record.pbx, callId: e.record.callId }).execute();
      }
      const written: WrittenCall[] = [];
      if (this.writtenListeners.length > 0 && ended.length > 0) {
        // pbx first: the unique (pbx, pbx_call_id) index serves the lookup.
        const ids = await em.find(CallEntity, { select: { id: true, pbx: true, pbxCallId: true }, where: { pbx: In([...new Set(ended.map((e) => e.record.pbx))]), pbxCallId: In(ended.map((e) => e.record.callId)) } });
        const idOf = new Map(ids.map((r) => [`${r.pbx}\u0000${r.pbxCallId}`, r.id]));
        for (const e of ended) {
          const row = this.row(e, clientOf(e), now);
          written.push({ id: idOf.get(keyOf(row.pbx, row.pbxCallId)) ?? null, pbx: row.pbx, pbxCallId: row.pbxCallId, direction: row.direction, outcome: row.outcome, clientId: row.clientId, operatorId: row.operatorId });
        }
      }
      return { found, written, endedAts, startedAts };
    });
    for (const [entry, client] of result.found) (entry.clientId = client.id), (entry.clientStage = client.stage);
    if (result.written.length > 0) for (const listener of this.writtenListeners) listener(result.written);
    if (result.endedAts.length > 0) for (const listener of this.endedListeners) listener(result.endedAts, result.startedAts);
    keys.forEach((key, i) => {
      const entry = this.entries.get(key);
      // An event that came in while the batch was written is not in it: the call stays queued.
      if (entry && entry.version !== versions[i]) return;
      this.dirty.delete(key);
      this.unsaved.delete(key);
      if (entry?.record.ended || entry?.orphan) this.entries.delete(key);
    });
    this.spoolCommitted();
  }

  /** After a commit: an all-committed spool is emptied; an overgrown one keeps only the calls not yet written. */
  private spoolCommitted(): void {
    const spool = this.opts.spool;
    if (!spool) return;
    if (this.unsaved.size === 0) return spool.committedAll();
    if (!spool.wantsCompaction) return;
    const histories: CallEvent[][] = [];
    for (const key of this.unsaved) {
      const entry = this.entries.get(key);
      if (entry?.events) histories.push(entry.events);
    }
    spool.compact(histories);
    for (const key of this.unsaved) {
      const entry = this.entries.get(key);
      if (entry) entry.spoolGen = spool.generation;
    }
  }

  private row(entry: Entry, client: Matched, now: Date): CallValues {
    const f: CallFigures = entry.record.figures();
    const e164 = f.externalNumber ? normalizePhone(f.externalNumber, this.opts.region).e164 : null;
    return {
      pbx: f.pbx,
      pbxCallId: f.pbxCallId,
      direction: f.direction,
      externalNumber: f.externalNumber?.slice(0, 64) ?? null,
      externalE164: e164,
      clientId: client.id,
      clientStage: client.stage,
      operatorId: f.operatorExtension ? (this.extensions.get(f.operatorExtension) ?? null) : null,
      queue: f.queue,
      startedAt: f.startedAt,
      answeredAt: f.answeredAt,
      endedAt: f.endedAt,
      ringSeconds: f.ringSeconds,
      waitSeconds: f.waitSeconds,
      talkSeconds: f.talkSeconds,
      outcome: f.outcome,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Matches numbers to clients (with their stage) in one query per batch; unknown inbound callers become leads. */
  private async resolveClients(em: EntityManager, batch: Entry[]): Promise<Map<Entry, Matched>> {
    const found = new Map<Entry, Matched>();
    const todo = batch.filter((e) => e.clientId === undefined);
    const numbers = new Map<Entry, string | null>(
      todo.map((e) => [e, e.record.direction !== 'internal' && e.record.externalNumber ? normalizePhone(e.record.externalNumber, this.opts.region).e164 : null]),
    );
    const e164s = [...new Set([...numbers.values()].filter((n): n is string => n !== null))];
    const owners = new Map<string, Matched>();
    for (let i = 0; i < e164s.length; i += 1000) {
      // The client's row comes along by its primary key: the stage the call is counted at.
      const phones: { e164: string; client_id: unknown; stage: FunnelStage }[] = await em
        .createQueryBuilder()
        .select(['p.e164 AS e164', 'p.client_id AS client_id', 'c.stage AS stage'])
        .from('client_phones', 'p')
        .innerJoin('clients', 'c', 'c.id = p.client_id')
        .where('p.e164 IN (:...e164s)', { e164s: e164s.slice(i, i + 1000) })
        .getRawMany();
      for (const p of phones) owners.set(p.e164, { id: Number(p.client_id), stage: p.stage });
    }
    for (const entry of todo) {
      const e164 = numbers.get(entry)!;
      let client = e164 ? (owners.get(e164) ?? NO_CLIENT) : NO_CLIENT;
      if (client.id === null && e164 && this.opts.createLeads && entry.record.direction === 'inbound') {
        client = { id: await this.clients.createLead(em, { phone: e164, name: entry.record.externalName }), stage: 'lead' };
        owners.set(e164, client);
      }
      found.set(entry, client);
    }
    return found;
  }
}
