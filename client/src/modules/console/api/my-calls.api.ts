// The API's own view types, shared with the server (type-only: erased at build).
import type { ConsoleCallView, MyCallsPage, MyCallView, OpenCallsView } from '../../../../../server/modules/calls/my-calls.view';
import { apiRequest } from '../../../app/api-client';

export type ConsoleCall = ConsoleCallView;
export type MyCall = MyCallView;
export type { MyCallsPage, OpenCallsView };

/** The start of today in the browser's time zone, as an instant: "today" is the operator's day. */
export function startOfToday(now = new Date()): string {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

/** The signed-in user's calls in progress and the wrap-ups they still owe (a reloaded console rebuilds from these). */
export const getOpenCalls = (signal?: AbortSignal) => apiRequest<OpenCallsView>('/calls/mine/open', { query: { from: startOfToday() }, signal });

/** The signed-in user's calls of today: in progress and without a result first. */
export const listMyCallsToday = (from: string, signal?: AbortSignal) => apiRequest<MyCallsPage>('/calls/mine', { query: { from }, signal });

/** One call as the console shows it (its card and history), to wrap it up from "My calls today". */
export const getCallPop = (id: number, signal?: AbortSignal) => apiRequest<ConsoleCall>(`/calls/${id}/pop`, { signal });
