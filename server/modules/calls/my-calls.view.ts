import type { ScreenPop } from '../../realtime/realtime.events';
import type { CallView } from './call.view';

/** One of the operator's calls of the day, as "My calls today" lists it. */
export type MyCallView = CallView & {
  /** Still going on (the row is open). */
  inProgress: boolean;
  /** Answered and over, with no result yet: the operator owes it a wrap-up. */
  needsResult: boolean;
  clientName: string | null;
};

/** A call as the console rebuilds it: the pop its ring gave (client, history, callbacks) and its row. */
export type ConsoleCallView = ScreenPop & { call: CallView };

/** GET /api/calls/mine/open: what a reloaded console shows again. */
export type OpenCallsView = { active: ConsoleCallView[]; wrapUps: ConsoleCallView[] };

/** GET /api/calls/mine: the day's calls, in progress and owing a result first. */
export type MyCallsPage = { items: MyCallView[]; total: number; unresolved: number };
