import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { AppError } from '../../http/errors';
import { addressKey } from '../auth/login-throttle';

export type LeadLimits = {
  /** Posts per sending address (an IPv6 address by its /64), whatever the token: a person sends a form once. */
  address: { points: number; seconds: number };
  /** Posts per lead source: a flood from many addresses cannot bury the floor in callbacks. */
  token: { points: number; seconds: number };
};

/** Defaults, as documented in the README. */
export const DEFAULT_LEAD_LIMITS: LeadLimits = {
  address: { points: 20, seconds: 10 * 60 },
  token: { points: 600, seconds: 60 * 60 },
};

export class TooManyLeads extends AppError {
  constructor(retryAfterSeconds: number) {
    super(429, 'too_many_requests', 'Too many submissions; try again later', { retryAfterSeconds: Math.max(1, retryAfterSeconds) });
  }
}

const unavailable = () => new AppError(503, 'service_unavailable', 'Lead capture is unavailable for a moment; try again shortly');

/**
 * Counts public lead posts the way the login throttle counts sign-ins (rate-limiter-flexible): in memory
 * on one node, in Redis when nodes share one; each post is counted atomically before anything is read, so
 * posts sent at once cannot all slip under the limit. A Redis call has a deadline; an outage is a 503.
 */
export class LeadThrottle {
  private readonly address: RateLimiterAbstract;
  private readonly token: RateLimiterAbstract;

  constructor(redis?: Redis, prefix = 'hotline', private readonly limits: LeadLimits = DEFAULT_LEAD_LIMITS, private readonly deadlineMs = 1000) {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, rejectIfRedisNotReady: true })
        : new RateLimiterMemory({ keyPrefix, points, duration });
    this.address = make(`${prefix}:lead_ip`, limits.address.points, limits.address.seconds);
    this.token = make(`${prefix}:lead_source`, limits.token.points, limits.token.seconds);
  }

  /** One post from `ip` (before the token is looked up: guessing tokens is throttled too). */
  fromAddress(ip: string): Promise<void> {
    return this.take(this.address, addressKey(ip));
  }

  /** One post to the lead source `sourceId`. */
  toSource(sourceId: number): Promise<void> {
    return this.take(this.token, String(sourceId));
  }

  private async take(limiter: RateLimiterAbstract, key: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable()), this.deadlineMs);
    });
    const work = limiter.consume(key, 1).then(
      () => undefined,
      (res: unknown) => {
        if (res instanceof RateLimiterRes) throw new TooManyLeads(Math.ceil(res.msBeforeNext / 1000));
        throw unavailable();
      },
    );
    await Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }
}
