import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import { sendReportFile } from '../reports/report-export';
import { tasksReportTables } from './tasks.report';
import { agendaQuery, birthdaysQuery, calendarQuery, clientTasksQuery, createTaskSchema, listTasksQuery, tasksReportQuery, updateTaskSchema } from './tasks.schemas';
import type { TasksService } from './tasks.service';

/**
 * Tasks and meetings, the agenda, the calendar and upcoming birthdays (every role, each seeing their own;
 * supervisors and managers everyone's), and the tasks report (supervisors and up). Changes are audited.
 */
export function tasksRoutes(tasks: TasksService): Router {
  const r = Router();
  r.get('/tasks', async (req, res) => {
    res.json(await tasks.list(actorOf(req), parseQuery(listTasksQuery, req)));
  });
  r.post('/tasks', async (req, res) => {
    res.status(201).json(await tasks.create(actorOf(req), parseBody(createTaskSchema, req)));
  });
  r.get('/tasks/agenda', async (req, res) => {
    res.json(await tasks.agenda(actorOf(req), parseQuery(agendaQuery, req)));
  });
  r.get('/tasks/calendar', async (req, res) => {
    res.json(await tasks.calendar(actorOf(req), parseQuery(calendarQuery, req)));
  });
  r.get('/tasks/:id', async (req, res) => {
    res.json(await tasks.get(actorOf(req), idParam(req)));
  });
  r.patch('/tasks/:id', async (req, res) => {
    res.json(await tasks.update(actorOf(req), idParam(req), parseBody(updateTaskSchema, req)));
  });
  r.delete('/tasks/:id', async (req, res) => {
    await tasks.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });
  r.get('/clients/:id/tasks', async (req, res) => {
    const q = parseQuery(clientTasksQuery, req);
    res.json(await tasks.list(actorOf(req), { clientId: idParam(req), state: q.state, limit: q.limit, offset: 0, overdue: undefined }));
  });
  r.get('/birthdays', async (req, res) => {
    res.json(await tasks.birthdays(actorOf(req), parseQuery(birthdaysQuery, req)));
  });
  r.get('/reports/tasks', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(tasksReportQuery, req);
    const report = await tasks.report(q);
    if (format === 'json') res.json(report);
    else await sendReportFile(res, format, `tasks-${report.from}-${report.to}`, tasksReportTables(report));
  });
  return r;
}
