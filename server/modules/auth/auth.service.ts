import { transaction } from '../../db/transaction';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { SessionEntity, UserEntity, type UserRow } from '../../db/entities';
import { unauthorized } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from './actor';
import { TooManyAttempts, type LoginAttempt, type LoginThrottle } from './login-throttle';
import { normalizeLogin } from './login-name';
import { ignoredSessionEvents, type SessionEvents } from './session-events';
import { DUMMY_HASH, verifyPassword } from './password';
import { toUserView, type UserView } from '../users/user.view';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type LoginResult = { token: string; expiresAt: Date; user: UserView };
export type SessionContext = { user: UserRow; actor: Omit<Actor, 'ip'>; sessionId: number; expiresAt: Date };

/**
 * Sessions: a random 256-bit token goes to the client (cookie and bearer); only its SHA-256 is stored,
 * so a leaked database holds no usable token. Logout sets revoked_at; expiry is absolute.
 */
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly sessionTtlMs: number,
    /** Told when sessions end, so live connections end with them. */
    private readonly sessions: SessionEvents = ignoredSessionEvents,
  ) {}

  /**
   * Signs in. The login is normalized first (one account, one counter, whatever the Unicode spelling); the
   * attempt is counted before the password is checked; failures and lockouts go to the audit log (the
   * login tried, the reason, the address; never the password).
   */
  async login(rawLogin: string, password: string, ip: string, userAgent: string | null): Promise<LoginResult> {
    const login = normalizeLogin(rawLogin).slice(0, 100);
    let attempt: LoginAttempt;
    try {
      attempt = await this.throttle.begin(login, ip);
    } catch (err) {
      if (err instanceof TooManyAttempts && err.lockout) await this.auditAuth('lockout', login, ip, { scope: err.lockout, ...(err.details as object) });
      throw err;
    }
    if (attempt.lockout) await this.auditAuth('lockout', login, ip, { scope: attempt.lockout });
    let user: UserRow | null;
    let ok: boolean;
    try {
      user = login.length <= 64 ? await this.ds.getRepository(UserEntity).findOneBy({ login }) : null;
      ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    } catch (err) {
      await attempt.abandoned();
      throw err;
    }
    if (!user || !ok || !user.active) {
      const reason = !user ? 'unknown_login' : !ok ? 'wrong_password' : 'inactive';
      await this.auditAuth('login_failed', login, ip, { reason, ...(user && { userId: user.id }) });
      throw unauthorized('Wrong login or password');
    }
    await attempt.succeeded();
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await transaction(this.ds, async (em) => {
      await em.insert(SessionEntity, { tokenHash: hashToken(token), userId: user.id, createdAt: now, expiresAt, revokedAt: null, ip, userAgent: userAgent?.slice(0, 255) ?? null });
      await this.audit.record(em, { userId: user.id, role: user.role, ip }, 'login', 'user', user.id, null, null);
    });
    return { token, expiresAt, user: toUserView(user) };
  }

  /** The live session behind a token, or null when it is unknown, expired or revoked. */
  async resolve(token: string): Promise<SessionContext | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const session = await this.ds.getRepository(SessionEntity).findOneBy({ tokenHash: hashToken(token), revokedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    if (!session) return null;
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id: session.userId });
    if (!user || !user.active) return null;
    return { user, actor: { userId: user.id, role: user.role }, sessionId: session.id, expiresAt: session.expiresAt };
  }

  async logout(sessionId: number, actor: Actor): Promise<void> {
    await transaction(this.ds, async (em) => {
      await em.update(SessionEntity, { id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(em, actor, 'logout', 'user', actor.userId, null, null);
    });
    this.sessions.sessionEnded(sessionId);
  }

  /** What a live connection needs to know of its session: the holder's current role, or null once it is over. */
  async liveRole(sessionId: number): Promise<UserRow['role'] | null> {
    const session = await this.ds.getRepository(SessionEntity).findOneBy({ id: sessionId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    const user = session && (await this.ds.getRepository(UserEntity).findOneBy({ id: session.userId }));
    return user && user.active ? user.role : null;
  }

  private async auditAuth(action: 'login_failed' | 'lockout', login: string, ip: string, after: Record<string, unknown>): Promise<void> {
    await this.audit.record(this.ds.manager, null, action, 'auth', login.slice(0, 64), null, { login: login.slice(0, 64), ...after }, ip);
  }

  /** Ends every session of a user: on deactivation or a password change. */
  async revokeAll(userId: number): Promise<void> {
    await this.ds.getRepository(SessionEntity).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.sessions.userSessionsEnded(userId);
  }
}
