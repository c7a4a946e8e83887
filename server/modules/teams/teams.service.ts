import { transaction } from '../../db/transaction';
import { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';
import { TeamEntity, UserEntity, type TeamRow } from '../../db/entities';
import { badRequest, conflict, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { singleLine } from '../../http/text-fields';

export const createTeamSchema = z.object({ name: singleLine(100), supervisorId: z.number().int().positive().nullable().optional() }).strict();
/** A rename and/or a new supervisor (null: none); at least one of them. */
export const updateTeamSchema = createTeamSchema.partial().refine((p) => p.name !== undefined || p.supervisorId !== undefined, { message: 'Give a name or a supervisorId' });
export type TeamView = { id: number; name: string; supervisorId: number | null };

const toView = (t: TeamRow): TeamView => ({ id: t.id, name: t.name, supervisorId: t.supervisorId });

export class TeamsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<{ items: TeamView[]; total: number }> {
    const rows = await this.ds.getRepository(TeamEntity).find({ order: { name: 'ASC' } });
    return { items: rows.map(toView), total: rows.length };
  }

  async create(actor: Actor, input: z.infer<typeof createTeamSchema>): Promise<TeamView> {
    return transaction(this.ds, async (em) => {
      if (await em.existsBy(TeamEntity, { name: input.name })) throw conflict('A team with this name exists');
      if (input.supervisorId) await assertSupervisor(em, input.supervisorId);
      const { identifiers } = await em.insert(TeamEntity, { name: input.name, supervisorId: input.supervisorId ?? null, createdAt: new Date() });
      const team = toView(await em.findOneByOrFail(TeamEntity, { id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'team', team.id, null, team);
      return team;
    });
  }

  /** Renames a team or gives it another supervisor (or none); audited with the team before and after. */
  async update(actor: Actor, id: number, input: z.infer<typeof updateTeamSchema>): Promise<TeamView> {
    return transaction(this.ds, async (em) => {
      const team = await em.findOneBy(TeamEntity, { id });
      if (!team) throw notFound('Team');
      if (input.name !== undefined && input.name !== team.name && (await em.existsBy(TeamEntity, { name: input.name }))) throw conflict('A team with this name exists');
      if (input.supervisorId) await assertSupervisor(em, input.supervisorId);
      await em.update(TeamEntity, { id }, { ...(input.name !== undefined && { name: input.name }), ...(input.supervisorId !== undefined && { supervisorId: input.supervisorId }) });
      const after = toView(await em.findOneByOrFail(TeamEntity, { id }));
      await this.audit.record(em, actor, 'update', 'team', id, toView(team), after);
      return after;
    });
  }
}

/** A team's supervisor takes its escalated callbacks: an active supervisor, manager or admin. */
async function assertSupervisor(em: EntityManager, userId: number) {
  const user = await em.findOneBy(UserEntity, { id: userId });
  if (!user) throw badRequest(`User ${userId} does not exist`);
  if (!user.active || user.role === 'operator') throw badRequest(`User ${userId} cannot supervise a team (an active supervisor, manager or admin can)`);
}
