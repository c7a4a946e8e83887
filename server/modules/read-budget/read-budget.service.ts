import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Role } from '../../db/entities';
import { AppError } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import type { AuditEntityName, AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

/** The most rows a role may ask for in one page of a list; roles not named keep the list's own maximum. */
export const PAGE_LIMITS: Partial<Record<Role, number>> = { operator: 50 };
/** Rows a role may read through the lists (clients, calls, client cards) per window; managers and admins: no cap. */
export const READ_BUDGETS: Record<Role, number> = { operator: 2_000, supervisor: 20_000, manager: Infinity, admin: Infinity };
/** The budget's window: an hour from a user's first read. */
export const READ_WINDOW_SECONDS = 3600;
/** A `bulk_read` audit entry is written when a user's reads in the window reach this many rows, then at each doubling. */
export const BULK_READ_AUDIT_ROWS = 1_000;

export type ReadBudgetOptions = {
  /** Shared by every node when the deployment has Redis; in memory per node otherwise. */
  redis?: Redis;
  prefix?: string;
  budgets?: Partial<Record<Role, number>>;
  windowSeconds?: number;
  auditRows?: number;
  logger?: Logger;
};

/** What a list read is, for the budget's message and the audit entry. */
export type ReadKind = { entity: AuditEntityName; list: string; filters?: unknown };

/**
 * Caps and audits reading the base in bulk: how many rows each user reads through the lists per hour,
 * by role (an operator pages 50 at a time and 2,000 rows an hour; beyond it 429). Large reads of any
 * role leave a `bulk_read` entry in the audit log with the running count.
 */
export class ReadBudget {
  private readonly limiters = new Map<Role, RateLimiterAbstract>();
  private readonly budgets: Record<Role, number>;
  private readonly auditRows: number;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly opts: ReadBudgetOptions = {},
  ) {
    this.budgets = { ...READ_BUDGETS, ...opts.budgets };
    this.auditRows = opts.auditRows ?? BULK_READ_AUDIT_ROWS;
  }

  private limiter(role: Role): RateLimiterAbstract {
    let l = this.limiters.get(role);
    if (!l) {
      // Unlimited roles are still counted (for the audit), against a budget they cannot reach.
      const points = Number.isFinite(this.budgets[role]) ? this.budgets[role] : Number.MAX_SAFE_INTEGER;
      const duration = this.opts.windowSeconds ?? READ_WINDOW_SECONDS;
      const memory = new RateLimiterMemory({ keyPrefix: `read_budget_${role}`, points, duration });
      // With Redis down, a node counts on its own (the insurance limiter) rather than holding every list.
      l = this.opts.redis
        ? new RateLimiterRedis({ storeClient: this.opts.redis, keyPrefix: `${this.opts.prefix ?? 'hotline'}:read_budget_${role}`, points, duration, rejectIfRedisNotReady: true, insuranceLimiter: memory })
        : memory;
      this.limiters.set(role, l);
    }
    return l;
  }

  /** 400 when the page is larger than the role may ask for at once. */
  checkPage(actor: Actor, limit: number): void {
    const max = PAGE_LIMITS[actor.role];
    if (max !== undefined && limit > max) {
      throw new AppError(400, 'validation_failed', 'The request is not valid', [{ path: 'limit', message: `must be at most ${max} for your role` }]);
    }
  }

  /**
   * Reserves `rows` of the user's budget before a read (429 when they would go past it) and returns the
   * function to call afterwards with the rows really read: the rest of the reservation is given back,
   * and crossing an audit threshold writes a `bulk_read` entry.
   */
  async reserve(actor: Actor, rows: number, kind: ReadKind): Promise<(read: number) => Promise<void>> {
    const limiter = this.limiter(actor.role);
    const key = String(actor.userId);
    let consumed: number;
    try {
      consumed = (await limiter.consume(key, rows)).consumedPoints;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      // Refused: the reservation counted nonetheless; give it back so that smaller pages still fit.
      await limiter.reward(key, rows).catch(() => undefined);
      const budget = this.budgets[actor.role];
      const used = Math.max(0, Math.min(budget, err.consumedPoints - rows));
      const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError(
        429,
        'read_budget_exceeded',
        `You have read ${used} of the ${budget} rows your role may read per hour; this page would go past it. Try again in ${Math.ceil(retryAfterSeconds / 60)} min, or ask a manager for an export`,
        { retryAfterSeconds, used, budget, requested: rows },
      );
    }
    let settled = false;
    return async (read: number) => {
      if (settled) return;
      settled = true;
      const unused = Math.max(0, rows - read);
      const after = unused > 0 ? (await limiter.reward(key, unused)).consumedPoints : consumed;
      const before = after - read;
      if (read > 0 && this.crossed(before, after)) await this.recordBulkRead(actor, kind, after, read);
    };
  }

  /** True when going from `before` to `after` rows reaches the first threshold or one of its doublings. */
  private crossed(before: number, after: number): boolean {
    if (after < this.auditRows) return false;
    const level = (n: number) => (n < this.auditRows ? -1 : Math.floor(Math.log2(n / this.auditRows)));
    return level(after) > level(before);
  }

  private async recordBulkRead(actor: Actor, kind: ReadKind, rowsInWindow: number, page: number): Promise<void> {
    try {
      const budget = this.budgets[actor.role];
      await this.audit.record(this.ds.manager, actor, 'bulk_read', kind.entity, kind.list, null, {
        rows: rowsInWindow,
        windowMinutes: Math.round((this.opts.windowSeconds ?? READ_WINDOW_SECONDS) / 60),
        budget: Number.isFinite(budget) ? budget : null,
        lastPage: page,
        ...(kind.filters !== undefined && { filters: kind.filters }),
      });
    } catch (err) {
      // The rows were read already; a failed audit write must not fail the answer.
      this.opts.logger?.error({ err: (err as Error).message, userId: actor.userId }, 'cannot audit a bulk read');
    }
  }
}
