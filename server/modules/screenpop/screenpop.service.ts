import { In, IsNull, type DataSource } from 'typeorm';
import type { CallEvent } from '../../../telephony/call-event';
import { CallEntity, CallbackEntity, ClientEntity, ClientNoteEntity, ClientPhoneEntity, DealEntity, type CallRow } from '../../db/entities';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import type { CallUpdate, PopPerson, ScreenPop } from '../../realtime/realtime.events';
import { toCallView } from '../calls/call.view';
import type { CallRecord } from '../calls/call-record';
import { toDealView } from '../clients/deals.service';
import { toNoteView } from '../clients/notes.service';
import type { ClientLookupService } from '../clients/client-lookup.service';
import type { ClientView } from '../clients/client.view';
import type { ExtensionDirectory } from '../users/extension-directory';

/** A pop not acknowledged is re-sent when its operator reconnects, for this long after it was raised. */
const KEEP_UNACKED_MS = 10 * 60_000;

/** A card fetched as an inbound call arrived serves its rings for this long once in (a queue wait); then it is fetched again. */
const CARD_FRESH_MS = 30_000;

/** `acked`: on screen already; still sent to a browser that connects while the phone rings (a reload, a new tab). */
type Pending = { pop: ScreenPop; userId: number; raisedAt: number; callKey: string; acked: boolean };
type Card = Pick<ScreenPop, 'client' | 'recentCalls' | 'openCallbacks' | 'recentDeals' | 'lastNote' | 'organization' | 'people'>;
/** readyAt: null while the fetch is in flight (a ring then waits for it rather than fetching again). */
type CachedCard = { card: Promise<Card>; readyAt: number | null };
const NO_CARD: Card = { client: null, recentCalls: [], openCallbacks: [], recentDeals: [], lastNote: null, organization: null, people: [] };
/** The most contact people a switchboard's pop lists. */
const POP_PEOPLE = 20;

/**
 * The screen-pop: when an operator's phone rings, their screen gets the caller's card and history before
 * they answer. Socket.IO delivers at most once, so a pop stays pending until the browser acknowledges it
 * and is sent again when that operator reconnects. While the phone still rings, an acknowledged pop is
 * sent again too: a reloaded page or a new tab shows the ringing call (one answered or placed is rebuilt
 * from the call log: GET /api/calls/mine/open).
 */
export class ScreenPopService {
  private readonly pending = new Map<string, Pending>();
  /** Counters for /metrics: pops raised, acknowledged by a browser, sent again on reconnect. */
  readonly stats = { sent: 0, acknowledged: 0, resent: 0 };
  /** Operators who got a pop for a call: they also get its call:update events. */
  private readonly audience = new Map<string, Set<number>>();
  /** Callers' cards, fetched as inbound calls arrive: when a phone rings, the pop only has to be sent. */
  private readonly cards = new Map<string, CachedCard>();

  constructor(
    private readonly ds: DataSource,
    private readonly lookup: ClientLookupService,
    private readonly directory: ExtensionDirectory,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
  ) {}

  /** Called for every call event the call log applies. */
  handle(record: CallRecord, event: CallEvent): void {
    if (event.type === 'recording') return; // nothing an operator's screen shows
    const callKey = `${event.pbx}:${event.callId}`;
    if (event.type === 'started' && record.direction === 'inbound' && record.externalNumber) {
      // The caller is known before the queue rings anyone (IVR, announcement, queue wait): fetch the card now.
      const cached: CachedCard = { card: this.card(record), readyAt: null };
      cached.card.then(
        () => (cached.readyAt = Date.now()),
        () => this.cards.delete(callKey), // fetched again at the ring
      );
      this.cards.set(callKey, cached);
    }
    // Inbound: the phone that rings; outbound (click-to-call or dialled): the operator who places it.
    const popFor = event.type === 'ringing' ? event.extension : event.type === 'started' && event.direction === 'outbound' ? event.extension : null;
    if (popFor) {
      void this.raise(record, popFor, event.at, callKey).catch((err: Error) => this.logger.error({ err: err.message }, 'screen-pop failed'));
    }
    const update: CallUpdate = {
      pbx: event.pbx,
      callId: event.callId,
      state: event.type === 'ring_stopped' ? 'ringing' : event.type,
      extension: event.type === 'answered' || event.type === 'ringing' || event.type === 'ring_stopped' ? event.extension : event.type === 'transferred' ? event.to : event.type === 'started' ? event.extension : null,
      outcome: event.type === 'ended' ? event.cause : null,
      at: event.at.toISOString(),
      direction: record.direction,
      externalNumber: record.direction === 'internal' ? null : record.externalNumber,
      queue: record.queue,
    };
    if (event.type === 'ring_stopped' || event.type === 'answered' || event.type === 'transferred') this.dropRinging(callKey, event.type === 'ring_stopped' ? event.extension : null);
    if (event.type === 'ring_stopped') return;
    // The operators popped hear how their call goes: answered, passed on, over, and (extension null) that
    // the far end's phone rings: on a call they placed, they are on the line and the client is being rung.
    if (event.type === 'answered' || event.type === 'transferred' || event.type === 'ended' || (event.type === 'ringing' && event.extension === null)) {
      for (const userId of this.audience.get(callKey) ?? []) this.notifier.toUser(userId, 'call:update', update);
    }
    this.notifier.toSupervisors('call:update', update);
    if (event.type === 'ended') {
      this.audience.delete(callKey);
      this.cards.delete(callKey);
      // The call is over: a pop nobody saw is of no use once the operator is back.
      for (const [id, p] of this.pending) if (p.callKey === callKey) this.pending.delete(id);
    }
  }

