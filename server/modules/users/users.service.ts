import { transaction } from '../../db/transaction';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { SessionEntity, TeamEntity, UserEntity, type Role, type UserRow } from '../../db/entities';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, outranks, type Actor } from '../auth/actor';
import { hashPassword, verifyPassword } from '../auth/password';
import { normalizeLogin } from '../auth/login-name';
import { assertPasswordPolicy } from '../auth/password-policy';
import { ignoredSessionEvents, type SessionEvents } from '../auth/session-events';
import { toUserView, type UserView } from './user.view';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput } from './users.schemas';

export type DirectoryEntry = { id: number; name: string; role: Role; extension: string | null; teamId: number | null; active: boolean };

const SELF_SERVICE = new Set(['name', 'locale', 'password', 'currentPassword']);

/**
 * Admins manage everyone; managers manage the roles below their own; supervisors and operators manage
 * nobody (a supervisor setting an operator's password or extension would take the account over).
 */
function assertMayManage(actor: Actor, role: Role) {
  if (actor.role === 'admin') return;
  if (!hasRole(actor.role, 'manager')) throw forbidden('Only managers and admins manage users');
  if (!outranks(actor.role, role)) throw forbidden(`A ${actor.role} cannot manage a ${role}`);
}

export class UsersService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    /** Told when extensions may have changed, so calls map to the right operator at once. */
    private readonly onExtensionsChanged: () => void = () => undefined,
    /** Told when a change ends the user's sessions or changes what they may see, so live sockets follow. */
    private readonly sessions: SessionEvents = ignoredSessionEvents,
  ) {}

  async list(q: ListUsersQuery): Promise<{ items: UserView[]; total: number }> {
    const where = { ...(q.role && { role: q.role }), ...(q.teamId && { teamId: q.teamId }), ...(q.active !== undefined && { active: q.active }) };
    const [rows, total] = await this.ds.getRepository(UserEntity).findAndCount({ where, order: { name: 'ASC' } });
    return { items: rows.map(toUserView), total };
  }

  async directory(): Promise<{ items: DirectoryEntry[]; total: number }> {
    const rows = await this.ds.getRepository(UserEntity).find({ order: { name: 'ASC' } });
    return { items: rows.map((u) => ({ id: u.id, name: u.name, role: u.role, extension: u.extension, teamId: u.teamId, active: Boolean(u.active) })), total: rows.length };
  }

  /** Operators with their live state, for the floor view. */
  async directoryWithState(): Promise<{ items: (DirectoryEntry & { state: string; stateSince: string })[] }> {
    const rows = await this.ds.getRepository(UserEntity).find({ where: { role: 'operator', active: true }, order: { name: 'ASC' } });
    return { items: rows.map((u) => ({ id: u.id, name: u.name, role: u.role, extension: u.extension, teamId: u.teamId, active: true, state: u.state, stateSince: u.stateSince.toISOString() })) };
  }

  async get(id: number): Promise<UserView> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw notFound('User');
    return toUserView(user);
  }

  async create(actor: Actor | null, input: CreateUserInput): Promise<UserView> {
    if (actor) assertMayManage(actor, input.role);
    const login = normalizeLogin(input.login);
    assertPasswordPolicy(input.password, { login, name: input.name });
    const passwordHash = await hashPassword(input.password);
    return transaction(this.ds, async (em) => {
      await this.assertFree(em, login, input.extension ?? null, null);
      if (input.teamId) await this.assertTeam(em, input.teamId);
      const now = new Date();
      const row: Omit<UserRow, 'id'> = {
        login,
        passwordHash,
        name: input.name,
        role: input.role,
        extension: input.extension ?? null,
        teamId: input.teamId ?? null,
        state: 'offline',
        stateSince: now,
        locale: input.locale ?? null,
        active: true,
        createdAt: now,
        updatedAt: now,
      };
      // Two creations of one login at once: the unique index decides, and the loser gets the same 409.
      const { identifiers } = await em.insert(UserEntity, row).catch((err: unknown) => {
        if (isLoginTaken(err)) throw conflict('This login is taken');
        throw err;
      });
      const created = await em.findOneByOrFail(UserEntity, { id: identifiers[0]!.id as number });
      await this.audit.record(em, actor, 'create', 'user', created.id, null, toUserView(created));
      return toUserView(created);
    }).finally(() => this.onExtensionsChanged());
  }

  async update(actor: Actor, id: number, input: UpdateUserInput): Promise<UserView> {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    let sessionsEnd: 'all' | 'role' | null = null;
    return transaction(this.ds, async (em) => {
      const user = await em.findOneBy(UserEntity, { id });
      if (!user) throw notFound('User');
      const self = actor.userId === id;
      // People keep their own name, language and password; everything else is for those who manage them.
      if (!self || Object.keys(input).some((k) => !SELF_SERVICE.has(k))) assertMayManage(actor, user.role);
      if (input.role) assertMayManage(actor, input.role);
      if (self && (input.role || input.active === false)) throw badRequest('You cannot change your own role or deactivate yourself');
      if (self && passwordHash && !(input.currentPassword && (await verifyPassword(input.currentPassword, user.passwordHash)))) {
        throw new AppError(403, 'forbidden', 'Give your current password to set a new one');
      }
      if (input.password) assertPasswordPolicy(input.password, { login: user.login, name: input.name ?? user.name });
      if (input.extension !== undefined) await this.assertFree(em, null, input.extension, id);
      if (input.teamId) await this.assertTeam(em, input.teamId);
      const { password: _pw, currentPassword: _current, ...fields } = input;
      await em.update(UserEntity, { id }, { ...fields, ...(passwordHash && { passwordHash }), updatedAt: new Date() });
      if (passwordHash || input.active === false) {
        await em.update(SessionEntity, { userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
        sessionsEnd = 'all';
      }
      const after = await em.findOneByOrFail(UserEntity, { id });
      if (after.role !== user.role) sessionsEnd ??= 'role';
      const afterView = { ...toUserView(after), ...(passwordHash && { passwordChanged: true }) };
      await this.audit.record(em, actor, 'update', 'user', id, toUserView(user), afterView);
      // A role change is a security event of its own: findable in the log without reading every update.
      if (after.role !== user.role) await this.audit.record(em, actor, 'role_change', 'user', id, { role: user.role }, { role: after.role });
      return toUserView(after);
    })
      .then((view) => {
        // Committed: live sockets of ended sessions are cut, and a new role takes effect on them at once.
        if (sessionsEnd === 'all') this.sessions.userSessionsEnded(id);
        else if (sessionsEnd === 'role') this.sessions.roleChanged(id);
        return view;
      })
      .finally(() => this.onExtensionsChanged());
  }

  /** Creates the first admin from ADMIN_LOGIN/ADMIN_PASSWORD when the database has no users at all. */
  async ensureFirstAdmin(admin: { login: string; password: string } | undefined): Promise<'created' | 'exists' | 'none'> {
    if ((await this.ds.getRepository(UserEntity).count()) > 0) return 'exists';
    if (!admin) return 'none';
    await this.create(null, { login: admin.login, password: admin.password, name: 'Administrator', role: 'admin' });
    return 'created';
  }

  private async assertFree(em: EntityManager, login: string | null, extension: string | null, selfId: number | null) {
    if (login) {
      const other = await em.findOneBy(UserEntity, { login });
      if (other) throw conflict('This login is taken', { userId: other.id });
    }
    if (extension) {
      const other = await em.findOneBy(UserEntity, { extension });
      if (other && other.id !== selfId) throw conflict(`Extension ${extension} belongs to another user`, { userId: other.id });
    }
  }

  private async assertTeam(em: EntityManager, teamId: number) {
    if (!(await em.existsBy(TeamEntity, { id: teamId }))) throw badRequest(`Team ${teamId} does not exist`);
  }
}

/** A unique-index violation on users.login (MySQL/MariaDB or SQLite). */
function isLoginTaken(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string; message?: string } };
  const code = e.driverError?.code ?? e.code ?? '';
  const message = e.driverError?.message ?? e.message ?? '';
  return (code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT')) && /login/i.test(message);
}
