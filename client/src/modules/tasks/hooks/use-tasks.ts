import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTask, getAgenda, getBirthdays, getCalendar, listClientTasks, updateTask, type TaskInput, type TaskPatch } from '../api/tasks.api';

/** Every tasks query starts with 'tasks': a change refreshes the agenda, the calendar and the card at once. */
export const taskKeys = {
  all: ['tasks'] as const,
  agenda: (assigneeId: number | undefined) => ['tasks', 'agenda', assigneeId ?? 'me'] as const,
  calendar: (from: string, to: string, assigneeId: number | undefined) => ['tasks', 'calendar', from, to, assigneeId ?? 'me'] as const,
  client: (clientId: number) => ['tasks', 'client', clientId] as const,
  birthdays: (owner: string) => ['birthdays', owner] as const,
};

export function useAgenda(assigneeId: number | undefined) {
  return useQuery({ queryKey: taskKeys.agenda(assigneeId), queryFn: ({ signal }) => getAgenda(assigneeId, signal), refetchInterval: 60_000 });
}

export function useCalendar(from: string, to: string, assigneeId: number | undefined) {
  return useQuery({ queryKey: taskKeys.calendar(from, to, assigneeId), queryFn: ({ signal }) => getCalendar(from, to, assigneeId, signal), placeholderData: keepPreviousData });
}

export function useClientTasks(clientId: number) {
  return useQuery({ queryKey: taskKeys.client(clientId), queryFn: ({ signal }) => listClientTasks(clientId, signal) });
}

/** `owner`: 'me', 'all' or an owner's id. */
export function useBirthdays(owner: string) {
  return useQuery({
    queryKey: taskKeys.birthdays(owner),
    queryFn: ({ signal }) => getBirthdays(owner === 'all' ? { all: true } : owner === 'me' ? {} : { ownerId: Number(owner) }, signal),
    staleTime: 10 * 60_000,
  });
}

/** Create or change a task; every tasks view refreshes after it. */
export function useSaveTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: number; patch: TaskPatch } | { input: TaskInput }) => ('id' in v ? updateTask(v.id, v.patch) : createTask(v.input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}
