import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { isIPv6 } from 'node:net';
import { AppError } from '../../http/errors';

export type ThrottleLimits = {
  /** Attempts per (account, address): strict. A success clears it. */
  pair: { points: number; seconds: number };
  /** Attempts per address over every account it tries: broad, so one office behind one NAT still signs in. */
  address: { points: number; seconds: number };
  /** Attempts per account from addresses it never signed in from: free ones, then exponential backoff. */
  account: { free: number; seconds: number; firstDelaySeconds: number; maxDelaySeconds: number };
  /** How long a successful sign-in makes its (account, address) pair "known". */
  knownSeconds: number;
};

/** Defaults, as documented in the README. */
export const DEFAULT_LIMITS: ThrottleLimits = {
  pair: { points: 5, seconds: 15 * 60 },
  address: { points: 100, seconds: 60 * 60 },
  account: { free: 10, seconds: 24 * 3600, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60 },
  // Three weeks: the in-memory store's timers cannot go past 24.8 days (2^31 ms).
  knownSeconds: 21 * 24 * 3600,
};

export type LockoutScope = 'account_address' | 'account' | 'address';

/** 429; `lockout` is set on the one refusal that started a lockout, so it is audited once. */
export class TooManyAttempts extends AppError {
  constructor(
    retryAfterSeconds: number,
    readonly lockout: LockoutScope | null,
  ) {
    super(429, 'too_many_attempts', 'Too many failed sign-in attempts; try again later', { retryAfterSeconds: Math.max(1, retryAfterSeconds) });
  }
}

/** The counters' store (Redis) did not answer in time: sign-in fails fast instead of hanging. */
export const throttleUnavailable = () => new AppError(503, 'service_unavailable', 'Sign-in is unavailable for a moment; try again shortly');

/** What the caller reports once the password was checked. */
export type LoginAttempt = {
  /** 'account' when this attempt started the account's backoff (audited once). */
  readonly lockout: LockoutScope | null;
  succeeded(): Promise<void>;
  /** The attempt ended before a password was checked (an error): its points are given back. */
  abandoned(): Promise<void>;
};

/**
 * What the budgets count per: an IPv4 address as it is; an IPv6 address by its /64, the block one
 * subscriber gets (an attacker owns 2^64 addresses of it; a user's privacy address changes inside it).
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  const address = ip.split('%')[0]!;
  if (!isIPv6(address)) return ip;
  const [left, right] = address.includes('::') ? address.split('::') : [address, undefined];
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const tailGroups = tail.length + (tail.at(-1)?.includes('.') ? 1 : 0);
  const groups = right === undefined ? head : [...head, ...Array<string>(Math.max(0, 8 - head.length - tailGroups)).fill('0'), ...tail];
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

/** Redis keys of one login, for tools that clear them (reset-admin). */
export const throttleKeyPrefixes = (prefix: string) => ({
  pair: `${prefix}:login_pair`,
  address: `${prefix}:login_ip`,
  account: `${prefix}:login_account`,
  gate: `${prefix}:login_gate`,
  known: `${prefix}:login_known`,
});

/**
 * Slows password guessing. Every attempt is counted before its password is checked, atomically (one
 * Lua INCR in Redis, one synchronous step in memory), so guesses sent at once cannot all slip under the
 * limit. Three budgets, the classic layout:
 * - per (account, address), strict: 5 per 15 minutes, then 15 minutes' block;
 * - per address, broad: 100 per hour (behind a reverse proxy only with TRUST_PROXY, else every client
 *   shares the proxy's address);
 * - per account, from addresses it has not signed in from: 10 free, then one check at a time with a
 *   delay that doubles each time up to 15 minutes. A pair that signed in within 3 weeks is "known" and
 *   skips the account and address budgets, so an attacker elsewhere cannot lock a user out of their
 *   usual desk; only the strict pair budget applies to it.
 * Counters live in memory on a single node, in Redis when nodes share one. Redis calls have a deadline
 * and are refused at once while Redis is disconnected, so an outage answers 503 rather than hanging.
 */
export class LoginThrottle {
  private readonly pair: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly gate: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;
  private readonly limits: ThrottleLimits;
  private readonly deadlineMs: number;

