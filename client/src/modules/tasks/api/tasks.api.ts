import { apiRequest, type Page } from '../../../app/api-client';
import type { AgendaView, BirthdaysView, TaskReportRow, TasksReport, TaskView } from '../../../../../server/modules/tasks/task.view';

/** Tasks as the server sends them (server/modules/tasks/task.view.ts: one contract for both sides). */
export type Task = TaskView;
export type Agenda = AgendaView;
export type Birthdays = BirthdaysView;
export type { TaskReportRow, TasksReport };
export const TASK_KINDS = ['call', 'meeting', 'letter', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export type TaskState = Task['state'];

export type TaskInput = {
  clientId: number;
  kind: TaskKind;
  title: string;
  note?: string | null;
  dueAt: string;
  durationMinutes?: number | null;
  assigneeId?: number;
  remindBeforeMinutes?: number | null;
};
export type TaskPatch = Partial<Omit<TaskInput, 'clientId'>> & { state?: TaskState };

export const createTask = (input: TaskInput) => apiRequest<Task>('/tasks', { method: 'POST', body: input });
export const updateTask = (id: number, patch: TaskPatch) => apiRequest<Task>(`/tasks/${id}`, { method: 'PATCH', body: patch });
export const getAgenda = (assigneeId: number | undefined, signal?: AbortSignal) => apiRequest<Agenda>('/tasks/agenda', { query: { assigneeId }, signal });
export const getCalendar = (from: string, to: string, assigneeId: number | undefined, signal?: AbortSignal) => apiRequest<{ timeZone: string; items: Task[] }>('/tasks/calendar', { query: { from, to, assigneeId }, signal });
export const listClientTasks = (clientId: number, signal?: AbortSignal) => apiRequest<Page<Task>>(`/clients/${clientId}/tasks`, { query: { limit: 200 }, signal });
export const getBirthdays = (query: { ownerId?: number; all?: boolean }, signal?: AbortSignal) => apiRequest<Birthdays>('/birthdays', { query: { ownerId: query.ownerId, all: query.all ? 'true' : undefined }, signal });
export const getTasksReport = (query: { from?: string; to?: string; teamId?: number; operatorId?: number }, signal?: AbortSignal) => apiRequest<TasksReport>('/reports/tasks', { query, signal });
