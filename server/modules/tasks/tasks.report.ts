import type { DataSource } from 'typeorm';
import type { ReportPeriod } from '../reports/report-period';
import type { ExportTable } from '../reports/report-export';
import type { TasksReport } from './task.view';

const n = (v: unknown) => Number(v ?? 0);

/**
 * Tasks by operator: open and overdue now (open, due before `now`), and done in the period (by when they
 * were marked done). One grouped read over the open tasks and the period's done ones.
 */
export async function tasksReport(ds: DataSource, period: ReportPeriod, filter: { teamId?: number; operatorId?: number }, now: Date): Promise<TasksReport> {
  const qb = ds
    .createQueryBuilder()
    .select('t.assignee_id', 'assignee_id')
    .addSelect('u.name', 'name')
    .addSelect('u.team_id', 'team_id')
    .addSelect("SUM(CASE WHEN t.state = 'open' THEN 1 ELSE 0 END)", 'open')
    .addSelect("SUM(CASE WHEN t.state = 'open' AND t.due_at < :now THEN 1 ELSE 0 END)", 'overdue')
    .addSelect("SUM(CASE WHEN t.state = 'done' THEN 1 ELSE 0 END)", 'done')
    .from('tasks', 't')
    .leftJoin('users', 'u', 'u.id = t.assignee_id')
    .where("(t.state = 'open' OR (t.state = 'done' AND t.completed_at >= :from AND t.completed_at < :to))", { now, from: period.from, to: period.to });
  if (filter.operatorId !== undefined) qb.andWhere('t.assignee_id = :operatorId', { operatorId: filter.operatorId });
  if (filter.teamId !== undefined) qb.andWhere('u.team_id = :teamId', { teamId: filter.teamId });
  const rows: Record<string, unknown>[] = await qb.groupBy('t.assignee_id').addGroupBy('u.name').addGroupBy('u.team_id').getRawMany();
  const items = rows
    .map((r) => ({ operatorId: n(r.assignee_id), operatorName: (r.name as string | null) ?? null, teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id), open: n(r.open), overdue: n(r.overdue), done: n(r.done) }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || (a.operatorName ?? '').localeCompare(b.operatorName ?? ''));
  const total = { open: 0, overdue: 0, done: 0 };
  for (const i of items) (total.open += i.open), (total.overdue += i.overdue), (total.done += i.done);
  return { from: period.fromDay, to: period.toDay, items, total };
}

export function tasksReportTables(r: TasksReport): ExportTable[] {
  return [{ name: 'tasks', columns: ['operatorId', 'operatorName', 'teamId', 'open', 'overdue', 'done'], rows: [...r.items.map((i) => [i.operatorId, i.operatorName, i.teamId, i.open, i.overdue, i.done]), [null, 'total', null, r.total.open, r.total.overdue, r.total.done]] }];
}
