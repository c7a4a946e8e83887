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

/**
 * The scale-out queue: bull on Redis, one bull queue per job name, delayed jobs keyed by id.
 *
 * A handler may schedule its own job id again (a routed callback gets its next timer from inside the
 * routing job). Bull cannot do that directly: the running job is locked, so removing it fails, and an add
 * under an id that exists is ignored; the new timer would be lost. So while a job runs here, scheduling its
 * id is held back and done once bull has completed (and removed) it.
 */
export class BullJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();
  /** Jobs running in this process, by name and id, with what was scheduled for their id meanwhile. */
  private readonly running = new Map<string, { run: object; next: { payload: unknown; runAt: Date } | null }>();

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    /** Jobs of one queue run at once per node: they wait on the database and Redis, not on the CPU. */
    private readonly concurrency = 32,
  ) {}

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Bull(name, this.redisUrl, { prefix: `${this.prefix}:bull`, settings: SETTINGS, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 1000 } } });
      q.on('error', (err) => this.logger.warn({ err: err.message, queue: name }, 'job queue error'));
      q.on('failed', (job, err) => {
        this.logger.error({ err: err.message, queue: name, jobId: job.id }, 'job failed');
        this.finished(name, String(job.id), false); // retried by bull, or left to the sweep
      });
      q.on('completed', (job) => this.finished(name, String(job.id), true));
      this.queues.set(name, q);
    }
    return q;
  }

  process<T>(name: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    void this.queue(name).process(options.concurrency ?? this.concurrency, async (job) => {
      const id = String(job.id);
      const run = {};
      this.running.set(key(name, id), { run, next: null });
      try {
        await handler(job.data as T);
      } finally {
        // Normally 'completed' or 'failed' ends the hold-back; when bull lost the job's lock it emits neither,
        // and the id would stay held back (its schedules swallowed) forever.
        setTimeout(() => this.running.get(key(name, id))?.run === run && this.finished(name, id, true), SETTINGS.lockDuration).unref();
      }
    });
  }

  async schedule<T>(name: string, jobId: string, payload: T, runAt: Date): Promise<void> {
    const running = this.running.get(key(name, jobId));
    if (running) {
      running.next = { payload, runAt };
      return;
    }
    const q = this.queue(name);
    // Bull ignores an add whose id exists: replacing means removing first (a job already running keeps running).
    await (await q.getJob(jobId))?.remove().catch(() => undefined);
    // The name is explicit: bull takes a string first argument as a job name, not as the payload.
    await q.add(DEFAULT_NAME, payload, { jobId, delay: Math.max(0, runAt.getTime() - Date.now()) });
  }

  async cancel(name: string, jobId: string): Promise<void> {
    const running = this.running.get(key(name, jobId));
    if (running) running.next = null;
    await (await this.queue(name).getJob(jobId))?.remove().catch(() => undefined);
  }

  async repeat<T>(name: string, everyMs: number, payload: T): Promise<void> {
    await this.queue(name).add(DEFAULT_NAME, payload, { repeat: { every: everyMs }, jobId: `repeat:${name}` });
  }

  async pending(name: string): Promise<number> {
    const counts = await this.queue(name).getJobCounts();
    return counts.waiting + counts.delayed + counts.active;
  }

  /** A job of this process is done: what was scheduled for its id while it ran is added now. */
  private finished(name: string, jobId: string, completed: boolean): void {
    const next = this.running.get(key(name, jobId))?.next;
    this.running.delete(key(name, jobId));
    if (next && completed) void this.schedule(name, jobId, next.payload, next.runAt).catch((err: Error) => this.logger.warn({ err: err.message, queue: name, jobId }, 'rescheduling failed'));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

const key = (name: string, jobId: string) => `${name}\u0000${jobId}`;