  acknowledge(userId: number, popId: string): void {
    const p = this.pending.get(popId);
    if (p && p.userId === userId && !p.acked) {
      p.acked = true;
      this.stats.acknowledged++;
    }
  }

  /** The ring is over (answered, passed on, or this phone stopped): pops already seen need not be sent again. */
  private dropRinging(callKey: string, extension: string | null): void {
    for (const [id, p] of this.pending) if (p.acked && p.callKey === callKey && (extension === null || p.pop.extension === extension)) this.pending.delete(id);
  }

  /** The operator (re)connected: send what they have not acknowledged, and what still rings. */
  resend(userId: number): void {
    const now = Date.now();
    for (const [id, p] of this.pending) {
      if (now - p.raisedAt > KEEP_UNACKED_MS) this.pending.delete(id);
      else if (p.userId === userId) {
        this.notifier.toUser(userId, 'screenpop', p.pop);
        this.stats.resent++;
      }
    }
  }

  private async raise(record: CallRecord, extension: string, at: Date, callKey: string): Promise<void> {
    const userId = await this.directory.userIdOf(extension);
    if (userId === null) return;
    const pop = await this.build(record, extension, at, callKey);
    let audience = this.audience.get(callKey);
    if (!audience) this.audience.set(callKey, (audience = new Set()));
    audience.add(userId);
    this.pending.set(pop.popId, { pop, userId, raisedAt: Date.now(), callKey, acked: false });
    this.notifier.toUser(userId, 'screenpop', pop);
    this.stats.sent++;
    // The call went on while the card was fetched (a quick answer, a short call): the updates sent
    // meanwhile missed this operator, so what happened is told after the pop.
    for (const update of catchUp(record, extension)) this.notifier.toUser(userId, 'call:update', update);
  }

  /**
   * A call-log row as a pop, for a console rebuilding its calls (a reload, a second tab): the same card
   * the phone's ring gave, with the row's client (the wrap-up may have linked one) when it has one.
   */
  async popForCall(row: CallRow, extension: string): Promise<ScreenPop> {
    const number = row.direction === 'internal' ? null : (row.externalE164 ?? row.externalNumber);
    const client = row.clientId !== null ? await this.lookup.findById(row.clientId) : number ? await this.lookup.findByPhone(number) : null;
    return {
      popId: `restored:${row.pbx}:${row.pbxCallId}:${extension}`,
      pbx: row.pbx,
      callId: row.pbxCallId,
      direction: row.direction,
      externalNumber: number,
      externalName: null,
      extension,
      queue: row.queue,
      at: row.startedAt.toISOString(),
      ...(client ? await this.cardOf(client, row.pbx, row.pbxCallId) : NO_CARD),
    };
  }

  /** The pop: who rings whom, and the caller's card (fetched as the call arrived when it was inbound). */
  async build(record: CallRecord, extension: string, at: Date, callKey?: string): Promise<ScreenPop> {
    const number = record.direction === 'internal' ? null : record.externalNumber;
    const base = {
      popId: `${record.pbx}:${record.callId}:${extension}:${at.getTime()}`,
      pbx: record.pbx,
      callId: record.callId,
      direction: record.direction,
      externalNumber: number,
      externalName: record.externalName,
      extension,
      queue: record.queue,
      at: at.toISOString(),
    };
    return { ...base, ...(await this.cardFor(record, callKey)) };
  }

