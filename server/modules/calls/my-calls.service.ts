import { In, IsNull, MoreThanOrEqual, type DataSource } from 'typeorm';
import { CallEntity, CallLegEntity, ClientEntity, UserEntity, type CallRow } from '../../db/entities';
import { forbidden, notFound } from '../../http/errors';
import { hasRole, type Actor } from '../auth/actor';
import type { ScreenPopService } from '../screenpop/screenpop.service';
import { toCallView } from './call.view';
import type { ConsoleCallView, MyCallsPage, MyCallView, OpenCallsView } from './my-calls.view';
import type { MyCallsQuery } from './my-calls.schemas';

/** Calls of the day listed at most (a busy operator takes ~150). */
const DAY_LIMIT = 500;
/** Pending wrap-ups brought back as console sessions at most (the rest wait in "My calls today"). */
const WRAP_UP_LIMIT = 20;
/** An open row older than this is left to the stale-call check, not shown as a call in progress. */
const OPEN_CALL_MAX_MS = 12 * 3_600_000;
const DAY_MS = 86_400_000;

const needsResult = (c: CallRow) => c.answeredAt !== null && c.endedAt !== null && c.disposition === null;

/**
 * The operator's own calls, from the database (the source of truth, whichever node holds the PBX link):
 * a console that was reloaded or opened mid-call rebuilds its cards and pending wrap-ups from here. A call
 * is the operator's when they answered or placed it, or talked on it after a transfer.
 */
export class MyCallsService {
  constructor(
    private readonly ds: DataSource,
    private readonly screenpops: ScreenPopService,
  ) {}

  /** The day's calls, the ones in progress and those still without a result first, then newest first. */
  async today(actor: Actor, q: MyCallsQuery): Promise<MyCallsPage> {
    const rows = await this.rowsSince(actor.userId, q.from ?? new Date(Date.now() - DAY_MS));
    const names = await this.clientNames(rows);
    const rank = (c: CallRow) => (c.endedAt === null ? 0 : needsResult(c) ? 1 : 2);
    rows.sort((a, b) => rank(a) - rank(b) || b.startedAt.getTime() - a.startedAt.getTime() || b.id - a.id);
    const items = rows.map((c): MyCallView => ({ ...toCallView(c), inProgress: c.endedAt === null, needsResult: needsResult(c), clientName: c.clientId === null ? null : (names.get(c.clientId) ?? null) }));
    return { items, total: items.length, unresolved: items.filter((c) => c.needsResult).length };
  }

  /** What the console shows again after a reload: the calls in progress and the wrap-ups still owed, oldest first. */
  async open(actor: Actor, q: MyCallsQuery): Promise<OpenCallsView> {
    const extension = await this.extensionOf(actor.userId);
    const active = await this.ds.getRepository(CallEntity).find({
      where: { operatorId: actor.userId, endedAt: IsNull(), startedAt: MoreThanOrEqual(new Date(Date.now() - OPEN_CALL_MAX_MS)) },
      order: { startedAt: 'ASC', id: 'ASC' },
      take: 10,
    });
    const owed = (await this.rowsSince(actor.userId, q.from ?? new Date(Date.now() - DAY_MS)))
      .filter(needsResult)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
      .slice(0, WRAP_UP_LIMIT)
      .reverse();
    const view = async (row: CallRow) => ({ ...(await this.screenpops.popForCall(row, extension)), call: toCallView(row) });
    return { active: await Promise.all(active.map(view)), wrapUps: await Promise.all(owed.map(view)) };
  }

  /** One call as the console shows it (to wrap up a call from "My calls today"): its operators and supervisors. */
  async pop(actor: Actor, id: number): Promise<ConsoleCallView> {
    const row = await this.ds.getRepository(CallEntity).findOneBy({ id });
    if (!row) throw notFound('Call');
    const onTheCall = row.operatorId === actor.userId || (await this.ds.getRepository(CallLegEntity).existsBy({ pbx: row.pbx, pbxCallId: row.pbxCallId, operatorId: actor.userId, outcome: In(['answered', 'transferred_in']) }));
    if (!onTheCall && !hasRole(actor.role, 'supervisor')) throw forbidden('This call is someone else’s');
    return { ...(await this.screenpops.popForCall(row, await this.extensionOf(actor.userId))), call: toCallView(row) };
  }

  /** Calls since `from` that the user answered or placed (the row's operator) or talked on after a transfer. */
  private async rowsSince(userId: number, from: Date): Promise<CallRow[]> {
    const calls = this.ds.getRepository(CallEntity);
    const own = await calls.find({ where: { operatorId: userId, startedAt: MoreThanOrEqual(from) }, order: { startedAt: 'DESC', id: 'DESC' }, take: DAY_LIMIT });
    const legs = await this.ds.getRepository(CallLegEntity).find({
      select: { pbx: true, pbxCallId: true },
      where: { operatorId: userId, ringStartedAt: MoreThanOrEqual(from), outcome: In(['answered', 'transferred_in']) },
      take: DAY_LIMIT,
    });
    const have = new Set(own.map((c) => `${c.pbx}\u0000${c.pbxCallId}`));
    const missing = legs.filter((l) => !have.has(`${l.pbx}\u0000${l.pbxCallId}`));
    if (missing.length === 0) return own;
    const wanted = new Set(missing.map((l) => `${l.pbx}\u0000${l.pbxCallId}`));
    const more = await calls.find({ where: { pbx: In([...new Set(missing.map((l) => l.pbx))]), pbxCallId: In([...new Set(missing.map((l) => l.pbxCallId))]) } });
    return [...own, ...more.filter((c) => wanted.has(`${c.pbx}\u0000${c.pbxCallId}`))];
  }

  private async clientNames(rows: CallRow[]): Promise<Map<number, string>> {
    const ids = [...new Set(rows.flatMap((c) => (c.clientId === null ? [] : [c.clientId])))];
    if (ids.length === 0) return new Map();
    const clients = await this.ds.getRepository(ClientEntity).find({ select: { id: true, name: true }, where: { id: In(ids) } });
    return new Map(clients.map((c) => [c.id, c.name]));
  }

  private async extensionOf(userId: number): Promise<string> {
    const user = await this.ds.getRepository(UserEntity).findOne({ select: { id: true, extension: true }, where: { id: userId } });
    return user?.extension ?? '';
  }
}
