import { transaction } from '../../db/transaction';
import type { DataSource } from 'typeorm';
import { RoutingRuleEntity, TeamEntity, UserEntity } from '../../db/entities';
import { badRequest, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { toRule, type RoutingRule, type RuleInput, type WorkingHours } from './routing-rule';

/** Managers' routing rules: ordered by position, first match wins. Every change is audited. */
export class RoutingRulesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    /** Told after any change: timers are re-planned with the new grace periods. */
    private readonly onChange: () => void = () => undefined,
    /** The floor's working hours, which rules without hours of their own follow. */
    private readonly floorHours: () => Promise<WorkingHours | null> = async () => null,
  ) {}

  async list(): Promise<{ items: RoutingRule[]; total: number }> {
    const rows = await this.ds.getRepository(RoutingRuleEntity).find({ order: { position: 'ASC', id: 'ASC' } });
    return { items: rows.map(toRule), total: rows.length };
  }

  /** The rules that act, in order; one without working hours of its own keeps the floor's. */
  async enabled(): Promise<RoutingRule[]> {
    const [rules, hours] = await Promise.all([this.list(), this.floorHours()]);
    return rules.items.filter((r) => r.enabled).map((r) => (r.workingHours || !hours ? r : { ...r, workingHours: hours }));
  }

  async create(actor: Actor, input: RuleInput): Promise<RoutingRule> {
    await this.checkReferences(input);
    const rule = await transaction(this.ds, async (em) => {
      const max = await em.getRepository(RoutingRuleEntity).maximum('position');
      const now = new Date();
      const { identifiers } = await em.insert(RoutingRuleEntity, {
        name: input.name,
        enabled: input.enabled,
        position: input.position ?? (max ?? -1) + 1,
        scope: JSON.stringify(input.scope),
        graceMinutes: input.graceMinutes,
        action: JSON.stringify(input.action),
        workingHours: input.workingHours ? JSON.stringify(input.workingHours) : null,
        maxReassignments: input.maxReassignments,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      const created = toRule(await em.findOneByOrFail(RoutingRuleEntity, { id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'routing_rule', created.id, null, created);
      return created;
    });
    this.onChange();
    return rule;
  }

  async update(actor: Actor, id: number, patch: Partial<RuleInput>): Promise<RoutingRule> {
    await this.checkReferences(patch);
    const rule = await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(RoutingRuleEntity, { id });
      if (!row) throw notFound('Routing rule');
      const before = toRule(row);
      await em.update(RoutingRuleEntity, { id }, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...(patch.position !== undefined && { position: patch.position }),
        ...(patch.scope !== undefined && { scope: JSON.stringify(patch.scope) }),
        ...(patch.graceMinutes !== undefined && { graceMinutes: patch.graceMinutes }),
        ...(patch.action !== undefined && { action: JSON.stringify(patch.action) }),
        ...(patch.workingHours !== undefined && { workingHours: patch.workingHours ? JSON.stringify(patch.workingHours) : null }),
        ...(patch.maxReassignments !== undefined && { maxReassignments: patch.maxReassignments }),
        version: row.version + 1,
        updatedAt: new Date(),
      });
      const after = toRule(await em.findOneByOrFail(RoutingRuleEntity, { id }));
      await this.audit.record(em, actor, 'update', 'routing_rule', id, before, after);
      return after;
    });
    this.onChange();
    return rule;
  }

  async remove(actor: Actor, id: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      const row = await em.findOneBy(RoutingRuleEntity, { id });
      if (!row) throw notFound('Routing rule');
      await em.delete(RoutingRuleEntity, { id });
      await this.audit.record(em, actor, 'delete', 'routing_rule', id, toRule(row), null);
    });
    this.onChange();
  }

  private async checkReferences(input: Partial<RuleInput>): Promise<void> {
    const action = input.action;
    if (action?.type === 'user' && !(await this.ds.getRepository(UserEntity).existsBy({ id: action.userId, active: true }))) throw badRequest(`User ${action.userId} does not exist or is inactive`);
    if ((action?.type === 'round_robin' || action?.type === 'least_loaded') && action.teamId && !(await this.ds.getRepository(TeamEntity).existsBy({ id: action.teamId }))) {
      throw badRequest(`Team ${action.teamId} does not exist`);
    }
  }
}
