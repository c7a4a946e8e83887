import { transaction } from '../../db/transaction';
import type { DataSource } from 'typeorm';
import type { PbxConnector } from '../../../telephony/call-event';
import { pbxHttpError } from '../../pbx/pbx-http-error';
import { In, IsNull } from 'typeorm';
import { CallEntity, CallLegEntity, ClientEntity, UserEntity } from '../../db/entities';
import { AppError, badRequest, forbidden, notFound } from '../../http/errors';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { ReadBudget } from '../read-budget/read-budget.service';
import { toCallView, type CallView } from './call.view';
import type { ListCallsQuery, OriginateInput, WrapUpInput } from './calls.schemas';
import { DISPOSITIONS } from './calls.schemas';
import type { CallbacksService } from '../callbacks/callbacks.service';
import type { DispositionsService, DispositionView } from '../dispositions/dispositions.service';
import { recordStageChange } from '../clients/stage-history';
import { historyIds } from '../clients/organization-links';
import type { DoNotCallList } from '../dnc/dnc.service';

/** What a wrap-up's result code sets off: the manager's list says which code does what. */
export type WrapUpEffects = { dispositions: DispositionsService; callbacks: CallbacksService };

/** The server keeps a callback's note to this length; the wrap-up note may be longer. */
const CALLBACK_NOTE_MAX = 2000;

