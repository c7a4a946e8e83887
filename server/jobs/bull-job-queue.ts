import Bull from 'bull';
import type { Queue } from 'bull';
import type { Logger } from '../logging/logger';
import type { JobHandler, JobQueue } from './job-queue';

/**
 * Bull's lock and stall settings, stated: a worker renews its job's lock every 15 s and holds it 30 s;
 * a job whose worker died is found stalled within 15 s and run again (at most twice), instead of after
 * the ~60 s of bull's defaults. Handlers are idempotent, so a second run changes nothing.
 */
const DEFAULT_NAME = '__default__';
const SETTINGS = { lockDuration: 30_000, lockRenewTime: 15_000, stalledInterval: 15_000, maxStalledCount: 2 };

/** The scale-out queue: bull on Redis, one bull queue per job name, delayed jobs keyed by id. */
export class BullJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Bull(name, this.redisUrl, { prefix: `${this.prefix}:bull`, settings: SETTINGS, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 1000 } } });
      q.on('error', (err) => this.logger.warn({ err: err.message, queue: name }, 'job queue error'));
      q.on('failed', (job, err) => this.logger.error({ err: err.message, queue: name, jobId: job.id }, 'job failed'));
      this.queues.set(name, q);
    }
    return q;
  }

  process<T>(name: string, handler: JobHandler<T>): void {
    void this.queue(name).process(4, async (job) => handler(job.data as T));
  }

  async schedule<T>(name: string, jobId: string, payload: T, runAt: Date): Promise<void> {
    const q = this.queue(name);
    // Bull ignores an add whose id exists: replacing means removing first (a job already running keeps running).
    await (await q.getJob(jobId))?.remove().catch(() => undefined);
    // The name is explicit: bull takes a string first argument as a job name, not as the payload.
    await q.add(DEFAULT_NAME, payload, { jobId, delay: Math.max(0, runAt.getTime() - Date.now()) });
  }

  async cancel(name: string, jobId: string): Promise<void> {
    await (await this.queue(name).getJob(jobId))?.remove().catch(() => undefined);
  }

  async repeat<T>(name: string, everyMs: number, payload: T): Promise<void> {
    await this.queue(name).add(DEFAULT_NAME, payload, { repeat: { every: everyMs }, jobId: `repeat:${name}` });
  }

  async pending(name: string): Promise<number> {
    const counts = await this.queue(name).getJobCounts();
    return counts.waiting + counts.delayed + counts.active;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
