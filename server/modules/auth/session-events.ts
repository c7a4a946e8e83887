/**
 * How the domain tells live connections that a session is over or no longer means what it meant,
 * without knowing about Socket.IO (`realtime/` implements it; tests may pass a recorder).
 * Called after the change is committed. Implementations must act on every node (a socket may be
 * connected to another one) and at once on this one.
 */
export type SessionEvents = {
  /** One session ended (logout): its connections are cut. */
  sessionEnded(sessionId: number): void;
  /** Every session of the user ended (password change, deactivation): all their connections are cut. */
  userSessionsEnded(userId: number): void;
  /** The user's role changed while their sessions live on: no connection may keep the old role's rooms or rights. */
  roleChanged(userId: number): void;
};

export const ignoredSessionEvents: SessionEvents = { sessionEnded: () => undefined, userSessionsEnded: () => undefined, roleChanged: () => undefined };

/** Session events whose target is set later (the Socket.IO server exists only once HTTP listens). */
export class LateSessionEvents implements SessionEvents {
  private target: SessionEvents = ignoredSessionEvents;

  attach(target: SessionEvents): void {
    this.target = target;
  }

  sessionEnded(sessionId: number): void {
    this.target.sessionEnded(sessionId);
  }

  userSessionsEnded(userId: number): void {
    this.target.userSessionsEnded(userId);
  }

  roleChanged(userId: number): void {
    this.target.roleChanged(userId);
  }
}
