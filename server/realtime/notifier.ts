import type { ServerToClientEvents } from './realtime.events';

/** How services reach people live, without knowing about Socket.IO (tests pass a recorder). */
export type Notifier = {
  toUser<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  toSupervisors<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
};

export const silentNotifier: Notifier = { toUser: () => undefined, toSupervisors: () => undefined };

/** A notifier whose target is set later (the Socket.IO server exists only once HTTP listens). */
export class LateNotifier implements Notifier {
  private target: Notifier = silentNotifier;

  attach(target: Notifier): void {
    this.target = target;
  }

  toUser<E extends keyof ServerToClientEvents>(userId: number, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.target.toUser(userId, event, ...args);
  }

  toSupervisors<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.target.toSupervisors(event, ...args);
  }
}
