import type { DataSource } from 'typeorm';
import { dbDate } from '../../db/db-date';

export type TailRow = {
  /** null: callbacks nobody is assigned to. */
  assigneeId: number | null;
  assigneeName: string | null;
  teamId: number | null;
  count: number;
  oldestDueAt: string;
  /** Due `days` to 7 days ago. */
  age3to7: number;
  /** Due 7 to 14 days ago. */
  age7to14: number;
  /** Due 14 days ago or earlier. */
  age14plus: number;
};
export type TailsReport = { days: number; items: TailRow[]; total: number; buckets: { age3to7: number; age7to14: number; age14plus: number } };
export type TailsFilter = { days: number; teamId?: number; operatorId?: number };

const n = (v: unknown) => Number(v ?? 0);
/**
 * When the client was promised the call: what a tail's age counts from. The lead router's reassignments
 * move the due time (the new holder's clock), so a late promise handed on stays a tail of whoever holds it.
 */
const PROMISED = 'COALESCE(cb.promised_at, cb.due_at)';
const DAY = 86400_000;

/** Tails: callbacks still pending promised for more than `days` days ago, per current assignee, by age. */
export async function tailsReport(ds: DataSource, filter: TailsFilter, now: Date): Promise<TailsReport> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const qb = ds
    .createQueryBuilder()
    .select('cb.assignee_id', 'assignee_id')
    .addSelect('u.name', 'name')
    .addSelect('u.team_id', 'team_id')
    .addSelect('COUNT(*)', 'count')
    .addSelect(`MIN(${PROMISED})`, 'oldest')
    .addSelect(`SUM(CASE WHEN ${PROMISED} >= :d7 THEN 1 ELSE 0 END)`, 'a1')
    .addSelect(`SUM(CASE WHEN ${PROMISED} < :d7 AND ${PROMISED} >= :d14 THEN 1 ELSE 0 END)`, 'a2')
    .addSelect(`SUM(CASE WHEN ${PROMISED} < :d14 THEN 1 ELSE 0 END)`, 'a3')
    .from('callbacks', 'cb')
    .leftJoin('users', 'u', 'u.id = cb.assignee_id')
    .where("cb.status = 'pending'")
    .andWhere(`${PROMISED} < :cut`, { cut: ago(filter.days) })
    .setParameters({ d7: ago(7), d14: ago(14) });
  if (filter.operatorId !== undefined) qb.andWhere('cb.assignee_id = :operatorId', { operatorId: filter.operatorId });
  if (filter.teamId !== undefined) qb.andWhere('u.team_id = :teamId', { teamId: filter.teamId });
  const rows: Record<string, unknown>[] = await qb.groupBy('cb.assignee_id').addGroupBy('u.name').addGroupBy('u.team_id').getRawMany();
  const items = rows
    .map((r) => ({
      assigneeId: r.assignee_id === null || r.assignee_id === undefined ? null : n(r.assignee_id),
      assigneeName: (r.name as string | null) ?? null,
      teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id),
      count: n(r.count),
      oldestDueAt: dbDate(r.oldest).toISOString(),
      age3to7: n(r.a1),
      age7to14: n(r.a2),
      age14plus: n(r.a3),
    }))
    .sort((a, b) => b.count - a.count || a.oldestDueAt.localeCompare(b.oldestDueAt));
  const buckets = { age3to7: 0, age7to14: 0, age14plus: 0 };
  for (const i of items) (buckets.age3to7 += i.age3to7), (buckets.age7to14 += i.age7to14), (buckets.age14plus += i.age14plus);
  return { days: filter.days, items, total: items.reduce((a, i) => a + i.count, 0), buckets };
}
