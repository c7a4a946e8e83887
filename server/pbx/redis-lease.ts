import type { Redis } from 'ioredis';

// Compare-and-act, atomically in Redis: only the owner renews or releases (an expired lease may be
// someone else's by now).
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
// Renew what is ours; take back at once what nobody holds (it expired while Redis was out of reach, or
// Redis lost its data): only another owner's token there means we lost it.
const KEEP = [
  "local v = redis.call('get', KEYS[1])",
  "if v == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end",
  "if not v then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end",
  'return 0',
].join('\n');

/** What keep() found: `renewed` (still ours), `retaken` (it was free, it is ours again), `lost` (another owner's). */
export type KeepResult = 'renewed' | 'retaken' | 'lost';

/** A lease in Redis: one owner at a time, for `ttlMs` unless renewed. */
export class RedisLease {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  async acquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** False when the lease expired and may belong to another owner now. */
  async renew(): Promise<boolean> {
    return Number(await this.redis.eval(RENEW, 1, this.key, this.owner, String(this.ttlMs))) === 1;
  }

  /**
   * For a holder that may have been out of touch: renews the lease, or takes it again if nobody holds it.
   * Only another owner's token means someone else took over.
   */
  async keep(): Promise<KeepResult> {
    const r = Number(await this.redis.eval(KEEP, 1, this.key, this.owner, String(this.ttlMs)));
    return r === 1 ? 'renewed' : r === 2 ? 'retaken' : 'lost';
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.owner);
  }

  /** Who holds it now, if anyone. */
  holder(): Promise<string | null> {
    return this.redis.get(this.key);
  }
}
