/**
 * Per-user and per-socket limits of the realtime gateway: a browser has a handful of tabs and sends a
 * few commands a second; anything far beyond that is a bug or an attack, and must not starve the node.
 */
export type SocketLimits = {
  /** Sockets one user may hold open on one node (tabs, devices); the next handshake is refused. */
  connectionsPerUser: number;
  /** Events a socket may send per second, sustained (token bucket refill rate). */
  eventsPerSecond: number;
  /** Events a socket may send at once (token bucket size). */
  eventBurst: number;
  /** Events dropped for the rate beyond which the socket is cut (refilled at eventsPerSecond). */
  floodTolerance: number;
};

export const DEFAULT_SOCKET_LIMITS: SocketLimits = { connectionsPerUser: 10, eventsPerSecond: 20, eventBurst: 20, floodTolerance: 60 };

/**
 * A token bucket, synchronous so that events keep their order: `take` spends one token, refilled
 * continuously at `perSecond` up to `capacity`.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = capacity;
    this.at = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Live sockets per user on this node. `acquire` returns the release function of a new slot, or null
 * when the user holds the maximum already; release is idempotent (call it on every way out).
 */
export class ConnectionCounter {
  private readonly perUser = new Map<number, number>();

  constructor(private readonly max: number) {}

  acquire(userId: number): (() => void) | null {
    const held = this.perUser.get(userId) ?? 0;
    if (held >= this.max) return null;
    this.perUser.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
    };
  }

  count(userId: number): number {
    return this.perUser.get(userId) ?? 0;
  }
}
