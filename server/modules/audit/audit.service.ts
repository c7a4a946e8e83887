import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntity, type AuditRow } from '../../db/entities';
import type { Actor } from '../auth/actor';
import { labelAuditEntries, type AuditLabels } from './audit-labels';
import { bulkInsert } from '../../db/bulk-write';

export type AuditAction = 'create' | 'update' | 'delete' | 'login' | 'logout' | 'reassign' | 'export' | 'role_change' | 'bulk_read' | 'confirm' | 'login_failed' | 'lockout' | 'merge' | 'listen' | 'download' | 'spy' | 'send' | 'opt_out';
/** What an entry is about; `report` entries are report files downloaded (who took which figures out). */
export const AUDIT_ENTITIES = ['client', 'user', 'team', 'callback', 'routing_rule', 'deal', 'note', 'call', 'setting', 'auth', 'disposition', 'report', 'import', 'campaign', 'dnc', 'recording', 'review', 'coaching', 'task', 'segment', 'template', 'mailing', 'message', 'optout'] as const;
export type AuditEntityName = (typeof AUDIT_ENTITIES)[number];

export type AuditEntry = {
  id: number;
  at: string;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  ip: string | null;
};

/** An entry as the list answers it: with the actor's and the object's names (see audit-labels). */
export type AuditListEntry = AuditEntry & AuditLabels;

/** Filters: the object (entity and id), who did it, and when (`from` inclusive, `to` exclusive). */
export type AuditQuery = { entity?: string; entityId?: string; actorId?: number; from?: Date; to?: Date; limit: number; offset: number };

/**
 * The audit log: who changed what, when, before and after. Writers pass the EntityManager of their
 * own transaction, so a change and its audit entry are committed together or not at all.
 */
export class AuditService {
  constructor(private readonly ds: DataSource) {}

  async record(
    em: EntityManager,
    actor: Actor | null,
    action: AuditAction,
    entity: AuditEntityName,
    entityId: number | string,
    before: unknown,
    after: unknown,
    /** Where it came from when there is no signed-in actor (a failed login). */
    ip: string | null = null,
  ): Promise<void> {
    await em.insert(AuditEntity, {
      at: new Date(),
      actorId: actor?.userId ?? null,
      action,
      entity,
      entityId: String(entityId),
      before: before === null || before === undefined ? null : JSON.stringify(before),
      after: after === null || after === undefined ? null : JSON.stringify(after),
      ip: actor?.ip ?? ip,
    });
  }

  /** Many entries in one INSERT, in the caller's transaction (an import's clients): as `record` writes each. */
  async recordMany(em: EntityManager, actor: Actor | null, entries: { action: AuditAction; entity: AuditEntityName; entityId: number | string; before: unknown; after: unknown }[]): Promise<void> {
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    const at = new Date();
    await bulkInsert(em, 'audit_log', ['at', 'actor_id', 'action', 'entity', 'entity_id', 'before', 'after', 'ip'], entries.map((e) => [at, actor?.userId ?? null, e.action, e.entity, String(e.entityId), json(e.before), json(e.after), actor?.ip ?? null]));
  }

  /** An entry that goes with no change of data (a file taken out): written on its own. */
  async recordAlone(actor: Actor, action: AuditAction, entity: AuditEntityName, entityId: number | string, after: unknown): Promise<void> {
    await this.record(this.ds.manager, actor, action, entity, entityId, null, after);
  }

  async list(q: AuditQuery): Promise<{ items: AuditListEntry[]; total: number }> {
    const qb = this.ds.getRepository(AuditEntity).createQueryBuilder('a');
    if (q.entity) qb.andWhere('a.entity = :entity', { entity: q.entity });
    if (q.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: q.entityId });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    if (q.from) qb.andWhere('a.at >= :from', { from: q.from });
    if (q.to) qb.andWhere('a.at < :to', { to: q.to });
    const [rows, total] = await qb.orderBy('a.id', 'DESC').skip(q.offset).take(q.limit).getManyAndCount();
    const entries = rows.map(toEntry);
    const labels = await labelAuditEntries(this.ds, entries);
    return { items: entries.map((e, i) => ({ ...e, ...labels[i]! })), total };
  }
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

function toEntry(r: AuditRow): AuditEntry {
  return { id: r.id, at: r.at.toISOString(), actorId: r.actorId, action: r.action, entity: r.entity, entityId: r.entityId, before: parse(r.before), after: parse(r.after), ip: r.ip };
}
