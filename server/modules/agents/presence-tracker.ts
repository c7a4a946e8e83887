import { Not, type DataSource } from 'typeorm';
import { UserEntity } from '../../db/entities';
import type { Logger } from '../../logging/logger';
import type { AgentStateService } from './agent-state.service';

/** How long an operator whose last browser went away stays in their state: a reload comes back within it. */
export const OFFLINE_GRACE_MS = 15_000;

/** Counts a user's live sockets on every node (Socket.IO's fetchSockets through the adapter). */
export type SocketCounter = (userId: number) => Promise<number>;

/**
 * Who is really there. Signing out makes the operator offline at once; when their last socket closes
 * (on any node) they go offline after a grace, unless a socket of theirs is back by then (a reload, a
 * network blip, a node restart). Offline operators are paused in the PBX's queues and never get work
 * from the lead router, which reads the same state.
 */
export class PresenceTracker {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private countSockets: SocketCounter | undefined;
  private stopped = false;

  constructor(
    private readonly ds: DataSource,
    private readonly agents: AgentStateService,
    private readonly logger: Logger,
    readonly graceMs = OFFLINE_GRACE_MS,
  ) {}

  /** Called by the realtime gateway once it exists. */
  attach(countSockets: SocketCounter): void {
    this.countSockets = countSockets;
  }

  /**
   * At start: users left on shift by a node that stopped (or by a whole restart) get the same grace to
   * reconnect before they are made offline. (Not in demo mode: the demo PBX plays the operators.)
   */
  reviewOnShift(): void {
    void this.ds
      .getRepository(UserEntity)
      .find({ select: { id: true }, where: { state: Not('offline') } })
      .then((rows) => rows.forEach((r) => this.later(r.id)))
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'presence: cannot list who is on shift'));
  }

  /** A socket of theirs connected (on this node). */
  connected(userId: number): void {
    clearTimeout(this.timers.get(userId));
    this.timers.delete(userId);
  }

  /** A socket of theirs closed: offline after the grace unless one is open somewhere by then. */
  disconnected(userId: number): void {
    this.later(userId);
  }

  /** Signed out: offline at once (with whatever else they had open: signing out ends the shift). */
  async signedOut(userId: number): Promise<void> {
    this.connected(userId);
    // The sign-out itself stands; if this fails, their sockets close with the session and the grace retries.
    await this.agents.signOff(userId).catch((err: Error) => this.logger.error({ err: err.message, userId }, 'presence: cannot make offline at sign-out'));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private later(userId: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(userId));
    const timer = setTimeout(() => {
      this.timers.delete(userId);
      void this.check(userId);
    }, this.graceMs);
    timer.unref();
    this.timers.set(userId, timer);
  }

  private async check(userId: number): Promise<void> {
    if (this.stopped || !this.countSockets) return;
    let open: number;
    try {
      open = await this.countSockets(userId);
    } catch (err) {
      // A node that does not answer may hold their socket: ask again after another grace rather than guess.
      this.logger.warn({ err: (err as Error).message, userId }, 'presence: cannot count sockets; checking again later');
      this.later(userId);
      return;
    }
    if (open > 0 || this.stopped) return;
    this.logger.info({ userId }, 'presence: no browser left after the grace: offline');
    await this.agents.signOff(userId).catch((err: Error) => this.logger.error({ err: err.message, userId }, 'presence: cannot make offline'));
  }
}
