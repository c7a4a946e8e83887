import type { DataSource } from 'typeorm';
import type { PbxConnector } from '../../../telephony/call-event';
import { pbxHttpError } from '../../pbx/pbx-http-error';
import { TeamEntity, UserEntity, type AgentState } from '../../db/entities';
import { AppError, forbidden, notFound } from '../../http/errors';
import type { LiveCall } from '../../realtime/realtime.events';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { SpyInput, SpyResult } from './coaching.schemas';

export type CoachingDeps = {
  /** The operator's live state across nodes (on_call while they talk). */
  stateOf: (userId: number) => Promise<AgentState>;
  /** Calls in progress on this node's PBX links: the call's id for the audit when this node follows it. */
  liveCalls: () => LiveCall[];
  /** The PBX link; coaching needs one that can spy (Asterisk). */
  pbx?: Pick<PbxConnector, 'spy'>;
};

/**
 * Live coaching: a supervisor listens to, whispers to or barges into an operator's call in progress, by
 * having the PBX ring their own phone into it. Supervisors only on the operators of the teams they
 * supervise, managers and admins on everyone. Every spy is audited; the operator is not told by the
 * product (the floor's policy decides that).
 */
export class CoachingService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly deps: CoachingDeps,
  ) {}

  async spy(actor: Actor, input: SpyInput): Promise<SpyResult> {
    if (!hasRole(actor.role, 'supervisor')) throw forbidden();
    const users = this.ds.getRepository(UserEntity);
    const [me, operator] = await Promise.all([users.findOneByOrFail({ id: actor.userId }), users.findOneBy({ id: input.operatorId })]);
    if (!operator || !operator.active || operator.role !== 'operator') throw notFound('Operator');
    if (actor.role === 'supervisor') {
      const team = operator.teamId === null ? null : await this.ds.getRepository(TeamEntity).findOneBy({ id: operator.teamId });
      if (team?.supervisorId !== actor.userId) throw forbidden('You can coach only the operators of the teams you supervise');
    }
    if (!me.extension) throw new AppError(400, 'no_extension', 'You have no phone extension; ask a manager to set one');
    // The call log knows this node's calls; in scale-out another node may follow the call, and the
    // operator's state (shared between nodes) still says they talk.
    const call = operator.extension ? this.deps.liveCalls().find((c) => c.extension === operator.extension) : undefined;
    const onCall = operator.extension !== null && (call !== undefined || (await this.deps.stateOf(operator.id)) === 'on_call');
    if (!onCall) throw new AppError(409, 'not_on_call', 'The operator is not on a call now');
    const pbx = this.deps.pbx;
    if (!pbx) throw new AppError(503, 'pbx_unavailable', 'No PBX is configured');
    if (!pbx.spy) throw new AppError(501, 'spy_not_supported', 'Live coaching is not supported on this PBX');
    let accepted: { actionId: string; message: string };
    try {
      accepted = await pbx.spy({ supervisorExtension: me.extension, operatorExtension: operator.extension!, mode: input.mode });
    } catch (err) {
      throw pbxHttpError(err);
    }
    // Audited once the PBX took the request (a refused one joined nobody's call).
    const callId = call?.callId ?? null;
    await this.audit.record(this.ds.manager, actor, 'spy', 'coaching', operator.id, null, { mode: input.mode, operatorId: operator.id, callId });
    return { ...accepted, callId };
  }
}
