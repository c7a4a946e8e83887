import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { AppError } from '../../http/errors';

/** Failed logins allowed per account and address, and per address across accounts, per window. */
const PER_ACCOUNT = { points: 5, duration: 15 * 60, blockDuration: 15 * 60 };
const PER_ADDRESS = { points: 50, duration: 60 * 60, blockDuration: 60 * 60 };

/**
 * Slows password guessing: counts failed logins per (login, address) and per address, in memory on a
 * single node or in Redis when the nodes share one, and refuses with 429 once a budget is spent.
 */
export class LoginThrottle {
  private readonly perAccount: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(redis?: Redis, prefix = 'hotline') {
    this.perAccount = redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:login_fail_account`, ...PER_ACCOUNT })
      : new RateLimiterMemory({ keyPrefix: 'login_fail_account', ...PER_ACCOUNT });
    this.perAddress = redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:login_fail_ip`, ...PER_ADDRESS })
      : new RateLimiterMemory({ keyPrefix: 'login_fail_ip', ...PER_ADDRESS });
  }

  private static accountKey(login: string, ip: string) {
    return `${login.toLowerCase()}|${ip}`;
  }

  /** Throws 429 when either budget is already spent. */
  async check(login: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.perAccount.get(LoginThrottle.accountKey(login, ip)), this.perAddress.get(ip)]);
    const blocked = [
      [account, PER_ACCOUNT.points],
      [address, PER_ADDRESS.points],
    ].filter(([res, points]) => res && (res as RateLimiterRes).consumedPoints >= (points as number)) as [RateLimiterRes, number][];
    if (blocked.length > 0) {
      const retryAfter = Math.ceil(Math.max(...blocked.map(([res]) => res.msBeforeNext)) / 1000);
      throw new AppError(429, 'too_many_attempts', 'Too many failed sign-in attempts; try again later', { retryAfterSeconds: retryAfter });
    }
  }

  async failed(login: string, ip: string): Promise<void> {
    await Promise.all([
      this.perAccount.penalty(LoginThrottle.accountKey(login, ip), 1),
      this.perAddress.penalty(ip, 1),
    ]);
  }

  async succeeded(login: string, ip: string): Promise<void> {
    await this.perAccount.delete(LoginThrottle.accountKey(login, ip));
  }
}