/** Reads the call log and takes the operator's wrap-up; writing calls from PBX events is the connector's. */
export class CallsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly region: PhoneRegions,
    private readonly pbx: PbxConnector | undefined,
    /** Told after each wrap-up (the KPIs count dispositions; the rollups drop the call's days). */
    private readonly onWrapUp: (endedAt: Date | null, operatorId: number | null, before: string | null, after: string | null, startedAt: Date) => void = () => undefined,
    /** Caps and audits how many call rows (every caller's number) a user reads through the list. */
    private readonly reads?: ReadBudget,
    /** The result codes (validation, side effects); without it, the seeded codes are accepted and nothing more happens. */
    private readonly effects?: WrapUpEffects,
    /** Numbers never dialed: click-to-call refuses them (403 do_not_call, the reason in the details). */
    private readonly doNotCall?: DoNotCallList,
  ) {}

  /** A page of calls; with `actor`, the page size and the rows read count against the user's read budget. */
  async list(q: ListCallsQuery, actor?: Actor): Promise<{ items: CallView[]; total: number }> {
    if (actor && this.reads) this.reads.checkPage(actor, q.limit);
    const settle = actor && this.reads ? await this.reads.reserve(actor, q.limit, { entity: 'call', list: 'calls', filters: q }) : undefined;
    let read = 0;
    try {
      const page = await this.page(q);
      read = page.items.length;
      return page;
    } finally {
      await settle?.(read);
    }
  }

  private async page(q: ListCallsQuery): Promise<{ items: CallView[]; total: number }> {
    const qb = this.ds.getRepository(CallEntity).createQueryBuilder('k');
    if (q.from) qb.andWhere('k.started_at >= :from', { from: q.from });
    if (q.to) qb.andWhere('k.started_at < :to', { to: q.to });
    if (q.operatorId) qb.andWhere('k.operator_id = :operatorId', { operatorId: q.operatorId });
    if (q.campaignId) qb.andWhere('k.campaign_id = :campaignId', { campaignId: q.campaignId });
    if (q.clientId) qb.andWhere('k.client_id = :clientId', { clientId: q.clientId });
    if (q.organizationId) qb.andWhere('k.client_id IN (:...members)', { members: await historyIds(this.ds.manager, q.organizationId) });
    if (q.outcome) qb.andWhere('k.outcome = :outcome', { outcome: q.outcome });
    if (q.direction) qb.andWhere('k.direction = :direction', { direction: q.direction });
    if (q.pbx) qb.andWhere('k.pbx = :pbx', { pbx: q.pbx });
    if (q.pbxCallId) qb.andWhere('k.pbx_call_id = :pbxCallId', { pbxCallId: q.pbxCallId });
    const [rows, total] = await qb.orderBy('k.started_at', 'DESC').addOrderBy('k.id', 'DESC').offset(q.offset).limit(q.limit).getManyAndCount();
    return { items: rows.map(toCallView), total };
  }

  async get(id: number): Promise<CallView> {
    const row = await this.ds.getRepository(CallEntity).findOneBy({ id });
    if (!row) throw notFound('Call');
    return toCallView(row);
  }

  /**
   * The operator who took the call (or a supervisor) records its result. A newly picked code must be an
   * active one; what it does follows: closes the client's pending callbacks, promises one at `callbackAt`
   * (required by codes that open one when the call has a client), marks the client lost or, for a sale, a
   * customer (audited, and recorded in the client's stage history).
   */
  async wrapUp(actor: Actor, id: number, input: WrapUpInput): Promise<CallView> {
    const { callbackAt, ...fields } = input;
    if (this.effects) await this.effects.dispositions.all(); // the list in memory before the transaction
    const result = await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(CallEntity, { id });
      if (!row) throw notFound('Call');
      // Whoever talked on it may wrap it up: the operator who answered, or the one it was transferred to.
      const onTheCall = row.operatorId === actor.userId || (await em.existsBy(CallLegEntity, { pbx: row.pbx, pbxCallId: row.pbxCallId, operatorId: actor.userId, outcome: In(['answered', 'transferred_in']) }));
      if (!onTheCall && !hasRole(actor.role, 'supervisor')) throw forbidden('Only the operators of this call can wrap it up');
      if (fields.clientId !== undefined && fields.clientId !== null && !(await em.existsBy(ClientEntity, { id: fields.clientId, deletedAt: IsNull() }))) throw badRequest(`Client ${fields.clientId} does not exist`);
      // A retired code stays on the calls that have it (saving one again with its note is fine); it is not picked anew.
      const picked = fields.disposition && fields.disposition !== row.disposition ? await this.requireActive(fields.disposition) : undefined;
      const clientId = fields.clientId !== undefined ? fields.clientId : row.clientId;
      if (callbackAt !== undefined) {
        if (clientId === null) throw badRequest('callbackAt needs a client on the call');
        if (callbackAt.getTime() <= Date.now()) throw badRequest('callbackAt must be in the future');
      } else if (picked?.opensCallback && clientId !== null) {
        throw new AppError(400, 'callback_time_required', `The result ${picked.code} promises a callback: give callbackAt`);
      }
      // Linked to another client: the call counts at that client's funnel stage (the contact-length report's split).
      const stage = fields.clientId === undefined || fields.clientId === row.clientId ? {} : { clientStage: fields.clientId === null ? null : (await em.findOneByOrFail(ClientEntity, { id: fields.clientId })).stage };
      await em.update(CallEntity, { id }, { ...fields, ...stage, updatedAt: new Date() });
      const after = toCallView(await em.findOneByOrFail(CallEntity, { id }));
      await this.audit.record(em, actor, 'update', 'call', id, { disposition: row.disposition, note: row.note, clientId: row.clientId }, { disposition: after.disposition, note: after.note, clientId: after.clientId });
      // A result that settles the client moves them through the funnel: lost, or a sale makes a customer.
      const moveTo = picked?.marksLost ? 'lost' : picked?.marksSale ? 'customer' : null;
      if (moveTo && clientId !== null) {
        const client = await em.findOneBy(ClientEntity, { id: clientId });
        if (client && !client.deletedAt && client.stage !== moveTo) {
          const now = new Date();
          await em.update(ClientEntity, { id: clientId }, { stage: moveTo, updatedAt: now });
          await recordStageChange(em, { clientId, from: client.stage, to: moveTo, at: now, byId: actor.userId, callId: id });
          await this.audit.record(em, actor, 'update', 'client', clientId, { stage: client.stage }, { stage: moveTo, byCallId: id, disposition: picked!.code });
        }
      }
      return { after, row, picked, clientId };
    });
    this.onWrapUp(result.row.endedAt, result.row.operatorId, result.row.disposition, result.after.disposition, result.row.startedAt);
    const { picked, clientId, after } = result;
    if (this.effects && clientId !== null) {
      // After the commit: the callbacks keep their own transactions, timers and notifications.
      if (picked?.closesCallback) await this.effects.callbacks.completeByCall(clientId, actor.userId, id, { anyAssignee: true });
      if (callbackAt) {
        const note = (after.note ?? '').slice(0, CALLBACK_NOTE_MAX).trim() || null;
        await this.effects.callbacks.create(actor, { clientId, assigneeId: actor.userId, dueAt: callbackAt, note, priority: 0, originCallId: id });
      }
    }
    return after;
  }

  /** An active result code of the manager's list (or of the seeded codes without it). */
  private async requireActive(code: string): Promise<DispositionView | undefined> {
    if (this.effects) return this.effects.dispositions.requireActive(code);
    if (!DISPOSITIONS.some((d) => d.code === code)) throw new AppError(400, 'unknown_disposition', `disposition must be one of ${DISPOSITIONS.map((d) => d.code).join(', ')}`);
    return undefined;
  }

  /**
   * Click-to-call: the PBX rings the operator's own extension, then dials the number. Answers with the
   * PBX's own response; a PBX that is down, refuses or does not answer gives a clear 503/502/504.
   */
  async originate(actor: Actor, input: OriginateInput): Promise<{ actionId: string; message: string; number: string }> {
    const user = await this.ds.getRepository(UserEntity).findOneByOrFail({ id: actor.userId });
    if (!user.extension) throw new AppError(400, 'no_extension', 'You have no phone extension; ask a manager to set one');
    const number = normalizePhone(input.number, this.region).e164;
    if (!number) throw new AppError(400, 'invalid_number', `${input.number} is not a phone number that can be dialed`);
    const dnc = await this.doNotCall?.check(number);
    if (dnc?.blocked) throw new AppError(403, 'do_not_call', `${number} is on the do-not-call list${dnc.reason ? `: ${dnc.reason}` : ''}`, { reason: dnc.reason });
    let callerName: string | undefined;
    if (input.clientId) {
      const client = await this.ds.getRepository(ClientEntity).findOneBy({ id: input.clientId });
      if (!client || client.deletedAt) throw notFound('Client');
      callerName = client.name;
    }
    if (!this.pbx) throw new AppError(503, 'pbx_unavailable', 'No PBX is configured');
    try {
      return { ...(await this.pbx.originate({ extension: user.extension, number, callerName })), number };
    } catch (err) {
      throw pbxHttpError(err);
    }
  }
}
