import type { DataSource } from 'typeorm';
import type { ReportPeriod } from '../reports/report-period';
import type { ExportTable } from '../reports/report-export';
import type { TaskReportRow, TasksReport } from './task.view';

const n = (v: unknown) => Number(v ?? 0);
type Filter = { teamId?: number; operatorId?: number };

/** Grouped counts per assignee of the tasks `where` selects, with the report's filters. */
async function perAssignee(ds: DataSource, figures: Record<string, string>, where: string, params: Record<string, unknown>, filter: Filter): Promise<Record<string, unknown>[]> {
  const qb = ds.createQueryBuilder().select('t.assignee_id', 'assignee_id').from('tasks', 't').where(where, params);
  for (const [alias, sql] of Object.entries(figures)) qb.addSelect(sql, alias);
  if (filter.operatorId !== undefined) qb.andWhere('t.assignee_id = :operatorId', { operatorId: filter.operatorId });
  if (filter.teamId !== undefined) qb.andWhere('t.assignee_id IN (SELECT u.id FROM users u WHERE u.team_id = :teamId)', { teamId: filter.teamId });
  return qb.groupBy('t.assignee_id').getRawMany();
}

/**
 * Tasks by operator: open and overdue now (open, due before `now`), and done in the period (by when they
 * were marked done). Two grouped reads, each on its own index (state, assignee, due) and (state, completed).
 */
export async function tasksReport(ds: DataSource, period: ReportPeriod, filter: Filter, now: Date): Promise<TasksReport> {
  const [open, done] = await Promise.all([
    perAssignee(ds, { open: 'COUNT(*)', overdue: 'SUM(CASE WHEN t.due_at < :now THEN 1 ELSE 0 END)' }, "t.state = 'open'", { now }, filter),
    perAssignee(ds, { done: 'COUNT(*)' }, "t.state = 'done' AND t.completed_at >= :from AND t.completed_at < :to", { from: period.from, to: period.to }, filter),
  ]);
  const rows = new Map<number, TaskReportRow>();
  const row = (id: number) => rows.get(id) ?? rows.set(id, { operatorId: id, operatorName: null, teamId: null, open: 0, overdue: 0, done: 0 }).get(id)!;
  for (const r of open) Object.assign(row(n(r.assignee_id)), { open: n(r.open), overdue: n(r.overdue) });
  for (const r of done) row(n(r.assignee_id)).done = n(r.done);
  if (rows.size > 0) {
    const users = (await ds.createQueryBuilder().select(['u.id AS id', 'u.name AS name', 'u.team_id AS team_id']).from('users', 'u').where('u.id IN (:...ids)', { ids: [...rows.keys()] }).getRawMany()) as Record<string, unknown>[];
    for (const u of users) Object.assign(row(n(u.id)), { operatorName: (u.name as string | null) ?? null, teamId: u.team_id === null || u.team_id === undefined ? null : n(u.team_id) });
  }
  const items = [...rows.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || (a.operatorName ?? '').localeCompare(b.operatorName ?? ''));
  const total = { open: 0, overdue: 0, done: 0 };
  for (const i of items) (total.open += i.open), (total.overdue += i.overdue), (total.done += i.done);
  return { from: period.fromDay, to: period.toDay, items, total };
}

export function tasksReportTables(r: TasksReport): ExportTable[] {
  return [{ name: 'tasks', columns: ['operatorId', 'operatorName', 'teamId', 'open', 'overdue', 'done'], rows: [...r.items.map((i) => [i.operatorId, i.operatorName, i.teamId, i.open, i.overdue, i.done]), [null, 'total', null, r.total.open, r.total.overdue, r.total.done]] }];
}
