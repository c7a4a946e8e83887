import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { PbxConnectionState } from '../../../telephony/call-event';

export type ComponentState = { status: 'up' | 'down' | 'disabled'; detail?: string };
export type PbxState = { mode: 'asterisk' | 'twilio' | 'asterisk+twilio' | 'demo' | 'none'; status: PbxConnectionState | 'disabled'; detail?: string };
export type Readiness = { ready: boolean; database: ComponentState; redis: ComponentState; pbx: PbxState };

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

/** What /readyz reports: the database and Redis are pinged; the PBX reports its own connection state. */
export class HealthService {
  constructor(
    private readonly ds: DataSource,
    private readonly redis: Redis | undefined,
    /** The PBX link's own report (also read by /metrics). */
    readonly pbxState: () => PbxState,
  ) {}

  /**
   * What anyone may see: states only. Details (driver errors, the PBX's detail) can name internal hosts and
   * addresses, so they stay in the server's log.
   */
  async publicReadiness(): Promise<{ readiness: Readiness; details: Record<string, string> }> {
    const { ready, database, redis, pbx } = await this.readiness();
    const details = Object.fromEntries(Object.entries({ database, redis, pbx }).flatMap(([name, c]) => (c.detail ? [[name, c.detail]] : [])));
    return { readiness: { ready, database: { status: database.status }, redis: { status: redis.status }, pbx: { mode: pbx.mode, status: pbx.status } }, details };
  }

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.check(() => this.ds.query('SELECT 1')), this.redis ? this.check(() => this.redis!.ping()) : Promise.resolve<ComponentState>({ status: 'disabled' })]);
    const pbx = this.pbxState();
    return { ready: database.status === 'up' && redis.status !== 'down', database, redis, pbx };
  }

  private async check(ping: () => Promise<unknown>): Promise<ComponentState> {
    try {
      await withTimeout(ping(), 2000);
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', detail: (err as Error).message.slice(0, 200) };
    }
  }
}