  constructor(redis?: Redis, prefix = 'hotline', options: { limits?: Partial<ThrottleLimits>; deadlineMs?: number } = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.deadlineMs = options.deadlineMs ?? 1000;
    const keys = throttleKeyPrefixes(prefix);
    const make = (keyPrefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, blockDuration, rejectIfRedisNotReady: true })
        : new RateLimiterMemory({ keyPrefix, points, duration, blockDuration });
    const { pair, address, account } = this.limits;
    this.pair = make(keys.pair, pair.points, pair.seconds, pair.seconds);
    this.address = make(keys.address, address.points, address.seconds, address.seconds);
    // Counts checks from unknown addresses; never refuses by itself (the gate does).
    this.account = make(keys.account, Number.MAX_SAFE_INTEGER, account.seconds);
    // One check per backoff window: the first consume of a window passes, the rest are refused.
    this.gate = make(keys.gate, 1, account.maxDelaySeconds);
    this.known = make(keys.known, 1, this.limits.knownSeconds);
  }

  /**
   * Counts one attempt of `login` (normalized) from `ip` before its password is checked. Throws
   * TooManyAttempts (429) when a budget is spent, or 503 when the store cannot answer.
   */
  async begin(login: string, clientIp: string): Promise<LoginAttempt> {
    const ip = addressKey(clientIp);
    const pairKey = `${login}|${ip}`;
    const known = (await this.store(this.known.get(pairKey))) !== null;
    const taken: [RateLimiterAbstract, string][] = [];
    let lockout: LockoutScope | null = null;
    try {
      await this.take(this.pair, pairKey, 'account_address', this.limits.pair.points);
      taken.push([this.pair, pairKey]);
      if (!known) {
        await this.take(this.address, ip, 'address', this.limits.address.points);
        taken.push([this.address, ip]);
        const checks = await this.take(this.account, login, 'account', Number.MAX_SAFE_INTEGER);
        taken.push([this.account, login]);
        const beyond = checks - this.limits.account.free;
        if (beyond > 0) {
          const delay = Math.min(this.limits.account.firstDelaySeconds * 2 ** (beyond - 1), this.limits.account.maxDelaySeconds);
          const gate = await this.consume(this.gate, login, delay);
          if (gate.consumedPoints > 1) throw new TooManyAttempts(Math.ceil(gate.msBeforeNext / 1000), null);
          // The first check past the free ones starts the backoff: that is the account's lockout.
          if (beyond === 1) lockout = 'account';
        }
      }
    } catch (err) {
      // Refused or failed before any password was checked: what this attempt took is given back.
      await this.giveBack(taken);
      throw err;
    }
    return {
      lockout,
      succeeded: async () => {
        // Best effort: the user is in; bookkeeping that misses (Redis gone this instant) must not undo that.
        await Promise.all([
          this.store(this.pair.delete(pairKey)),
          ...(known ? [] : [this.store(this.address.reward(ip, 1)), this.store(this.account.reward(login, 1))]),
          this.store(this.known.set(pairKey, 1, this.limits.knownSeconds)),
        ]).catch(() => undefined);
      },
      abandoned: () => this.giveBack(taken),
    };
  }

  /** Consumes one point; returns the count after it, or throws TooManyAttempts past `points`. */
  private async take(limiter: RateLimiterAbstract, key: string, scope: LockoutScope, points: number): Promise<number> {
    const res = await this.consume(limiter, key);
    if (res.consumedPoints > points) {
      // Exactly one attempt sees the count step over the limit: that one reports the lockout.
      throw new TooManyAttempts(Math.ceil(res.msBeforeNext / 1000), res.consumedPoints === points + 1 ? scope : null);
    }
    return res.consumedPoints;
  }

  /** One atomic increment; resolves with the count whether or not it went over the limiter's points. */
  private consume(limiter: RateLimiterAbstract, key: string, customDuration?: number): Promise<RateLimiterRes> {
    const work = limiter.consume(key, 1, customDuration === undefined ? {} : { customDuration }).catch((res: unknown) => {
      if (res instanceof RateLimiterRes) return res;
      throw res;
    });
    return this.store(work);
  }

  private async giveBack(taken: [RateLimiterAbstract, string][]): Promise<void> {
    await Promise.all(taken.map(([limiter, key]) => this.store(limiter.reward(key, 1)))).catch(() => undefined);
    taken.length = 0;
  }

  /** Every store call gets a deadline; a store error or a missed deadline is a 503. */
  private store<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(throttleUnavailable()), this.deadlineMs);
    });
    const guarded = work.catch((err: unknown) => {
      if (err instanceof RateLimiterRes || err instanceof AppError) throw err;
      throw throttleUnavailable();
    });
    return Promise.race([guarded, deadline]).finally(() => clearTimeout(timer));
  }
}

/** Deletes every throttle key of one login in Redis (every address it was tried from): reset-admin. */
export async function clearLoginThrottle(redis: Redis, prefix: string, login: string): Promise<number> {
  const keys = throttleKeyPrefixes(prefix);
  const glob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
  const found: string[] = [`${keys.account}:${login}`, `${keys.gate}:${login}`];
  for (const pattern of [`${keys.pair}:${glob(login)}|*`]) {
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      found.push(...batch);
    } while (cursor !== '0');
  }
  return found.length > 0 ? redis.del(...found) : 0;
}
