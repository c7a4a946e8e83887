import { transaction } from '../../db/transaction';
import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { TeamEntity, UserEntity, type TeamRow } from '../../db/entities';
import { badRequest, conflict } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { singleLine } from '../../http/text-fields';

export const createTeamSchema = z.object({ name: singleLine(100), supervisorId: z.number().int().positive().nullable().optional() }).strict();
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
      if (input.supervisorId && !(await em.existsBy(UserEntity, { id: input.supervisorId }))) throw badRequest(`User ${input.supervisorId} does not exist`);
      const { identifiers } = await em.insert(TeamEntity, { name: input.name, supervisorId: input.supervisorId ?? null, createdAt: new Date() });
      const team = toView(await em.findOneByOrFail(TeamEntity, { id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'team', team.id, null, team);
      return team;
    });
  }
}