  /**
   * The card fetched when the call arrived (waited for if still in flight: a second fetch would only add to
   * the load that made it slow), if it found the client and is fresh; else fetched now. An unknown caller
   * is looked up again: the call log may have made them a lead in between.
   */
  private async cardFor(record: CallRecord, callKey: string | undefined): Promise<Card> {
    const cached = callKey ? this.cards.get(callKey) : undefined;
    if (cached && (cached.readyAt === null || Date.now() - cached.readyAt < CARD_FRESH_MS)) {
      const card = await cached.card.catch(() => null);
      if (card?.client) return card;
    }
    return this.card(record);
  }

  /** The card: the client (by any-format number), last 10 calls, open callbacks, recent deals, last note. */
  private async card(record: CallRecord): Promise<Card> {
    const number = record.direction === 'internal' ? null : record.externalNumber;
    const client = number ? await this.lookup.findByPhone(number) : null;
    return client ? this.cardOf(client, record.pbx, record.callId) : NO_CARD;
  }

  /**
   * The card. An organization's (its switchboard calls) lists its people and the history of all of them;
   * a contact person's names their organization. A plain person's costs no extra statement.
   */
  private async cardOf(client: ClientView, pbx: string, callId: string): Promise<Card> {
    const people = client.kind === 'organization' ? await this.peopleOf(client.id) : [];
    const ids = people.length > 0 ? In([client.id, ...people.map((p) => p.id)]) : client.id;
    const [calls, callbacks, deals, notes, organization] = await Promise.all([
      this.ds.getRepository(CallEntity).find({ where: { clientId: ids }, order: { startedAt: 'DESC', id: 'DESC' }, take: 11 }),
      this.ds.getRepository(CallbackEntity).find({ where: { clientId: ids, status: In(['pending']) }, order: { dueAt: 'ASC' }, take: 5 }),
      this.ds.getRepository(DealEntity).find({ where: { clientId: ids }, order: { closedAt: 'DESC', id: 'DESC' }, take: 3 }),
      this.ds.getRepository(ClientNoteEntity).find({ where: { clientId: ids }, order: { createdAt: 'DESC', id: 'DESC' }, take: 1 }),
      client.organizationId ? this.ds.getRepository(ClientEntity).findOneBy({ id: client.organizationId, deletedAt: IsNull() }) : null,
    ]);
    return {
      organization: organization ? { id: organization.id, name: organization.name, abcClass: organization.abcClass, tier: organization.tier } : null,
      people,
      client,
      // The call ringing now may already have its (open) row: history is what came before it.
      recentCalls: calls.filter((c) => !(c.pbx === pbx && c.pbxCallId === callId)).slice(0, 10).map(toCallView),
      openCallbacks: callbacks.map((c) => ({ id: c.id, dueAt: c.dueAt.toISOString(), assigneeId: c.assigneeId, note: c.note })),
      recentDeals: deals.map(toDealView),
      lastNote: notes[0] ? toNoteView(notes[0]) : null,
    };
  }

  private async peopleOf(organizationId: number): Promise<PopPerson[]> {
    const rows = await this.ds.getRepository(ClientEntity).find({ where: { organizationId, deletedAt: IsNull() }, order: { name: 'ASC', id: 'ASC' }, take: POP_PEOPLE });
    if (rows.length === 0) return [];
    const phones = await this.ds.getRepository(ClientPhoneEntity).find({ where: { clientId: In(rows.map((r) => r.id)) }, order: { position: 'ASC' } });
    return rows.map((r) => ({ id: r.id, name: r.name, position: r.position, phones: phones.filter((p) => p.clientId === r.id).map((p) => p.e164 ?? p.raw) }));
  }
}

/**
 * The updates a pop raised late must follow with: the answer, if it was this phone's (or, on a call this
 * phone placed, the far end's), and the end. A transfer's ring to a colleague is not told it was answered
 * before: for them the call starts with the transfer.
 */
function catchUp(record: CallRecord, extension: string): CallUpdate[] {
  const base = { pbx: record.pbx, callId: record.callId, direction: record.direction, externalNumber: record.direction === 'internal' ? null : record.externalNumber, queue: record.queue };
  const out: CallUpdate[] = [];
  const ours = record.answeredBy === extension || (record.direction !== 'inbound' && record.placedBy === extension);
  if (record.answeredAt !== null && ours) out.push({ ...base, state: 'answered', extension: record.answeredBy, outcome: null, at: new Date(record.answeredAt).toISOString() });
  if (record.endedAt !== null) out.push({ ...base, state: 'ended', extension: null, outcome: record.outcome, at: new Date(record.endedAt).toISOString() });
  return out;
}
